#include "BoundSecrets.h"
#include "TestHttpServer.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Connection.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/sandbox/SandboxServer.h"
#include "core/trust/Origin.h"
#include "core/trust/SecretBindings.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

namespace {

QString sandboxTls(const QString &name)
{
    return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/sandbox-tls/") + name;
}

/// NAME of the connection's {{secrets.NAME}}.
QString secretNameOf(const Connection &connection)
{
    const QString reference = connection.secret();
    return reference.mid(10, reference.size() - 12);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

Q_DECLARE_METATYPE(Connection)

/// Connections that sign in without a token endpoint (API key, Bearer, Basic) and with a
/// client certificate (mutual TLS), as a run uses them: what reaches the server, what is
/// saved, what is shown, and where a secret may not go (docs/connections.md).
class TestSignIn : public QObject
{
    Q_OBJECT

private:
    SandboxServer m_sandbox;
    QTemporaryDir m_dir;

    static Module moduleUsing(const QString &url, const QString &connection)
    {
        Module m;
        m.id = 1;
        m.config.url = url;
        m.config.authentication = AuthType::Connection;
        m.config.connection = connection;
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
    static Connection typed(const QString &type)
    {
        Connection c;
        c.id = QStringLiteral("api");
        c.name = QStringLiteral("My API");
        c.type = type;
        return c;
    }
    /// A server of this test's own that speaks https and lets in only clients with a
    /// certificate the sandbox's test CA signed.
    static QSslConfiguration mutualTls()
    {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(QSslCertificate(readAll(sandboxTls(QStringLiteral("server.pem")))));
        ssl.setPrivateKey(QSslKey(readAll(sandboxTls(QStringLiteral("server.key"))), QSsl::Rsa));
        ssl.setCaCertificates(
            QSslCertificate::fromData(readAll(sandboxTls(QStringLiteral("ca.pem")))));
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        return ssl;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_sandbox.start(0));
    }
    void init() { QFile::remove(qEnvironmentVariable("SCENARIST_TRUST_FILE")); }

    void eachTypeSignsIn_data()
    {
        QTest::addColumn<Connection>("connection");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("signedInWith");
        Connection header = typed(Connection::apiKeyType());
        header.apiKey = QStringLiteral("{{secrets.api_key}}");
        QTest::newRow("API key in a header")
            << header << SandboxServer::demoApiKey() << QStringLiteral("api key header");
        Connection query = typed(Connection::apiKeyType());
        query.apiKeyName = QStringLiteral("api_key");
        query.apiKeyIn = ApiKeyPlace::Query;
        query.apiKey = QStringLiteral("{{secrets.api_key}}");
        QTest::newRow("API key in the query")
            << query << SandboxServer::demoApiKey() << QStringLiteral("api key query");
        Connection bearer = typed(Connection::bearerType());
        bearer.bearerToken = QStringLiteral("{{secrets.token}}");
        QTest::newRow("Bearer") << bearer << SandboxServer::demoBearerToken()
                                << QStringLiteral("bearer");
        Connection basic = typed(Connection::basicType());
        basic.username = SandboxServer::demoUsername();
        basic.password = QStringLiteral("{{secrets.password}}");
        QTest::newRow("Basic") << basic << SandboxServer::demoPassword() << QStringLiteral("basic");
    }

    void eachTypeSignsIn()
    {
        QFETCH(Connection, connection);
        QFETCH(QString, secret);
        QFETCH(QString, signedInWith);
        BoundSecrets secrets;
        const QString name = secretNameOf(connection);
        secrets.values.insert(name, secret);
        Scenario scenario;
        scenario.setConnections({connection});
        Module module = moduleUsing(
            m_sandbox.baseUrl().toString() + QStringLiteral("/api/signin"), connection.id);
        // A header typed into the module gives way to the connection's.
        module.config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer old")}};
        scenario.addModule(module);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        QVERIFY(run(runner, scenario));
        const ModuleRun result = runner.results().run(1);
        QCOMPARE(result.output.value(QStringLiteral("statusCode")).toInt(), 200);
        QCOMPARE(result.output.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("signed_in_with"))
                     .toString(),
            signedInWith);

        // What people see of the request (the inspector, the JSON report) hides the secret.
        const QByteArray shown = QJsonDocument(result.inputBundle()).toJson();
        QVERIFY2(!shown.contains(secret.toUtf8()), shown.constData());
        QVERIFY2(!shown.contains(QByteArray("Bearer old")), shown.constData());
        // The saved file keeps the secret's name only.
        ScenarioDocument document = ScenarioDocument::fromScenario(scenario);
        const QByteArray saved = ScenarioFile::serialize(document);
        QVERIFY(!saved.contains(secret.toUtf8()));
        QVERIFY(saved.contains(QStringLiteral("{{secrets.%1}}").arg(name).toUtf8()));
    }

    void wrongSecretIsRefusedByTheServer()
    {
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("password"), QStringLiteral("not-the-password"));
        Connection basic = typed(Connection::basicType());
        basic.username = SandboxServer::demoUsername();
        basic.password = QStringLiteral("{{secrets.password}}");
        Scenario scenario;
        scenario.setConnections({basic});
        scenario.addModule(
            moduleUsing(m_sandbox.baseUrl().toString() + QStringLiteral("/api/signin"), basic.id));
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        QVERIFY(!run(runner, scenario));
        const ModuleRun result = runner.results().run(1);
        QCOMPARE(result.exchange.statusCode, 401);
        QVERIFY(!result.error.contains(QLatin1String("not-the-password")));
    }

