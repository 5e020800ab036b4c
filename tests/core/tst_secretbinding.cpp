#include "BoundSecrets.h"
#include "TestHttpServer.h"
#include "core/model/Connection.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/sandbox/SandboxServer.h"
#include "core/trust/Origin.h"
#include "core/trust/SecretBindings.h"

#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

/// Secrets are bound to the places they may be sent to (docs/sharing-scenarios-safely.md):
/// a module that would carry one, or a value computed from one, anywhere else fails before a
/// single byte leaves; what the servers received is checked byte for byte.
class TestSecretBinding : public QObject
{
    Q_OBJECT

private:
    static constexpr auto Secret = "s3cr3t-value-42";

    static Module headerModule(ModuleId id, const QUrl &url, const QString &value)
    {
        Module m;
        m.id = id;
        m.config.url = url.toString();
        m.config.headers = {{QStringLiteral("X-Api-Key"), value}};
        return m;
    }
    static bool run(ScenarioRunner &runner, const Scenario &scenario)
    {
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        if (!finished.wait(20000))
            return false;
        return finished.first().first().toBool();
    }
    static QByteArray allBytes(const TestHttpServer &server)
    {
        QByteArray bytes;
        for (const TestHttpServer::Request &request : server.requests())
            bytes += request.raw;
        return bytes;
    }

private slots:
    void init() { QFile::remove(qEnvironmentVariable("SCENARIST_TRUST_FILE")); }

