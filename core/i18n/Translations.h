#pragma once

#include <QLocale>

class QCoreApplication;

/// The program's own messages and Qt's (dialog buttons, --help) in the user's language
/// (docs/translating.md).
namespace Translations {

/// Installs into @p app the translators for @p locale: Scenarist's own, compiled into the
/// program, and Qt's qtbase from the system's Qt translations folder. A language with no
/// translation keeps English. QLocale() follows the system language (LANGUAGE, LC_ALL,
/// LC_MESSAGES, LANG) unless QLocale::setDefault chose another. Returns whether Scenarist's
/// own translation was found.
bool install(QCoreApplication &app, const QLocale &locale = QLocale());

} // namespace Translations
