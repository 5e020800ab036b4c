#include "UiTestSupport.h"
#include "core/i18n/Translations.h"
#include "core/mapping/FieldTemplate.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

/// Scenarist in German, as someone whose system speaks German sees it (docs/translating.md):
/// the loader both programs call, then the window, core's messages and Qt's own buttons.
class TestGerman : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /// The letter after the & of a menu text, lower case; none when it has no shortcut.
    static QChar shortcutLetter(const QString &text)
    {
        for (int i = 0; i + 1 < text.size(); ++i) {
            if (text.at(i) != QLatin1Char('&'))
                continue;
            if (text.at(i + 1) == QLatin1Char('&')) {
                ++i;
                continue;
            }
            return text.at(i + 1).toLower();
        }
        return QChar();
    }

    /// Where two entries of @p actions share a shortcut letter, as "Datei: &Speichern, &Suchen".
    static QStringList collisions(const QString &where, const QList<QAction *> &actions)
    {
        QHash<QChar, QString> seen;
        QStringList found;
        for (QAction *action : actions) {
            if (action->isSeparator() || !action->isVisible())
                continue;
            const QChar letter = shortcutLetter(action->text());
            if (letter.isNull())
                continue;
            if (seen.contains(letter))
                found.append(where + QStringLiteral(": ") + seen.value(letter)
                    + QStringLiteral(", ") + action->text());
            seen.insert(letter, action->text());
        }
        return found;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        // As with LANG=de_DE.UTF-8: the same function the two programs' main() call.
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(Translations::install(*qApp));
    }

    void menusReadInGerman()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QStringList titles;
        for (QAction *action : window.menuBar()->actions())
            titles.append(action->text());
        QCOMPARE(titles.value(0), QStringLiteral("&Datei"));
        QVERIFY2(titles.contains(QStringLiteral("&Bearbeiten")), qPrintable(titles.join(u' ')));
        QVERIFY2(titles.contains(QStringLiteral("&Hilfe")), qPrintable(titles.join(u' ')));
        QVERIFY2(window.runOnceAction()->text() == QStringLiteral("&Einmal ausführen"),
            qPrintable(window.runOnceAction()->text()));

        // Alt+letter must reach one entry only, in the menu bar and in every menu.
        QStringList clashes = collisions(QStringLiteral("menu bar"), window.menuBar()->actions());
        for (QAction *action : window.menuBar()->actions()) {
            if (QMenu *menu = action->menu())
                clashes += collisions(menu->title(), menu->actions());
        }
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QStringLiteral("; "))));
    }

    void coreMessagesReadInGerman()
    {
        // A mistake in a mapping, as a module's field shows it.
        const FieldTemplate parsed = FieldTemplate::parse(QStringLiteral("{{lowr(\"A\")}}"));
        QVERIFY(!parsed.errors().isEmpty());
        QCOMPARE(parsed.errors().first().message,
            QStringLiteral("Unbekannte Funktion 'lowr'. Meinten Sie lower?"));

        // A module that fails in a run says why in German.
        const QString path = m_dir.filePath(QStringLiteral("bad-url.scenario.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "scenarist-scenario", "version": 1, "name": "Kaputt",
            "modules": [{"id": 1, "type": "http.request", "position": [0, 0],
                         "config": {"url": "kein Server", "method": "GET"}}]})");
        file.close();
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(path));
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(30000));
        const QString error = window.runner()->results().run(1).error;
        QVERIFY2(error.startsWith(QStringLiteral("Die URL „kein Server“ ist keine Webadresse.")),
            qPrintable(error));
    }

    void qtButtonsReadInGerman()
    {
        // Qt's own words come from qtbase_de.qm (qt6-translations-l10n).
        QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
    }
};

QTEST_MAIN(TestGerman)
#include "tst_german.moc"
