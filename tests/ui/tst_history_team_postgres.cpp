// A team's history (docs/run-history.md): the app shows the runs that machines recorded into
// one PostgreSQL database for a file of the open scenario's name, opens one, and only reads
// that database: its own runs still go to this computer's history. The server is the
// throwaway one tests/servers/postgres-server.sh starts (the postgres_server ctest fixture).

#include "TestHttpServer.h"
#include "UiTestSupport.h"

#include "core/history/RunHistory.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/history/HistoryListModel.h"
#include "ui/history/HistoryPanel.h"
#include "ui/history/HistoryWriter.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

class TestHistoryTeamPostgres : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheTeamsRunsAndOnlyReadsThem();

private:
    /// A run of `path` as another machine's scenarist-run recorded it.
    static HistoryRun teamRun(const QString &path, int number);

    QString m_url;
    QTemporaryDir m_dir;
    TestHttpServer m_server;
};

void TestHistoryTeamPostgres::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (!QFile::exists(QStringLiteral("/usr/lib/postgresql/15/bin/initdb")))
        QSKIP("PostgreSQL 15 is not installed (packaging/setup-debian.sh installs it)");
    QFile env(QStringLiteral(SCENARIST_BINARY_DIR "/postgres-server.env"));
    if (env.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : env.readAll().split('\n')) {
            if (line.startsWith("POSTGRES_URL="))
                m_url = QString::fromUtf8(line.mid(13)).trimmed();
        }
    }
    QVERIFY2(!m_url.isEmpty(), "no PostgreSQL server: run this test with ctest");
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("team"));
        const QUrl url(m_url);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        QVERIFY(db.open());
        QSqlQuery(db).exec(QStringLiteral(
            "DROP TABLE IF EXISTS incomplete, operations, runs, schema_version CASCADE"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("team"));
    QVERIFY(m_server.listen());
    m_server.setHandler([](const TestHttpServer::Request &) {
        return TestHttpServer::Response::json(R"({"ok": true})");
    });
}

HistoryRun TestHistoryTeamPostgres::teamRun(const QString &path, int number)
{
    HistoryRun run;
    run.scenarioPath = path;
    run.scenarioName = QStringLiteral("Fruit");
    run.contentHash = RunHistory::contentHash(QByteArray::number(number));
    run.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000000 + number * 60000, Qt::UTC);
    run.endedAt = run.startedAt.addMSecs(120);
    run.trigger = RunTrigger::Schedule;
    run.status = number == 2 ? HistoryStatus::Error : HistoryStatus::Success;
    HistoryOperation operation;
    operation.moduleId = 1;
    operation.moduleType = QStringLiteral("http:request");
    operation.moduleName = QStringLiteral("Get the fruit");
    operation.status = QStringLiteral("succeeded");
    operation.input = QStringLiteral("{\"url\":\"https://api.example.org/fruit\"}");
    operation.output = QStringLiteral("{\"data\":{\"machine\":%1}}").arg(number);
    run.operations.append(operation);
    run.operationCount = 1;
    return run;
}

void TestHistoryTeamPostgres::showsTheTeamsRunsAndOnlyReadsThem()
{
    // Two servers ran fruit.scenario.json from folders of their own; other files ran too.
    RunHistory team(m_url);
    QString error;
    QVERIFY2(team.record(teamRun(QStringLiteral("/srv/a/fruit.scenario.json"), 1), &error) > 0,
        qPrintable(error));
    QVERIFY(team.record(teamRun(QStringLiteral("/home/ci/fruit.scenario.json"), 2), &error) > 0);
    QVERIFY(team.record(teamRun(QStringLiteral("/srv/a/other.scenario.json"), 3), &error) > 0);
    QVERIFY(team.record(teamRun(QStringLiteral("/srv/a/myfruit.scenario.json"), 4), &error) > 0);
    const int teamRuns = int(team.runs({}, &error).size());
    QCOMPARE(teamRuns, 4);

    MainWindow::Options options = UiTestSupport::windowOptions(m_dir);
    options.historyLocation = m_dir.filePath(QStringLiteral("local.sqlite"));
    MainWindow window(options);
    window.resize(1024, 640);
    window.show();
    window.newScenario();
    const ModuleId id = window.addModule();
    Module module = window.scenario()->module(id);
    module.config.url = m_server.url(QStringLiteral("/fruit")).toString();
    window.scenario()->setModuleConfig(id, module.config);
    QVERIFY(window.saveTo(m_dir.filePath(QStringLiteral("fruit.scenario.json"))));

    auto *local = window.findChild<QAction *>(QStringLiteral("localHistoryAction"));
    QVERIFY(local && !local->isEnabled()); // this computer's history is what shows
    window.showTeamHistory(m_url);
    QVERIFY(local->isEnabled());
    HistoryPanel *panel = window.historyPanel();
    QVERIFY(window.historyDock()->isVisible());
    QVERIFY(panel->showsTeamHistory());
    QVERIFY(panel->teamLabel()->isVisible());
    QVERIFY2(panel->teamLabel()->text().contains(QStringLiteral("fruit.scenario.json")),
        qPrintable(panel->teamLabel()->text()));
    QCOMPARE(panel->model()->rowCount(), 2); // the two machines' runs of fruit.scenario.json
    QCOMPARE(panel->model()->index(0, HistoryListModel::StatusColumn).data().toString(),
        QStringLiteral("Error"));
    QCOMPARE(panel->model()->index(1, HistoryListModel::TriggerColumn).data().toString(),
        QStringLiteral("Schedule"));

    // Opening one reads its operations from the team's database.
    panel->selectRow(1);
    panel->openButton()->click();
    QVERIFY(window.pastRunBanner()->isVisible());
    window.findChild<QFrame *>(QStringLiteral("pastRunBanner"))
        ->findChild<QPushButton *>(QStringLiteral("backToEditor"))
        ->click();

    // A run here goes to this computer's history, never into the team's.
    QSignalSpy recorded(window.historyWriter(), &HistoryWriter::recorded);
    QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
    window.runOnceAction()->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY(recorded.wait(20000));
    QCOMPARE(int(team.runs({}, &error).size()), teamRuns);
    QCOMPARE(panel->model()->rowCount(), 2);

    // Back to this computer's history: the run just made, and no team line.
    local->trigger();
    QVERIFY(!local->isEnabled());
    QVERIFY(!panel->showsTeamHistory());
    QVERIFY(!panel->teamLabel()->isVisible());
    QCOMPARE(panel->model()->rowCount(), 1);
    QCOMPARE(panel->model()->index(0, HistoryListModel::TriggerColumn).data().toString(),
        QStringLiteral("App"));
}

QTEST_MAIN(TestHistoryTeamPostgres)
#include "tst_history_team_postgres.moc"
