#include "core/i18n/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Translations {

bool install(QCoreApplication &app, const QLocale &locale)
{
    // As gettext does: LC_ALL=C (or LANG=C) means the program's own words, whatever LANGUAGE
    // says; the man pages are made that way (packaging/make-manpage.sh).
    if (locale.language() == QLocale::C)
        return false;
    // Compiled in by core/CMakeLists.txt (qt_add_translations) under :/i18n.
    auto *own = new QTranslator(&app);
    const bool found = own->load(
        locale, QStringLiteral("scenarist"), QStringLiteral("_"), QStringLiteral(":/i18n"));
    if (found)
        QCoreApplication::installTranslator(own);
    else
        delete own;

    // Qt's own words (Cancel, OK, the --help option descriptions) from qt6-translations-l10n.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return found;
}

} // namespace Translations