    // A key bound to one server never goes to another, whatever module asks.
    void aKeyGoesOnlyWhereItIsBound()
    {
        TestHttpServer allowed;
        TestHttpServer other;
        QVERIFY(allowed.listen());
        QVERIFY(other.listen());
        SecretBindings::setAllowedOrigins(QStringLiteral("api_key"), {Origin::of(allowed.url())});
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("api_key"), QStringLiteral("k3y-for-allowed-only"));
        Connection key = typed(Connection::apiKeyType());
        key.apiKey = QStringLiteral("{{secrets.api_key}}");
        Scenario scenario;
        scenario.setConnections({key});
        scenario.addModule(moduleUsing(other.url(QStringLiteral("/steal")).toString(), key.id));
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setBindSecretsOnFirstUse(false);
        QVERIFY(!run(runner, scenario));
        const ModuleRun failed = runner.results().run(1);
        QVERIFY2(failed.error.contains(QLatin1String("may be sent to")), qPrintable(failed.error));
        QTest::qWait(100);
        QCOMPARE(other.requestCount(), 0);

        Scenario mine;
        mine.setConnections({key});
        mine.addModule(moduleUsing(allowed.url(QStringLiteral("/ok")).toString(), key.id));
        QVERIFY(run(runner, mine));
        QCOMPARE(allowed.lastRequest().header("X-API-Key"), QByteArray("k3y-for-allowed-only"));
    }

    // A module that fetches pages and signs in with a key sends every page, the first
    // included, with both its page parameters and the key.
    void aKeyedModuleSendsThePageParametersFromTheFirstPage()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            const QUrlQuery query(QString::fromLatin1(request.query));
            const int offset = query.queryItemValue(QStringLiteral("offset")).toInt();
            return TestHttpServer::Response::json(offset < 4
                    ? QByteArray("{\"items\":[") + QByteArray::number(offset + 1) + ","
                        + QByteArray::number(offset + 2) + "]}"
                    : QByteArray("{\"items\":[]}"));
        });
        SecretBindings::setAllowedOrigins(QStringLiteral("api_key"), {Origin::of(server.url())});
        BoundSecrets secrets;
        secrets.values.insert(QStringLiteral("api_key"), QStringLiteral("k3y-on-every-page"));
        Connection key = typed(Connection::apiKeyType());
        key.apiKey = QStringLiteral("{{secrets.api_key}}");
        Module module = moduleUsing(server.url(QStringLiteral("/items")).toString(), key.id);
        module.config.pagination.mode = PaginationMode::OffsetLimit;
        module.config.pagination.parameter = QStringLiteral("offset");
        module.config.pagination.limitParameter = QStringLiteral("limit");
        module.config.pagination.limit = QStringLiteral("2");
        module.config.pagination.itemsField = QStringLiteral("items");
        Scenario scenario;
        scenario.setConnections({key});
        scenario.addModule(module);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        QVERIFY(run(runner, scenario));
        QStringList targets;
        for (const TestHttpServer::Request &request : server.requests()) {
            targets.append(QString::fromLatin1(request.target));
            QCOMPARE(request.header("X-API-Key"), QByteArray("k3y-on-every-page"));
        }
        QCOMPARE(targets,
            (QStringList {QStringLiteral("/items?offset=0&limit=2"),
                QStringLiteral("/items?offset=2&limit=2"),
                QStringLiteral("/items?offset=4&limit=2")}));
    }

    void clientCertificate_data()
    {
        QTest::addColumn<QString>("certificateFile");
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("error"); ///< empty: signs in
        QTest::newRow("PKCS#12") << QStringLiteral("client.p12") << QString()
                                 << SandboxServer::demoCertificatePassword() << QString();
        QTest::newRow("PEM certificate and key files")
            << QStringLiteral("client.pem") << QStringLiteral("client.key") << QString()
            << QString();
        QTest::newRow("wrong PKCS#12 password")
            << QStringLiteral("client.p12") << QString() << QStringLiteral("wrong-password-77")
            << QStringLiteral("the certificate password is wrong");
        QTest::newRow("a key file that is not a key")
            << QStringLiteral("client.pem") << QStringLiteral("ca.pem") << QString()
            << QStringLiteral("is not a private key");
        QTest::newRow("no key at all") << QStringLiteral("client.pem") << QString() << QString()
                                       << QStringLiteral("holds no private key");
    }

    void clientCertificate()
    {
        QFETCH(QString, certificateFile);
        QFETCH(QString, keyFile);
        QFETCH(QString, password);
        QFETCH(QString, error);
        TestHttpServer server;
        QVERIFY(server.listenTls(mutualTls()));
        Connection mtls = typed(Connection::clientCertificateType());
        mtls.certificateFile = sandboxTls(certificateFile);
        mtls.privateKeyFile = keyFile.isEmpty() ? QString() : sandboxTls(keyFile);
        BoundSecrets secrets;
        if (!password.isEmpty()) {
            mtls.certificatePassword = QStringLiteral("{{secrets.certificate_password}}");
            secrets.values.insert(QStringLiteral("certificate_password"), password);
        }
        Scenario scenario;
        scenario.setConnections({mtls});
        Module module = moduleUsing(server.url(QStringLiteral("/hello")).toString(), mtls.id);
        module.config.caCertificate = sandboxTls(QStringLiteral("ca.pem"));
        scenario.addModule(module);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        const bool ok = run(runner, scenario);
        const ModuleRun result = runner.results().run(1);
        if (error.isEmpty()) {
            QVERIFY2(ok, qPrintable(result.error));
            QCOMPARE(server.requestCount(), 1);
            return;
        }
        QVERIFY(!ok);
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
        QVERIFY2(result.error.contains(QStringLiteral("Connection \u201cMy API\u201d")),
            qPrintable(result.error));
        if (!password.isEmpty())
            QVERIFY(!result.error.contains(password));
        QCOMPARE(server.requestCount(), 0);
    }

    void withoutACertificateTheServerRefuses()
    {
        TestHttpServer server;
        QVERIFY(server.listenTls(mutualTls()));
        Scenario scenario;
        Module module;
        module.id = 1;
        module.config.url = server.url(QStringLiteral("/hello")).toString();
        module.config.caCertificate = sandboxTls(QStringLiteral("ca.pem"));
        scenario.addModule(module);
        ScenarioRunner runner;
        QVERIFY(!run(runner, scenario));
        QCOMPARE(server.requestCount(), 0);
        const QString error = runner.results().run(1).error;
        QVERIFY2(error.contains(QLatin1String("sign in with a connection that has one")),
            qPrintable(error));
    }

    // The sandbox's own https port, as examples reach it with {{sandbox.tlsUrl}}.
    void sandboxHttpsPortAsksForTheCertificate()
    {
        QVERIFY(m_sandbox.startTls(0));
        QCOMPARE(m_sandbox.namedRoot().value(QStringLiteral("tlsUrl")).toString(),
            m_sandbox.tlsUrl().toString());
        Connection mtls = typed(Connection::clientCertificateType());
        mtls.certificateFile = sandboxTls(QStringLiteral("client.p12"));
        mtls.certificatePassword = QStringLiteral("{{secrets.certificate_password}}");
        BoundSecrets secrets;
        secrets.values.insert(
            QStringLiteral("certificate_password"), SandboxServer::demoCertificatePassword());
        Scenario scenario;
        scenario.setConnections({mtls});
        Module module = moduleUsing(QStringLiteral("{{sandbox.tlsUrl}}/api/signin"), mtls.id);
        module.config.caCertificate = QStringLiteral("{{sandbox.caCertificate}}");
        scenario.addModule(module);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        runner.setNamedRoot(QStringLiteral("sandbox"), m_sandbox.namedRoot());
        QVERIFY2(run(runner, scenario), qPrintable(runner.results().run(1).error));
        QCOMPARE(runner.results()
                     .run(1)
                     .output.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("signed_in_with"))
                     .toString(),
            QStringLiteral("client certificate"));
    }
};

QTEST_GUILESS_MAIN(TestSignIn)
#include "tst_signin.moc"
