#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/run/TokenCache.h"
#include "core/sandbox/SandboxServer.h"

#include "FaultServer.h"
#include "TestHttpServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

/// OAuth2 client credentials connections against the built-in sandbox:
/// how many token requests a run makes, refresh before expiry, retry after a 401, errors.
class TestTokenCache : public QObject
{
    Q_OBJECT

private:
    SandboxServer *m_sandbox = nullptr;

    Connection sandboxConnection() const
    {
        Connection c;
        c.id = QStringLiteral("sandbox");
        c.name = QStringLiteral("Sandbox");
        c.tokenUrl = QStringLiteral("{{sandbox.url}}/oauth/token");
        c.clientId = SandboxServer::demoClientId();
        c.clientSecret = QStringLiteral("{{secrets.client_secret}}");
        c.scope = QStringLiteral("read");
        return c;
    }
    static Module meModule(ModuleId id, const QString &path = QStringLiteral("/api/me"))
    {
        Module m;
        m.id = id;
        m.label = QStringLiteral("Call %1").arg(id);
        m.config.url = QStringLiteral("{{sandbox.url}}") + path;
        m.config.authentication = AuthType::Connection;
        m.config.connection = QStringLiteral("sandbox");
        return m;
    }
    void makeScenario(Scenario &scenario, int modules, const Connection &connection) const
    {
        QList<Module> list;
        for (int i = 1; i <= modules; ++i)
            list.append(meModule(i));
        scenario.reset(QStringLiteral("calls"), list, {}, 0, {connection});
    }
    void prepare(ScenarioRunner &runner, HeadlessSecretProvider &secrets,
        const QString &secret = SandboxServer::demoClientSecret()) const
    {
        runner.setNamedRoot(QStringLiteral("sandbox"),
            QJsonObject {{QStringLiteral("url"), m_sandbox->baseUrl().toString()}});
        secrets.setValue(QStringLiteral("client_secret"), secret);
        runner.setSecretProvider(&secrets);
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
    static QProcessEnvironment noEnvironment() { return QProcessEnvironment(); }

private slots:
    void init()
    {
        m_sandbox = new SandboxServer(this);
        QVERIFY(m_sandbox->start(0));
    }
    void cleanup()
    {
        delete m_sandbox;
        m_sandbox = nullptr;
    }

    void tenCallsMakeOneTokenRequest()
    {
        Scenario scenario;
        makeScenario(scenario, 10, sandboxConnection());
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, scenario));
        for (ModuleId id = 1; id <= 10; ++id) {
            const ModuleRun run = runner.results().run(id);
            QCOMPARE(run.status, ModuleRunStatus::Succeeded);
            QCOMPARE(run.output.value(QStringLiteral("data"))
                         .toObject()
                         .value(QStringLiteral("client_id"))
                         .toString(),
                SandboxServer::demoClientId());
        }
        QCOMPARE(m_sandbox->tokensIssued(), 1);
        QCOMPARE(runner.tokenCache()->tokenRequestCount(), 1);
        // A second run of the same runner reuses the token as well.
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 1);
    }

    void tokenIsSentAsBearerAndMasked()
    {
        Scenario scenario;
        makeScenario(scenario, 1, sandboxConnection());
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, scenario));
        const TokenStatus status = runner.tokenCache()->status(QStringLiteral("sandbox"));
        QVERIFY(status.token.isValid());
        QCOMPARE(status.token.tokenType, QStringLiteral("Bearer"));
        QCOMPARE(status.token.scope, QStringLiteral("read"));
        QVERIFY(status.token.expiresAt > QDateTime::currentDateTimeUtc().addSecs(3500));
        QVERIFY(!status.token.masked().contains(status.token.accessToken));

        const ModuleRun run = runner.results().run(1);
        const QByteArray shown = QJsonDocument(run.inputBundle(false)).toJson();
        QVERIFY(shown.contains("Bearer ********"));
        QVERIFY(!shown.contains(status.token.accessToken.toUtf8()));
        const QByteArray revealed = QJsonDocument(run.inputBundle(true)).toJson();
        QVERIFY(revealed.contains(("Bearer " + status.token.accessToken).toUtf8()));
    }

    void refreshesAfterLifetimeMinusLead()
    {
        // Tokens live 3 s; with a lead of 1 s a new one is fetched 2 s after the first.
        m_sandbox->setTokenLifetimeSeconds(3);
        Connection connection = sandboxConnection();
        connection.refreshLeadSeconds = 1;
        Scenario scenario;
        makeScenario(scenario, 10, connection);
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 1);
        const TokenStatus first = runner.tokenCache()->status(QStringLiteral("sandbox"));
        QCOMPARE(first.token.fetchedAt.msecsTo(first.token.refreshAt), 2000);
        QVERIFY2(clock.elapsed() < 1800, "the ten calls took too long to test the refresh");

        QTest::qWait(int(std::max<qint64>(0, 2200 - clock.elapsed())));
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 2);
        const TokenStatus second = runner.tokenCache()->status(QStringLiteral("sandbox"));
        QVERIFY(second.token.accessToken != first.token.accessToken);
    }

    void forced401FetchesOneNewTokenAndRetries()
    {
        Scenario scenario;
        makeScenario(scenario, 3, sandboxConnection());
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 1);

        m_sandbox->revokeAllTokens();
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 2);
        const ModuleRun retried = runner.results().run(1);
        QCOMPARE(retried.status, ModuleRunStatus::Succeeded);
        QCOMPARE(retried.exchange.statusCode, 200);
        QVERIFY2(retried.warnings.join(QLatin1Char(' ')).contains(QLatin1String("sent again")),
            qPrintable(retried.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(retried.operations, 1);
        // The later modules use the new token without further requests or retries.
        QVERIFY(runner.results().run(3).warnings.isEmpty());
    }

    void retriesOnlyOnce()
    {
        // A status that always comes back: one retry, then the module fails.
        Connection connection = sandboxConnection();
        connection.expiredStatusCodes = {404};
        Scenario scenario;
        scenario.reset(QStringLiteral("s"), {meModule(1, QStringLiteral("/api/nothing-here"))}, {},
            0, {connection});
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(!runAndWait(runner, scenario));
        QCOMPARE(runner.results().run(1).status, ModuleRunStatus::Failed);
        QCOMPARE(runner.results().run(1).exchange.statusCode, 404);
        QCOMPARE(m_sandbox->tokensIssued(), 2);
    }

    void wrongSecretQuotesInvalidClient_data()
    {
        QTest::addColumn<ClientAuthentication>("authentication");
        QTest::newRow("body") << ClientAuthentication::Body;
        QTest::newRow("basic") << ClientAuthentication::Basic;
    }
    void wrongSecretQuotesInvalidClient()
    {
        QFETCH(ClientAuthentication, authentication);
        Connection connection = sandboxConnection();
        connection.clientAuthentication = authentication;
        Scenario scenario;
        makeScenario(scenario, 2, connection);
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets, QStringLiteral("not-the-secret"));
        QVERIFY(!runAndWait(runner, scenario));
        const ModuleRun run = runner.results().run(1);
        QCOMPARE(run.status, ModuleRunStatus::Failed);
        QVERIFY2(run.error.contains(QLatin1String("invalid_client")), qPrintable(run.error));
        QVERIFY2(run.error.contains(QStringLiteral("\u201cSandbox\u201d")), qPrintable(run.error));
        QVERIFY2(run.error.contains(QLatin1String("client secret")), qPrintable(run.error));
        QVERIFY(!run.error.contains(QLatin1String("not-the-secret")));
        QCOMPARE(runner.results().run(2).status, ModuleRunStatus::Skipped);
        QCOMPARE(m_sandbox->tokensIssued(), 0);
        const TokenStatus status = runner.tokenCache()->status(QStringLiteral("sandbox"));
        QVERIFY(!status.token.isValid());
        QVERIFY(status.lastError.contains(QLatin1String("invalid_client")));
    }

    void basicClientAuthenticationWorks()
    {
        Connection connection = sandboxConnection();
        connection.clientAuthentication = ClientAuthentication::Basic;
        Scenario scenario;
        makeScenario(scenario, 2, connection);
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 1);
    }

    void invalidScopeIsExplained()
    {
        Connection connection = sandboxConnection();
        connection.scope = QStringLiteral("admin");
        Scenario scenario;
        makeScenario(scenario, 1, connection);
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(!runAndWait(runner, scenario));
        const QString error = runner.results().run(1).error;
        QVERIFY2(error.contains(QLatin1String("invalid_scope")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("Check the scopes")), qPrintable(error));
    }

    void missingSecretNamesIt()
    {
        Scenario scenario;
        makeScenario(scenario, 2, sandboxConnection());
        ScenarioRunner runner;
        runner.setNamedRoot(QStringLiteral("sandbox"),
            QJsonObject {{QStringLiteral("url"), m_sandbox->baseUrl().toString()}});
        HeadlessSecretProvider secrets(noEnvironment());
        runner.setSecretProvider(&secrets);
        QVERIFY(!runAndWait(runner, scenario));
        const QString error = runner.results().run(1).error;
        QVERIFY2(
            error.startsWith(QStringLiteral("The secret \u201cclient_secret\u201d has no value.")),
            qPrintable(error));
        QVERIFY2(
            error.contains(QLatin1String("SCENARIST_SECRET_CLIENT_SECRET")), qPrintable(error));
        QCOMPARE(m_sandbox->tokensIssued(), 0);
    }

    void unknownConnectionFailsInPlainWords()
    {
        Module module = meModule(1);
        module.config.connection = QStringLiteral("gone");
        Scenario scenario;
        scenario.reset(QStringLiteral("s"), {module}, {}, 0, {sandboxConnection()});
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(!runAndWait(runner, scenario));
        const QString error = runner.results().run(1).error;
        QVERIFY2(error.contains(QStringLiteral("\u201cgone\u201d, which is not in the scenario")),
            qPrintable(error));
    }

    void connectionReplacesTypedAuthorization()
    {
        Module module = meModule(1);
        module.config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer old")}};
        module.config.username = QStringLiteral("ignored");
        Scenario scenario;
        scenario.reset(QStringLiteral("s"), {module}, {}, 0, {sandboxConnection()});
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, scenario));
        const ModuleRun run = runner.results().run(1);
        int authorizations = 0;
        for (const RawHeader &h : run.exchange.sent.headers) {
            if (h.first.compare("authorization", Qt::CaseInsensitive) == 0) {
                ++authorizations;
                QVERIFY(h.second.startsWith("Bearer "));
                QVERIFY(h.second != "Bearer old");
            }
        }
        QCOMPARE(authorizations, 1);
        QVERIFY(run.warnings.join(QLatin1Char(' ')).contains(QLatin1String("own Authorization")));
    }

    void concurrentCallersShareOneRequest()
    {
        TokenCache cache;
        ClientCredentials c;
        c.connectionId = QStringLiteral("sandbox");
        c.tokenUrl = m_sandbox->baseUrl().toString() + QStringLiteral("/oauth/token");
        c.clientId = SandboxServer::demoClientId();
        c.clientSecret = SandboxServer::demoClientSecret();
        QSignalSpy changed(&cache, &TokenCache::statusChanged);
        QStringList tokens;
        QObject context;
        for (int i = 0; i < 5; ++i) {
            cache.token(c, &context, [&tokens](const TokenResult &r) {
                tokens.append(r.ok() ? r.token.accessToken : r.error);
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 5, 10000);
        QCOMPARE(cache.tokenRequestCount(), 1);
        QCOMPARE(m_sandbox->tokensIssued(), 1);
        QCOMPARE(tokens.count(tokens.first()), 5);
        QVERIFY(!changed.isEmpty());

        // A caller whose context is gone is not called back.
        cache.clear(QStringLiteral("sandbox"));
        QVERIFY(!cache.status(QStringLiteral("sandbox")).token.isValid());
        bool called = false;
        {
            QObject gone;
            cache.token(c, &gone, [&called](const TokenResult &) { called = true; });
        }
        QTRY_VERIFY_WITH_TIMEOUT(cache.status(QStringLiteral("sandbox")).token.isValid(), 10000);
        QVERIFY(!called);
        QCOMPARE(m_sandbox->tokensIssued(), 2);
    }

    // A busy token endpoint is asked again after its Retry-After, as a module's server is.
    void busyTokenEndpointIsAskedAgain()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        int calls = 0;
        server.setHandler([&calls](const TestHttpServer::Request &) {
            if (++calls <= 2)
                return TestHttpServer::Response::json(R"({"error":"slow_down"})", 429)
                    .withHeader("Retry-After", "1");
            return TestHttpServer::Response::json(
                R"({"access_token":"tok-after-busy-1234","token_type":"bearer","expires_in":60})");
        });
        TokenCache cache;
        ClientCredentials c;
        c.connectionId = QStringLiteral("busy");
        c.connectionName = QStringLiteral("Busy");
        c.tokenUrl = server.url(QStringLiteral("/token")).toString();
        QElapsedTimer clock;
        clock.start();
        std::optional<TokenResult> got;
        QObject context;
        cache.token(c, &context, [&got](const TokenResult &r) { got = r; });
        QVERIFY(cache.status(QStringLiteral("busy")).fetching);
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 10000);
        QVERIFY2(got->ok(), qPrintable(got->error));
        QCOMPARE(got->token.accessToken, QStringLiteral("tok-after-busy-1234"));
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(cache.tokenRequestCount(), 3);
        // Retry-After: 1, twice.
        QVERIFY2(clock.elapsed() >= 1900, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(got->busyTries.size(), 2);
        QVERIFY2(got->busyTries.first().contains(QLatin1String("answered 429")),
            qPrintable(got->busyTries.first()));
    }

    void busyTriesAreCapped()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json(R"({"error":"busy"})", 503)
                .withHeader("Retry-After", "0");
        });
        TokenCache cache;
        ClientCredentials c;
        c.connectionId = QStringLiteral("busy");
        c.connectionName = QStringLiteral("Busy");
        c.tokenUrl = server.url(QStringLiteral("/token")).toString();
        c.retryMaxTries = 3;
        std::optional<TokenResult> got;
        QObject context;
        cache.token(c, &context, [&got](const TokenResult &r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 10000);
        QVERIFY(!got->ok());
        QVERIFY2(got->error.contains(QLatin1String("after 3 tries")), qPrintable(got->error));
        QCOMPARE(server.requestCount(), 3);
    }

    // Stop ends the wait for a busy token endpoint at once, and nothing more is sent.
    void stopEndsTheWaitForABusyTokenEndpoint()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json(R"({"error":"busy"})", 429)
                .withHeader("Retry-After", "30");
        });
        Connection connection = sandboxConnection();
        connection.tokenUrl = server.url(QStringLiteral("/token")).toString();
        Scenario scenario;
        makeScenario(scenario, 1, connection);
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 1, 10000);
        QElapsedTimer clock;
        clock.start();
        runner.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 2000);
        QVERIFY(clock.elapsed() < 2000);
        QVERIFY(!runner.tokenCache()->status(QStringLiteral("sandbox")).fetching);
        QTest::qWait(300);
        QCOMPARE(server.requestCount(), 1);
    }

    // The sandbox's busy token endpoint, as the examples use it.
    void sandboxBusyTokenEndpoint()
    {
        Connection connection = sandboxConnection();
        connection.tokenUrl
            = QStringLiteral("{{sandbox.url}}/oauth/busy/token?key=t&busy=1&retry_after=1");
        Scenario scenario;
        makeScenario(scenario, 1, connection);
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        prepare(runner, secrets);
        QVERIFY2(runAndWait(runner, scenario), qPrintable(runner.results().run(1).error));
        QCOMPARE(m_sandbox->tokensIssued(), 1);
        const QStringList warnings = runner.results().run(1).warnings;
        QVERIFY2(warnings.join(u' ').contains(QLatin1String("answered 429")),
            qPrintable(warnings.join(u' ')));
    }

    void withoutExpiresInReusedUntilExpired()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        int issued = 0;
        server.setHandler([&issued](const TestHttpServer::Request &request) {
            if (request.path == "/token") {
                ++issued;
                return TestHttpServer::Response::json(
                    QStringLiteral("{\"access_token\":\"token-number-%1-abcdefgh\","
                                   "\"token_type\":\"bearer\"}")
                        .arg(issued)
                        .toUtf8());
            }
            const QByteArray expected
                = "Bearer token-number-" + QByteArray::number(issued) + "-abcdefgh";
            // The first token stops working after its first use.
            if (request.header("Authorization") != expected
                || (issued == 1 && request.path == "/b"))
                return TestHttpServer::Response::json("{\"error\":\"invalid_token\"}", 401);
            return TestHttpServer::Response::json("{\"ok\":true}");
        });
        Connection connection;
        connection.id = QStringLiteral("api");
        connection.tokenUrl = server.url(QStringLiteral("/token")).toString();
        connection.clientId = QStringLiteral("id");
        connection.clientSecret = QStringLiteral("{{secrets.api_secret}}");
        QList<Module> modules;
        for (const QString &path : {QStringLiteral("/a"), QStringLiteral("/a"),
                 QStringLiteral("/b"), QStringLiteral("/a")}) {
            Module m;
            m.id = int(modules.size()) + 1;
            m.config.url = server.url(path).toString();
            m.config.authentication = AuthType::Connection;
            m.config.connection = QStringLiteral("api");
            modules.append(m);
        }
        Scenario scenario;
        scenario.reset(QStringLiteral("s"), modules, {}, 0, {connection});
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        secrets.setValue(QStringLiteral("api_secret"), QStringLiteral("s3cr3t-value"));
        runner.setSecretProvider(&secrets);
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(issued, 2);
        QVERIFY(!runner.tokenCache()->status(QStringLiteral("api")).token.expiresAt.isValid());
        // The client secret went in the form body (client authentication "body").
        const TestHttpServer::Request tokenRequest = server.requests().first();
        QVERIFY(tokenRequest.body.contains("client_secret=s3cr3t-value"));
        QVERIFY(tokenRequest.body.contains("grant_type=client_credentials"));
    }

    // A token endpoint that answers 300 MB (no Content-Length, so only reading tells): with
    // a 1 MB limit the module fails saying so, and reading stopped near the limit instead of
    // holding the whole answer (before, the token request read up to 100 MB whatever the
    // limit, and then said only that there was no access_token).
    void hugeTokenAnswerStopsAtTheResponseLimit()
    {
        FaultServer server;
        QVERIFY(server.listen());
        Connection connection;
        connection.id = QStringLiteral("api");
        connection.name = QStringLiteral("Huge");
        connection.tokenUrl = server.url(QStringLiteral("/big?mb=300&length=0")).toString();
        connection.clientId = QStringLiteral("id");
        connection.clientSecret = QStringLiteral("not-a-secret");
        Module m;
        m.id = 1;
        m.config.url = server.url(QStringLiteral("/ok")).toString();
        m.config.authentication = AuthType::Connection;
        m.config.connection = QStringLiteral("api");
        Scenario scenario;
        scenario.reset(QStringLiteral("s"), {m}, {}, 0, {connection});
        ScenarioRunner runner;
        HeadlessSecretProvider secrets(noEnvironment());
        runner.setSecretProvider(&secrets);
        runner.setMaxResponseBytes(1024 * 1024);

        const qint64 peakBefore = peakMemoryKb();
        QVERIFY(!runAndWait(runner, scenario));
        const ModuleRun run = runner.results().run(1);
        QCOMPARE(run.status, ModuleRunStatus::Failed);
        QVERIFY2(run.error.contains(QLatin1String("The token endpoint's answer is larger than "
                                                  "1 MB")),
            qPrintable(run.error));
        QVERIFY2(run.error.contains(QStringLiteral("\u201cHuge\u201d")), qPrintable(run.error));
        // The module's own request was never sent.
        QCOMPARE(server.targets().size(), 1);
        if (peakBefore > 0)
            QVERIFY2(peakMemoryKb() - peakBefore < 50 * 1024,
                qPrintable(QString::number(peakMemoryKb() - peakBefore)));
    }

private:
    /// The process's peak resident memory (VmHWM) in KB; 0 where /proc does not tell.
    static qint64 peakMemoryKb()
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return 0;
    }
};

QTEST_GUILESS_MAIN(TestTokenCache)
#include "tst_tokencache.moc"
