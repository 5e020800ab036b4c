#include "core/model/Scenario.h"
#include "ui/MainWindow.h"

#include <QDir>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

#include <cstdio>

/// A real crash: a child process runs the editor, is edited, autosaves on its own timer, and
/// is killed with SIGKILL; the next start offers the work back.
class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void killedEditorOffersItsWorkBack()
    {
        QTemporaryDir dir;
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SCENARIST_TEST_CHILD"), dir.path());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted(10000));
        // The child says "autosaved" once its timer wrote the file; then it only waits.
        QByteArray said;
        QElapsedTimer clock;
        clock.start();
        while (!said.contains("autosaved") && clock.elapsed() < 20000) {
            child.waitForReadyRead(500);
            said += child.readAllStandardOutput();
        }
        QVERIFY2(said.contains("autosaved"), said + child.readAllStandardError());
        child.kill(); // SIGKILL: no close event, no clean-up
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        MainWindow::Options options;
        options.recoveryDirectory = dir.path();
        options.sandboxPort = 0;
        MainWindow next(options);
        QVERIFY(next.isOfferingRecovery());
        QVERIFY(next.restoreRecovery());
        QCOMPARE(next.scenario()->name(), QStringLiteral("Work in progress"));
        QCOMPARE(next.scenario()->modules().size(), 2);
        QCOMPARE(
            next.scenario()->module(2).config.url, QStringLiteral("https://api.example.com/typed"));
        QCOMPARE(next.scenario()->links().size(), 1);
    }
};

/// The child: an editor that is edited through its undo stack and waits for its autosave.
static int runChild(int argc, char *argv[], const QString &recoveryDirectory)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    MainWindow::Options options;
    options.recoveryDirectory = recoveryDirectory;
    options.autosaveIntervalMs = 200;
    options.sandboxPort = 0;
    MainWindow window(options);
    window.show();
    window.newScenario();
    window.addModule();
    window.addModule();
    Module second = window.scenario()->module(2);
    second.config.url = QStringLiteral("https://api.example.com/typed");
    window.scenario()->replaceModule(second);
    window.scenario()->setName(QStringLiteral("Work in progress"));
    // One more edit through the undo stack, so that the autosave timer runs.
    window.addModule();
    window.undoStack()->undo();
    auto *poll = new QTimer(&app);
    QObject::connect(poll, &QTimer::timeout, &app, [recoveryDirectory, poll] {
        if (!QDir(recoveryDirectory)
                 .entryList({QStringLiteral("*.meta.json")}, QDir::Files)
                 .isEmpty()) {
            std::printf("autosaved\n");
            std::fflush(stdout);
            poll->stop();
        }
    });
    poll->start(50);
    return app.exec();
}

int main(int argc, char *argv[])
{
    const QByteArray child = qgetenv("SCENARIST_TEST_CHILD");
    if (!child.isEmpty())
        return runChild(argc, argv, QString::fromLocal8Bit(child));
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    TestCrashRecovery test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_crashrecovery.moc"
