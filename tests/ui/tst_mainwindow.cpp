#include "UiTestSupport.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/WelcomePage.h"
#include "ui/canvas/ScenarioScene.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDropEvent>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

/// The main window's file handling, first run, recovery and closing, as a person meets them.
class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    MainWindow::Options options() const { return UiTestSupport::windowOptions(m_dir, 100); }

    static void answerNextMessageBox(QMessageBox::StandardButton button, bool *asked)
    {
        UiTestSupport::answerNextMessageBox(button, asked);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void firstRunOffersTheExample()
    {
        MainWindow window(options());
        window.show();
        QVERIFY(window.isShowingWelcome());
        QVERIFY(!window.runOnceAction()->isEnabled());
        window.welcomePage()->openExampleButton()->click();
        QVERIFY(!window.isShowingWelcome());
        QCOMPARE(window.scenario()->modules().size(), 2);
        QVERIFY(window.sandbox()->isRunning());
        QVERIFY(window.runOnceAction()->isEnabled());

        // The example runs against the app's own sandbox.
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(window.runner()->results().status(2), ModuleRunStatus::Succeeded);
    }

    void newScenarioStartsEmpty()
    {
        MainWindow window(options());
        window.welcomePage()->newScenarioButton()->click();
        QVERIFY(!window.isShowingWelcome());
        QVERIFY(window.scenario()->modules().isEmpty());
        const ModuleId id = window.addModule();
        QCOMPARE(id, 1);
        QCOMPARE(window.addModule(), 2);
        QCOMPARE(window.scenario()->links().size(), 1); // added after the last one
        QCOMPARE(window.undoStack()->count(), 2);
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->modules().size(), 1);
        QVERIFY(window.isWindowModified());
    }

    void saveAndReopenKeepsEverything()
    {
        const QString path = m_dir.filePath(QStringLiteral("saved.scenario.json"));
        {
            MainWindow window(options());
            window.openExample();
            window.scenario()->setModuleLabel(1, QStringLiteral("Token, please"));
            QVERIFY(window.saveTo(path));
            QVERIFY(!window.isWindowModified());
            QVERIFY(window.windowTitle().contains(QLatin1String("saved.scenario.json")));
        }
        MainWindow again(options());
        QVERIFY(again.openFile(path));
        QCOMPARE(again.scenario()->module(1).label, QStringLiteral("Token, please"));
        QCOMPARE(again.scenario()->links().size(), 1);
        QVERIFY(QSettings()
                    .value(QStringLiteral("recentFiles"))
                    .toStringList()
                    .first()
                    .endsWith(QLatin1String("saved.scenario.json")));
    }

    // A scenario whose module numbers reached the largest refuses a new module, says why,
    // and what it saves opens again.
    void fullScenarioRefusesAnotherModule()
    {
        const QString path = m_dir.filePath(QStringLiteral("last-number.scenario.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"scenarist-scenario\", \"version\": 1, \"modules\": [{\"id\": "
            + QByteArray::number(Scenario::maxModuleId)
            + ", \"type\": \"http.request\", \"config\": {\"url\": \"\"}}]}");
        file.close();
        MainWindow window(options());
        QVERIFY(window.openFile(path));
        bool asked = false;
        answerNextMessageBox(QMessageBox::Ok, &asked);
        QCOMPARE(window.addModule(), 0);
        QVERIFY(asked);
        QCOMPARE(window.scenario()->modules().size(), 1);
        QVERIFY(window.undoStack()->isClean());
        window.scenario()->setModuleLabel(Scenario::maxModuleId, QStringLiteral("Last"));
        QVERIFY(window.saveTo(path));
        MainWindow again(options());
        QVERIFY(again.openFile(path));
        QCOMPARE(again.scenario()->module(Scenario::maxModuleId).label, QStringLiteral("Last"));
    }

    void openingADamagedFileKeepsWhatWasOpen()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.scenario.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"scenarist-scenario\", \"version\": 1, \"modules\": [{\"id\": "
                "\"one\"}]}");
        f.close();
        MainWindow window(options());
        window.openExample();
        bool asked = false;
        answerNextMessageBox(QMessageBox::Ok, &asked);
        QVERIFY(!window.openFile(path));
        QVERIFY(asked);
        QCOMPARE(window.scenario()->modules().size(), 2);
    }

    void closingWithUnsavedChangesAsks()
    {
        MainWindow window(options());
        window.show();
        window.newScenario();
        window.addModule();
        QVERIFY(window.isWindowModified());

        bool asked = false;
        answerNextMessageBox(QMessageBox::Cancel, &asked);
        QVERIFY(!window.close());
        QVERIFY(asked);
        QVERIFY(window.isVisible());
        QCOMPARE(window.scenario()->modules().size(), 1);

        asked = false;
        answerNextMessageBox(QMessageBox::Discard, &asked);
        QVERIFY(window.close());
        QVERIFY(asked);
    }

    void closingWhenSavedDoesNotAsk()
    {
        MainWindow window(options());
        window.show();
        window.openExample();
        QVERIFY(window.close());
    }

    void copyAndPasteModules()
    {
        MainWindow window(options());
        window.openExample();
        window.copyModules({1, 2});
        const QList<ModuleId> pasted = window.pasteModules();
        QCOMPARE(pasted.size(), 2);
        QCOMPARE(window.scenario()->modules().size(), 4);
        // New ids, the link between the copies kept, the mappings as they were.
        QVERIFY(window.scenario()->contains(3) && window.scenario()->contains(4));
        QVERIFY(window.scenario()->links().contains(Link {3, 4}));
        QCOMPARE(window.scenario()->module(4).config.headers.first().value,
            window.scenario()->module(2).config.headers.first().value);
        QCOMPARE(window.scenario()->module(3).position,
            window.scenario()->module(1).position + QPointF(40, 40));
        // One undo step takes the whole paste back.
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->modules().size(), 2);
    }

    void droppingAFileOpensIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("dropped.scenario.json"));
        {
            MainWindow source(options());
            source.openExample();
            source.scenario()->setName(QStringLiteral("Dropped here"));
            QVERIFY(source.saveTo(path));
        }
        MainWindow window(options());
        window.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(
            QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE(window.scenario()->name(), QStringLiteral("Dropped here"));
        QCOMPARE(window.filePath(), path);
    }

    void crashLeavesARecoverableAutosave()
    {
        const MainWindow::Options o = options();
        {
            // A window that is edited and then vanishes without closing (as in a crash).
            auto *window = new MainWindow(o);
            window->newScenario();
            window->addModule();
            window->scenario()->setName(QStringLiteral("Unsaved work"));
            window->scenario()->setModuleLabel(1, QStringLiteral("Typed before the crash"));
            QTRY_VERIFY_WITH_TIMEOUT(
                !QDir(o.recoveryDirectory).entryList(QDir::Files).isEmpty(), 5000);
            window->autosaveNow();
            // Simulate the crash: skip closeEvent, which would remove the autosave.
            window->setAttribute(Qt::WA_DeleteOnClose, false);
            delete window;
        }
        MainWindow next(o);
        QVERIFY(next.isOfferingRecovery());
        QVERIFY(next.restoreRecovery());
        QVERIFY(!next.isOfferingRecovery());
        QCOMPARE(next.scenario()->name(), QStringLiteral("Unsaved work"));
        QCOMPARE(next.scenario()->module(1).label, QStringLiteral("Typed before the crash"));
        QVERIFY(next.isWindowModified()); // restored work is still unsaved

        // Once saved, nothing is offered any more.
        QVERIFY(next.saveTo(m_dir.filePath(QStringLiteral("recovered.scenario.json"))));
        MainWindow third(o);
        QVERIFY(!third.isOfferingRecovery());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
