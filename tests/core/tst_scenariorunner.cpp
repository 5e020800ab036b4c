#include "TestHttpServer.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/RequestMapper.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

/// The runner against the built-in sandbox: the chain of docs/getting-started.md, failures, skips,
/// cancel.
class TestScenarioRunner : public QObject
{
    Q_OBJECT

private:
    SandboxServer *m_sandbox = nullptr;

    Module tokenModule(const QString &secret = SandboxServer::demoClientSecret()) const
    {
        Module m;
        m.id = 1;
        m.label = QStringLiteral("Get a token");
        m.config.method = QStringLiteral("POST");
        m.config.url = QStringLiteral("{{sandbox.url}}/oauth/token");
        m.config.bodyType = BodyType::UrlEncoded;
        m.config.urlEncodedFields = {
            {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
            {QStringLiteral("client_id"), SandboxServer::demoClientId()},
            {QStringLiteral("client_secret"), secret},
        };
        return m;
    }
    Module meModule(ModuleId id = 2) const
    {
        Module m;
        m.id = id;
        m.config.url = QStringLiteral("{{sandbox.url}}/api/me");
        m.config.headers = {{QStringLiteral("Authorization"),
            QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}")}};
        return m;
    }
    void prepare(ScenarioRunner &runner) const
    {
        runner.setNamedRoot(QStringLiteral("sandbox"),
            QJsonObject {{QStringLiteral("url"), m_sandbox->baseUrl().toString()}});
    }
    static bool runAndWait(ScenarioRunner &runner, const Scenario &scenario, ModuleId only = 0)
    {
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        if (only)
            runner.runModule(scenario, only);
        else
            runner.runAll(scenario);
        if (!finished.wait(20000))
            return false;
        return finished.first().first().toBool();
    }

private slots:
    void initTestCase()
    {
        m_sandbox = new SandboxServer(this);
        QString error;
        QVERIFY2(m_sandbox->start(0, &error), qPrintable(error));
    }

    void chainMapsTheTokenIntoTheSecondModule()
    {
        Scenario scenario;
        scenario.addModule(tokenModule());
        scenario.addModule(meModule());
        scenario.link(1, 2);
        ScenarioRunner runner;
        prepare(runner);
        QSignalSpy started(&runner, &ScenarioRunner::moduleStarted);
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(started.size(), 2);

        const ModuleRun token = runner.results().run(1);
        QCOMPARE(token.status, ModuleRunStatus::Succeeded);
        const QJsonObject data = token.output.value(QStringLiteral("data")).toObject();
        QVERIFY(!data.value(QStringLiteral("access_token")).toString().isEmpty());
        QCOMPARE(token.output.value(QStringLiteral("statusCode")).toInt(), 200);

        const ModuleRun me = runner.results().run(2);
        QCOMPARE(me.status, ModuleRunStatus::Succeeded);
        QCOMPARE(me.output[QStringLiteral("data")][QStringLiteral("client_id")].toString(),
            SandboxServer::demoClientId());
        // The request as sent carries the mapped token; the input bundle masks it.
        QCOMPARE(me.request.headers.first().value,
            QStringLiteral("Bearer ") + data.value(QStringLiteral("access_token")).toString());
        const QJsonObject input = me.inputBundle();
        QString authorization;
        for (const QJsonValue &h : input.value(QStringLiteral("headers")).toArray()) {
            if (h[QStringLiteral("name")].toString().compare(
                    QLatin1String("authorization"), Qt::CaseInsensitive)
                == 0)
                authorization = h[QStringLiteral("value")].toString();
        }
        QCOMPARE(authorization, QStringLiteral("Bearer ********"));
        // The client secret is masked in the token request's input, but not in what was sent.
        QVERIFY(token.exchange.sent.body.contains("demo-secret"));
        QVERIFY(!token.inputBundle()
                     .value(QStringLiteral("body"))
                     .toString()
                     .contains(QLatin1String("demo-secret")));
        QVERIFY(token.inputBundle(true)
                    .value(QStringLiteral("body"))
                    .toString()
                    .contains(QLatin1String("demo-secret")));
    }

    void secretValuesStayOnTheModulesOrigin()
    {
        // A {{secrets.…}} value in a header of any name is not handed to the server a
        // redirect points to.
        TestHttpServer first;
        QVERIFY(first.listen());
        TestHttpServer second;
        QVERIFY(second.listen());
        first.route("/start",
            TestHttpServer::Response::redirect(
                302, second.url(QStringLiteral("/end")).toEncoded()));
        Module m;
        m.id = 1;
        m.config.url = first.url(QStringLiteral("/start")).toString();
        m.config.headers = {{QStringLiteral("X-Custom"), QStringLiteral("{{secrets.key}}")},
            {QStringLiteral("X-Trace"), QStringLiteral("trace-1")}};
        Scenario scenario;
        scenario.addModule(m);
        ScenarioRunner runner;
        runner.setNamedRoot(QStringLiteral("secrets"),
            QJsonObject {{QStringLiteral("key"), QStringLiteral("runner-XYZ")}});
        QVERIFY(runAndWait(runner, scenario));
        QVERIFY(first.receivedBytes().contains("\r\nX-Custom: runner-XYZ\r\n"));
        QCOMPARE(second.requestCount(), 1);
        QVERIFY(second.receivedBytes().contains("\r\nX-Trace: trace-1\r\n"));
        QVERIFY2(
            !second.receivedBytes().contains("runner-XYZ"), second.receivedBytes().constData());
        QVERIFY(runner.results()
                    .run(1)
                    .exchange.warnings.join(QLatin1Char(' '))
                    .contains(QLatin1String("X-Custom was not sent to")));
    }

    void wrongSecretFailsAndSkipsTheRest()
    {
        Scenario scenario;
        scenario.addModule(tokenModule(QStringLiteral("wrong-secret")));
        scenario.addModule(meModule());
        scenario.link(1, 2);
        ScenarioRunner runner;
        prepare(runner);
        QVERIFY(!runAndWait(runner, scenario));
        const ModuleRun token = runner.results().run(1);
        QCOMPARE(token.status, ModuleRunStatus::Failed);
        QVERIFY2(token.error.contains(QLatin1String("invalid_client")), qPrintable(token.error));
        QVERIFY2(token.error.contains(QLatin1String("401")), qPrintable(token.error));
        QCOMPARE(runner.results().status(2), ModuleRunStatus::Skipped);
    }

    void runThisModuleUsesTheLatestOutputs()
    {
        Scenario scenario;
        scenario.addModule(tokenModule());
        scenario.addModule(meModule());
        scenario.link(1, 2);
        ScenarioRunner runner;
        prepare(runner);

        // Before module 1 ever ran, module 2 cannot get its token.
        QVERIFY(!runAndWait(runner, scenario, 2));
        QVERIFY2(runner.results().run(2).error.contains(QLatin1String("not run")),
            qPrintable(runner.results().run(2).error));

        QVERIFY(runAndWait(runner, scenario, 1));
        QVERIFY(runAndWait(runner, scenario, 2));
        QCOMPARE(runner.results().status(2), ModuleRunStatus::Succeeded);
        QCOMPARE(runner.results().status(1), ModuleRunStatus::Succeeded);
    }

    void missingPathIsAWarningNotSilence()
    {
        Scenario scenario;
        scenario.addModule(tokenModule());
        Module me = meModule();
        me.config.headers.append(
            {QStringLiteral("X-Typo"), QStringLiteral("{{1.data.acces_token}}")});
        scenario.addModule(me);
        ScenarioRunner runner;
        prepare(runner);
        QVERIFY(runAndWait(runner, scenario));
        const ModuleRun run = runner.results().run(2);
        // The missing path, and then the header that came out empty and was not sent.
        QCOMPARE(run.warnings.size(), 2);
        QVERIFY2(run.warnings.first().contains(QLatin1String("X-Typo")),
            qPrintable(run.warnings.first()));
        QVERIFY2(run.warnings.first().contains(QLatin1String("acces_token")),
            qPrintable(run.warnings.first()));
        QVERIFY2(run.warnings.last().contains(QLatin1String("not sent")),
            qPrintable(run.warnings.last()));
    }

    void valuesMadeOfSecretsAreMasked()
    {
        // Not only {{secrets.NAME}} itself: what a mapping makes of it (its base64, a hash)
        // is as good as the secret to whoever reads the report.
        Scenario scenario;
        Module m;
        m.id = 1;
        m.config.url = QStringLiteral("{{sandbox.url}}/api/me");
        m.config.headers = {
            {QStringLiteral("X-Tag"), QStringLiteral("pre-{{base64(secrets.api_key)}}-post")},
            {QStringLiteral("X-Signature"), QStringLiteral("{{sha256(secrets.api_key)}}")},
            {QStringLiteral("X-Plain"), QStringLiteral("{{lower(\"VISIBLE\")}}")},
        };
        scenario.addModule(m);
        ScenarioRunner runner;
        prepare(runner);
        runner.setNamedRoot(QStringLiteral("secrets"),
            QJsonObject {{QStringLiteral("api_key"), QStringLiteral("hunter2-key")}});
        runAndWait(runner, scenario); // the sandbox refuses it: no token; what was sent counts
        const ModuleRun run = runner.results().run(1);
        const QString base64 = QString::fromLatin1(QByteArray("hunter2-key").toBase64());
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash("hunter2-key", QCryptographicHash::Sha256).toHex());
        QCOMPARE(run.request.headers.at(0).value, QStringLiteral("pre-") + base64 + "-post");
        QVERIFY(run.secretValues.contains(base64));
        QVERIFY(run.secretValues.contains(hash));
        QHash<QString, QString> shown;
        for (const QJsonValue &h : run.inputBundle().value(QStringLiteral("headers")).toArray())
            shown.insert(
                h[QStringLiteral("name")].toString(), h[QStringLiteral("value")].toString());
        QCOMPARE(shown.value(QStringLiteral("X-Tag")), QStringLiteral("pre-********-post"));
        QCOMPARE(shown.value(QStringLiteral("X-Signature")), QStringLiteral("********"));
        QCOMPARE(shown.value(QStringLiteral("X-Plain")), QStringLiteral("visible"));
    }

    void mapperTellsWhichSecretsWereRead()
    {
        MappingContext context;
        context.moduleOutputs.insert(1,
            QJsonObject {{QStringLiteral("data"),
                QJsonObject {{QStringLiteral("which"), QStringLiteral("api_key")}}}});
        context.namedRoots.insert(QStringLiteral("secrets"),
            QJsonObject {{QStringLiteral("api_key"), QStringLiteral("hunter2-key")},
                {QStringLiteral("host"), QStringLiteral("api.example.com")}});
        HttpRequestSpec spec;
        spec.url = QStringLiteral("https://{{secrets.host}}/x?k={{secrets[1.data.which]}}");
        spec.headers = {{QStringLiteral("X-Key"), QStringLiteral("{{secrets.api_key}}")},
            {QStringLiteral("X-Other"), QStringLiteral("{{if(false; secrets.never; 1)}}")}};
        const RequestMapper::Result mapped = RequestMapper::resolve(spec, context);
        QVERIFY2(mapped.ok(), qPrintable(mapped.error));
        // Once each, in the order read; a secret in a branch not taken was not read.
        QCOMPARE(
            mapped.secretsRead, QStringList({QStringLiteral("host"), QStringLiteral("api_key")}));

        Connection connection;
        connection.id = QStringLiteral("c");
        connection.tokenUrl = QStringLiteral("https://{{secrets.host}}/token");
        connection.clientId = QStringLiteral("id");
        connection.clientSecret = QStringLiteral("{{secrets.api_key}}");
        const RequestMapper::ConnectionResult resolved
            = RequestMapper::resolveConnection(connection, context);
        QVERIFY2(resolved.ok(), qPrintable(resolved.error));
        QCOMPARE(
            resolved.secretsRead, QStringList({QStringLiteral("host"), QStringLiteral("api_key")}));
    }

    void linksDecideTheOrder()
    {
        Scenario scenario;
        Module me = meModule(1); // runs second although its id is smaller
        me.config.headers
            = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{2.data.access_token}}")}};
        scenario.addModule(me);
        Module token = tokenModule();
        token.id = 2;
        scenario.addModule(token);
        scenario.link(2, 1);
        ScenarioRunner runner;
        prepare(runner);
        QSignalSpy started(&runner, &ScenarioRunner::moduleStarted);
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(started.at(0).at(0).toInt(), 2);
        QCOMPARE(started.at(1).at(0).toInt(), 1);
    }

