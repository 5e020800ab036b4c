#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/mapping/MappingTreeModel.h"
#include "ui/session/EditingSession.h"

#include <QDockWidget>
#include <QLabel>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

/// One editing session: nothing of one file outlives it when another is opened, a failed run
/// leads to its error, and a new module is shown at once.
class TestSession : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    MainWindow::Options options() const { return UiTestSupport::windowOptions(m_dir, 100000); }

    /// Saves a scenario of `count` chained modules (named `name`) and returns its path.
    QString writeChain(const QString &file, int count, const QString &url = QString())
    {
        MainWindow window(options());
        window.newScenario();
        for (int i = 0; i < count; ++i) {
            const ModuleId id = window.addModule();
            if (!url.isEmpty()) {
                HttpRequestSpec spec = window.scenario()->module(id).config;
                spec.url = url;
                window.scenario()->setModuleConfig(id, spec);
            }
        }
        const QString path = m_dir.filePath(file);
        if (!window.saveTo(path))
            return QString();
        return path;
    }

    static QList<ModuleId> listedModules(MappingPanel *panel)
    {
        QList<ModuleId> ids;
        QAbstractItemModel *model = panel->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const int id = model->index(row, 0).data(Qt::UserRole + 10).toInt();
            if (id != 0)
                ids.append(id);
        }
        return ids;
    }

    /// Runs the scenario and waits for the end.
    static bool runAndWait(MainWindow &window)
    {
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnce();
        return finished.wait(20000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void mappingListsOnlyTheOpenFilesModules()
    {
        const QString four = writeChain(QStringLiteral("four.scenario.json"), 4);
        const QString two = writeChain(QStringLiteral("two.scenario.json"), 2);
        QVERIFY(!four.isEmpty() && !two.isEmpty());

        MainWindow window(options());
        window.show();
        QVERIFY(window.openFile(four));
        // Filling in a field of module 4: the picker lists modules 1 to 3.
        window.editModule(4);
        auto *field = window.moduleEditor()->findChild<MappingField *>();
        QVERIFY(field);
        window.mappingPanel()->setTargetField(field);
        QCOMPARE(listedModules(window.mappingPanel()), (QList<ModuleId> {1, 2, 3}));

        // Another file: none of the previous file's modules, every one of this file's.
        QVERIFY(window.openFile(two));
        QCOMPARE(listedModules(window.mappingPanel()), (QList<ModuleId> {1, 2}));

        // Reopened: all four again, module 4 included.
        QVERIFY(window.openFile(four));
        QCOMPARE(listedModules(window.mappingPanel()), (QList<ModuleId> {1, 2, 3, 4}));
    }

    void anotherFileHasNoRunOutcome()
    {
        const QString failing = writeChain(QStringLiteral("failing.scenario.json"), 1,
            QStringLiteral("http://127.0.0.1:1/nothing"));
        const QString other = writeChain(QStringLiteral("other.scenario.json"), 1);
        MainWindow window(options());
        window.show();
        QVERIFY(window.openFile(failing));
        QVERIFY(window.runStatusLabel()->text().isEmpty());
        QVERIFY(runAndWait(window));
        QVERIFY(window.runStatusLabel()->text().contains(QStringLiteral("failed")));
        QCOMPARE(window.session()->runState(), EditingSession::RunState::Failed);

        QVERIFY(window.openFile(other));
        QVERIFY2(
            window.runStatusLabel()->text().isEmpty(), qPrintable(window.runStatusLabel()->text()));
        QCOMPARE(window.session()->runState(), EditingSession::RunState::NeverRun);
        QCOMPARE(window.scene()->moduleItem(1)->status(), ModuleRunStatus::Idle);
    }

    void savePromptNamesTheFile()
    {
        const QString path = writeChain(QStringLiteral("Weekly report.scenario.json"), 1);
        MainWindow window(options());
        window.show();
        QVERIFY(window.openFile(path));
        window.addModule();
        QString text;
        bool asked = false;
        UiTestSupport::answerNextMessageBox(QMessageBox::Cancel, &asked, &text);
        window.close();
        QVERIFY(asked);
        QVERIFY2(text.contains(QStringLiteral("Weekly report.scenario.json")), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("Untitled")));
        QVERIFY(window.isVisible());
        window.undoStack()->setClean();
    }

    void undoneDeleteBringsBackTheRun()
    {
        const QString failing = writeChain(
            QStringLiteral("undo.scenario.json"), 1, QStringLiteral("http://127.0.0.1:1/nothing"));
        MainWindow window(options());
        window.show();
        QVERIFY(window.openFile(failing));
        QVERIFY(runAndWait(window));
        QCOMPARE(window.scene()->moduleItem(1)->status(), ModuleRunStatus::Failed);

        window.scene()->selectModule(1);
        window.scene()->deleteSelection();
        QVERIFY(!window.scenario()->contains(1));
        window.undoStack()->undo();
        QVERIFY(window.scenario()->contains(1));
        // The bubble and the inspector show the run it had.
        QTRY_COMPARE(window.scene()->moduleItem(1)->status(), ModuleRunStatus::Failed);
        window.scene()->selectModule(1);
        QVERIFY(!window.inspector()->isEmpty());
        auto *error = window.inspector()->findChild<QLabel *>(QStringLiteral("inspectorError"));
        QVERIFY(error);
        QVERIFY(!error->text().isEmpty());
        window.undoStack()->setClean();
    }

    void failedModuleShowsItsError()
    {
        const QString failing = writeChain(
            QStringLiteral("why.scenario.json"), 2, QStringLiteral("http://127.0.0.1:1/nothing"));
        MainWindow window(options());
        window.show();
        QVERIFY(window.openFile(failing));
        QVERIFY(runAndWait(window));
        // The settings of module 2 are in front, as after editing it.
        window.editModule(2);
        window.settingsDock()->raise();
        window.scene()->selectModule(0);

        // Clicking the failed module shows what went wrong.
        window.scene()->selectModule(1);
        auto *error = window.inspector()->findChild<QLabel *>(QStringLiteral("inspectorError"));
        QVERIFY(error);
        QTRY_VERIFY(error->isVisible());
        QVERIFY(!error->text().isEmpty());

        // The status bar's words are a link to it.
        window.scene()->selectModule(0);
        window.settingsDock()->raise();
        QVERIFY(window.runStatusLabel()->text().contains(QStringLiteral("<a href")));
        emit window.runStatusLabel()->linkActivated(QStringLiteral("#failed"));
        QCOMPARE(window.scene()->selectedModules(), (QList<ModuleId> {1}));
        QTRY_VERIFY(error->isVisible());
    }

    void newModuleIsShown()
    {
        MainWindow window(options());
        window.resize(1000, 700);
        window.show();
        window.newScenario();
        // Far to the right, with "Last run" in front.
        for (int i = 0; i < 8; ++i)
            window.addModule();
        window.inspectorDock()->show();
        window.inspectorDock()->raise();
        window.canvasView()->centerOn(0, 0);
        QCoreApplication::processEvents();

        const ModuleId id = window.addModule();
        QCOMPARE(window.scene()->selectedModules(), (QList<ModuleId> {id}));
        QCOMPARE(window.moduleEditor()->module(), id);
        QTRY_VERIFY(window.moduleEditor()->isVisible());
        const QRectF seen = window.canvasView()
                                ->mapToScene(window.canvasView()->viewport()->rect())
                                .boundingRect();
        QVERIFY(seen.intersects(window.scene()->moduleItem(id)->sceneBoundingRect()));

        // A pasted module too.
        window.copyModules({1});
        window.inspectorDock()->raise();
        const QList<ModuleId> pasted = window.pasteModules();
        QCOMPARE(pasted.size(), 1);
        QCOMPARE(window.scene()->selectedModules(), pasted);
        QCOMPARE(window.moduleEditor()->module(), pasted.first());
        QTRY_VERIFY(window.moduleEditor()->isVisible());
        window.undoStack()->setClean();
    }

    void takenSandboxPortIsNamed()
    {
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        MainWindow::Options opts = options();
        opts.sandboxPort = holder.serverPort();
        MainWindow window(opts);
        QVERIFY(window.sandbox()->isRunning());
        QVERIFY(window.sandbox()->port() != holder.serverPort());
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QString::number(window.sandbox()->port())), qPrintable(message));
        QVERIFY(message.contains(QString::number(holder.serverPort())));
    }
};

QTEST_MAIN(TestSession)
#include "tst_session.moc"