    void originsAreSchemeHostAndPort_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("origin");
        QTest::newRow("default https port") << "https://API.example.com:443/x?y"
                                            << "https://api.example.com";
        QTest::newRow("other port") << "http://127.0.0.1:8765/oauth"
                                    << "http://127.0.0.1:8765";
        QTest::newRow("http default") << "http://example.com/"
                                      << "http://example.com";
        QTest::newRow("ipv6") << "http://[::1]:81/"
                              << "http://[::1]:81";
    }
    void originsAreSchemeHostAndPort()
    {
        QFETCH(QString, url);
        QFETCH(QString, origin);
        QCOMPARE(Origin::of(QUrl(url)), origin);
    }

    void allowedPlacesAreParsedAsPeopleWriteThem()
    {
        QCOMPARE(Origin::parseAllowed(QStringLiteral("auth.example.com")),
            QStringList({QStringLiteral("https://auth.example.com"),
                QStringLiteral("http://auth.example.com")}));
        QCOMPARE(Origin::parseAllowed(QStringLiteral("localhost:8443")),
            QStringList({QStringLiteral("https://localhost:8443"),
                QStringLiteral("http://localhost:8443")}));
        QCOMPARE(Origin::parseAllowed(QStringLiteral("https://h.example:8443")),
            QStringList {QStringLiteral("https://h.example:8443")});
        QString error;
        QVERIFY(Origin::parseAllowed(QStringLiteral("https://h.example/path"), &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("no path")));
        QVERIFY(Origin::parseAllowed(QStringLiteral("ftp://h.example"), &error).isEmpty());
    }

    // The attack of the issue: a shared file maps a keychain secret into a header for its
    // own server. It fails before anything is sent; the allowed server still gets it.
    void aSecretGoesOnlyWhereItIsBound()
    {
        TestHttpServer allowed;
        TestHttpServer other;
        QVERIFY(allowed.listen());
        QVERIFY(other.listen());
        SecretBindings::setAllowedOrigins(QStringLiteral("api_key"), {Origin::of(allowed.url())});
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("api_key"), QLatin1String(Secret));

        Scenario theirs;
        theirs.addModule(headerModule(
            1, other.url(QStringLiteral("/steal")), QStringLiteral("{{secrets.api_key}}")));
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setBindSecretsOnFirstUse(false);
        QVERIFY(!run(runner, theirs));
        const ModuleRun failed = runner.results().run(1);
        QCOMPARE(failed.status, ModuleRunStatus::Failed);
        QCOMPARE(failed.error,
            QStringLiteral("The secret \u201capi_key\u201d may be sent to %1 only; this module "
                           "sends it to %2. Nothing was sent.")
                .arg(Origin::of(allowed.url()), Origin::of(other.url())));
        QCOMPARE(failed.secretRefusals.size(), 1);
        QCOMPARE(failed.secretRefusals.first().origin, Origin::of(other.url()));
        QTest::qWait(100);
        QCOMPARE(other.requestCount(), 0);
        QVERIFY(runner.results().secretsSentTo().isEmpty());

        Scenario mine;
        mine.addModule(headerModule(
            1, allowed.url(QStringLiteral("/ok")), QStringLiteral("{{secrets.api_key}}")));
        QVERIFY(run(runner, mine));
        QVERIFY(allBytes(allowed).contains(QByteArray("X-Api-Key: ") + Secret));
        QCOMPARE(runner.results().secretsSentTo().value(QStringLiteral("api_key")),
            QStringList {Origin::of(allowed.url())});
    }

    // Values computed from a secret are bound like it, and masked wherever shown.
    void valuesComputedFromASecretAreBoundAndMasked_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QByteArray>("sent");
        const QByteArray secret(Secret);
        QTest::newRow("base64") << "{{base64(secrets.api_key)}}" << secret.toBase64();
        QTest::newRow("upper") << "{{upper(secrets.api_key)}}" << secret.toUpper();
        QTest::newRow("replace") << "{{replace(secrets.api_key; \"42\"; \"x\")}}"
                                 << QByteArray("s3cr3t-value-x");
        QTest::newRow("concatenation in text")
            << "Key {{secrets.api_key + \"-suffix\"}} here" << secret + "-suffix";
        QTest::newRow("sha256")
            << "{{sha256(secrets.api_key)}}"
            << QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex();
    }
    void valuesComputedFromASecretAreBoundAndMasked()
    {
        QFETCH(QString, field);
        QFETCH(QByteArray, sent);
        TestHttpServer allowed;
        TestHttpServer other;
        QVERIFY(allowed.listen());
        QVERIFY(other.listen());
        SecretBindings::setAllowedOrigins(QStringLiteral("api_key"), {Origin::of(allowed.url())});
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("api_key"), QLatin1String(Secret));
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setBindSecretsOnFirstUse(false);

        Scenario theirs;
        theirs.addModule(headerModule(1, other.url(), field));
        QVERIFY(!run(runner, theirs));
        QVERIFY(runner.results().run(1).error.contains(QLatin1String("api_key")));
        QTest::qWait(50);
        QCOMPARE(other.requestCount(), 0);

        Scenario mine;
        mine.addModule(headerModule(1, allowed.url(), field));
        QVERIFY(run(runner, mine));
        QVERIFY2(allBytes(allowed).contains(sent), allBytes(allowed).constData());
        // Shown masked: the input bundle (inspector, JSON report) never holds the value.
        const QByteArray shown
            = QJsonDocument(runner.results().run(1).inputBundle()).toJson(QJsonDocument::Compact);
        QVERIFY2(!shown.contains(sent), shown.constData());
        QVERIFY(shown.contains("********"));
    }

    // A connection's client secret goes to the token URL, and the token got with it to the
    // module's server: both must be allowed places, or nothing is sent to either.
    void aConnectionSendsItsSecretAndTokenOnlyToAllowedPlaces()
    {
        SandboxServer tokens;
        QString error;
        QVERIFY2(tokens.start(0, &error), qPrintable(error));
        TestHttpServer api;
        QVERIFY(api.listen());
        const QString tokenOrigin = Origin::of(tokens.baseUrl());
        SecretBindings::setAllowedOrigins(QStringLiteral("client_secret"), {tokenOrigin});
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("client_secret"), SandboxServer::demoClientSecret());

        Scenario scenario;
        Connection connection;
        connection.id = QStringLiteral("sandbox");
        connection.tokenUrl = tokens.baseUrl().toString() + QStringLiteral("/oauth/token");
        connection.clientId = SandboxServer::demoClientId();
        connection.clientSecret = QStringLiteral("{{secrets.client_secret}}");
        scenario.setConnections({connection});
        Module module;
        module.id = 1;
        module.config.url = api.url(QStringLiteral("/me")).toString();
        module.config.authentication = AuthType::Connection;
        module.config.connection = QStringLiteral("sandbox");
        scenario.addModule(module);

        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setBindSecretsOnFirstUse(false);
        QVERIFY(!run(runner, scenario));
        QVERIFY2(runner.results().run(1).error.contains(Origin::of(api.url())),
            qPrintable(runner.results().run(1).error));
        QTest::qWait(50);
        QCOMPARE(api.requestCount(), 0);
        QCOMPARE(runner.tokenCache()->status(QStringLiteral("sandbox")).token.isValid(), false);

        SecretBindings::allow(QStringLiteral("client_secret"), Origin::of(api.url()));
        QVERIFY(run(runner, scenario));
        QVERIFY(allBytes(api).contains("Authorization: Bearer "));
        QCOMPARE(runner.results().secretsSentTo().value(QStringLiteral("client_secret")),
            QStringList({tokenOrigin, Origin::of(api.url())}));
    }

    // The user's own scenario binds a secret with no record yet where it first goes; a
    // scenario from elsewhere never does.
    void aNewSecretIsBoundWhereTheUsersOwnScenarioFirstSendsIt()
    {
        TestHttpServer first;
        TestHttpServer second;
        QVERIFY(first.listen());
        QVERIFY(second.listen());
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("api_key"), QLatin1String(Secret));
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);

        Scenario fromElsewhere;
        fromElsewhere.addModule(
            headerModule(1, first.url(), QStringLiteral("{{secrets.api_key}}")));
        runner.setBindSecretsOnFirstUse(false);
        QVERIFY(!run(runner, fromElsewhere));
        QVERIFY(
            runner.results().run(1).error.contains(QLatin1String("may not be sent anywhere yet")));
        QVERIFY(!SecretBindings::allowedOrigins(QStringLiteral("api_key")));

        runner.setBindSecretsOnFirstUse(true);
        QVERIFY(run(runner, fromElsewhere));
        QCOMPARE(SecretBindings::allowedOrigins(QStringLiteral("api_key")).value_or(QStringList()),
            QStringList {Origin::of(first.url())});
        Scenario elsewhere;
        elsewhere.addModule(headerModule(1, second.url(), QStringLiteral("{{secrets.api_key}}")));
        QVERIFY(!run(runner, elsewhere));
        QTest::qWait(50);
        QCOMPARE(second.requestCount(), 0);
    }

    // Operator-given secrets (environment, --secrets) go where the file says unless
    // --secret-hosts restricts them; the restriction's name ignores case.
    void runGivenSecretsMayBeRestricted()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("SCENARIST_SECRET_API_KEY"), QLatin1String(Secret));
        HeadlessSecretProvider secrets(environment);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setBindSecretsOnFirstUse(false);
        Scenario scenario;
        scenario.addModule(headerModule(1, server.url(), QStringLiteral("{{secrets.api_key}}")));
        QVERIFY(run(runner, scenario));
        QCOMPARE(server.requestCount(), 1);

        secrets.restrictTo(
            QStringLiteral("API_KEY"), {QStringLiteral("https://elsewhere.example")});
        QVERIFY(!run(runner, scenario));
        QTest::qWait(50);
        QCOMPARE(server.requestCount(), 1);
        secrets.restrictTo(QStringLiteral("api_key"), {Origin::of(server.url())});
        QVERIFY(run(runner, scenario));
        QCOMPARE(server.requestCount(), 2);
    }

    // A secret read through a name that a server's answer chose is still that secret.
    void aSecretChosenByAMappingIsStillBound()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.route("/which", TestHttpServer::Response::json(R"({"name": "api_key"})"));
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("api_key"), QLatin1String(Secret));
        secrets.values.insert(QStringLiteral("other"), QStringLiteral("unused"));
        SecretBindings::setAllowedOrigins(
            QStringLiteral("api_key"), {QStringLiteral("https://x.example")});
        SecretBindings::setAllowedOrigins(QStringLiteral("other"), {Origin::of(server.url())});
        Scenario scenario;
        Module which;
        which.id = 1;
        which.config.url = server.url(QStringLiteral("/which")).toString();
        scenario.addModule(which);
        // Names api_key (so it is looked up) but sends it to the server through the answer.
        scenario.addModule(headerModule(2, server.url(QStringLiteral("/steal")),
            QStringLiteral(
                "{{if(false; secrets.api_key; secrets.other)}}{{secrets[1.data.name]}}")));
        scenario.link(1, 2);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setBindSecretsOnFirstUse(false);
        QVERIFY(!run(runner, scenario));
        QCOMPARE(runner.results().run(2).status, ModuleRunStatus::Failed);
        QVERIFY(!allBytes(server).contains(Secret));
    }

    // The sandbox this process serves itself is always allowed: nothing leaves the program.
    void theInProcessSandboxIsAlwaysAllowed()
    {
        SandboxServer sandbox;
        QVERIFY(sandbox.start(0));
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("client_secret"), SandboxServer::demoClientSecret());
        SecretBindings::setAllowedOrigins(QStringLiteral("client_secret"), {});
        Scenario scenario;
        Module token;
        token.id = 1;
        token.config.method = QStringLiteral("POST");
        token.config.url = sandbox.baseUrl().toString() + QStringLiteral("/oauth/token");
        token.config.bodyType = BodyType::UrlEncoded;
        token.config.urlEncodedFields
            = {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                {QStringLiteral("client_id"), SandboxServer::demoClientId()},
                {QStringLiteral("client_secret"), QStringLiteral("{{secrets.client_secret}}")}};
        scenario.addModule(token);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setBindSecretsOnFirstUse(false);
        QVERIFY(!run(runner, scenario));
        runner.setInProcessSandbox(sandbox.baseUrl());
        QVERIFY(run(runner, scenario));
        QCOMPARE(runner.results().secretsSentTo().value(QStringLiteral("client_secret")),
            QStringList {Origin::of(sandbox.baseUrl())});
    }
};

QTEST_GUILESS_MAIN(TestSecretBinding)
#include "tst_secretbinding.moc"