    void cancelStopsAtOnce()
    {
        // A server that accepts the connection and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        Scenario scenario;
        Module slow;
        slow.config.url = QStringLiteral("http://127.0.0.1:%1/slow").arg(silent.serverPort());
        scenario.addModule(slow);
        scenario.addModule(meModule());
        ScenarioRunner runner;
        prepare(runner);
        QSignalSpy started(&runner, &ScenarioRunner::moduleStarted);
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        QVERIFY(started.wait(5000));
        QTest::qWait(200);
        QVERIFY(runner.isRunning());
        QElapsedTimer clock;
        clock.start();
        runner.cancel();
        QVERIFY(finished.size() == 1 || finished.wait(1000));
        QVERIFY(clock.elapsed() < 1000);
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(runner.results().status(1), ModuleRunStatus::Failed);
        QVERIFY(runner.results().run(1).error.contains(QLatin1String("stopped")));
        QCOMPARE(runner.results().status(2), ModuleRunStatus::Skipped);
    }

    void cancelAndRestartRunsEachModuleOnce()
    {
        // Cancelled and started again before the first run's start came round: the first
        // run's start must not run a module of the second run as well.
        Scenario scenario;
        scenario.addModule(tokenModule());
        scenario.addModule(meModule());
        scenario.link(1, 2);
        ScenarioRunner runner;
        prepare(runner);
        QSignalSpy started(&runner, &ScenarioRunner::moduleStarted);
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        runner.cancel();
        QCOMPARE(finished.size(), 1);
        runner.runAll(scenario);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(1).at(0).toBool(), true);
        QCOMPARE(runner.results().status(1), ModuleRunStatus::Succeeded);
        QCOMPARE(runner.results().status(2), ModuleRunStatus::Succeeded);
        QCOMPARE(started.size(), 2);
    }

    void cancelWhenAModuleStartsSendsNothing()
    {
        Scenario scenario;
        scenario.addModule(tokenModule());
        scenario.addModule(meModule());
        scenario.link(1, 2);
        ScenarioRunner runner;
        prepare(runner);
        connect(&runner, &ScenarioRunner::moduleStarted, &runner, &ScenarioRunner::cancel);
        const int tokensBefore = m_sandbox->tokensIssued();
        QVERIFY(!runAndWait(runner, scenario));
        QTest::qWait(300); // a request sent anyway would reach the sandbox by now
        QCOMPARE(m_sandbox->tokensIssued(), tokensBefore);
        QCOMPARE(runner.results().status(1), ModuleRunStatus::Failed);
        QCOMPARE(runner.results().status(2), ModuleRunStatus::Skipped);
        QVERIFY(!runner.results().contains(0));
    }

    void exampleFilesRunAgainstTheSandbox_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("form fields") << QStringLiteral("oauth2-client-credentials.scenario.json");
        QTest::newRow("raw JSON") << QStringLiteral("oauth2-client-credentials-json.scenario.json");
    }
    void exampleFilesRunAgainstTheSandbox()
    {
        QFETCH(QString, file);
        QString error;
        const auto doc = ScenarioFile::load(
            QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/") + file, &error);
        QVERIFY2(doc, qPrintable(error));
        Scenario scenario;
        doc->applyTo(scenario);
        ScenarioRunner runner;
        prepare(runner);
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(runner.results().run(2).output[QStringLiteral("statusCode")].toInt(), 200);
    }
};

QTEST_GUILESS_MAIN(TestScenarioRunner)
#include "tst_scenariorunner.moc"
