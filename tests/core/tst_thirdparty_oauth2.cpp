#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/run/TokenCache.h"

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

/// Connections against npm's oauth2-mock-server (and httpbin as the protected API), on
/// loopback: client authentication in the body and as a Basic header, checked on the wire
/// through the "received" object tests/servers/oauth2-mock.mjs adds to token responses.
class TestThirdPartyOAuth2 : public QObject
{
    Q_OBJECT

private:
    QString m_httpbin;
    QString m_oauth;

    ClientCredentials credentials(ClientAuthentication authentication) const
    {
        ClientCredentials c;
        c.connectionId = QStringLiteral("mock");
        c.connectionName = QStringLiteral("Mock");
        c.tokenUrl = m_oauth + QStringLiteral("/token");
        // Characters that Basic must form-encode before Base64 (RFC 6749 §2.3.1).
        c.clientId = QStringLiteral("my client:1");
        c.clientSecret = QStringLiteral("s3cr%t&=x");
        c.scope = QStringLiteral("read write");
        c.audience = QStringLiteral("https://api.example.com");
        c.extraParameters = {{QStringLiteral("resource"), QStringLiteral("items")}};
        c.clientAuthentication = authentication;
        return c;
    }
    static TokenResult fetch(TokenCache &cache, const ClientCredentials &c)
    {
        TokenResult answer;
        bool done = false;
        cache.token(c, &cache, [&](const TokenResult &r) {
            answer = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 15000))
            answer.error = QStringLiteral("no answer within 15 s");
        return answer;
    }

private slots:
    void initTestCase()
    {
        const QHash<QString, QString> servers = TestSupport::thirdPartyServers();
        m_httpbin = servers.value(QStringLiteral("HTTPBIN_URL"));
        m_oauth = servers.value(QStringLiteral("OAUTH2_MOCK_URL"));
        QVERIFY2(!m_httpbin.isEmpty() && !m_oauth.isEmpty(),
            "The third-party servers are not running: run this test through ctest, whose "
            "fixture thirdparty_servers_start starts them.");
    }

    void clientAuthenticationInTheBody()
    {
        TokenCache cache;
        const TokenResult result = fetch(cache, credentials(ClientAuthentication::Body));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.fetched);
        QCOMPARE(result.token.tokenType, QStringLiteral("Bearer"));
        QVERIFY(result.token.expiresAt.isValid());
        const QJsonObject received = result.response.value(QStringLiteral("received")).toObject();
        QVERIFY(received.value(QStringLiteral("authorization")).isNull());
        QVERIFY(received.value(QStringLiteral("contentType"))
                    .toString()
                    .startsWith(QLatin1String("application/x-www-form-urlencoded")));
        const QJsonObject body = received.value(QStringLiteral("body")).toObject();
        QCOMPARE(body.value(QStringLiteral("grant_type")).toString(),
            QStringLiteral("client_credentials"));
        QCOMPARE(body.value(QStringLiteral("client_id")).toString(), QStringLiteral("my client:1"));
        QCOMPARE(
            body.value(QStringLiteral("client_secret")).toString(), QStringLiteral("s3cr%t&=x"));
        QCOMPARE(body.value(QStringLiteral("scope")).toString(), QStringLiteral("read write"));
        QCOMPARE(body.value(QStringLiteral("audience")).toString(),
            QStringLiteral("https://api.example.com"));
        QCOMPARE(body.value(QStringLiteral("resource")).toString(), QStringLiteral("items"));
    }

    void clientAuthenticationAsBasicHeader()
    {
        TokenCache cache;
        const TokenResult result = fetch(cache, credentials(ClientAuthentication::Basic));
        QVERIFY2(result.ok(), qPrintable(result.error));
        const QJsonObject received = result.response.value(QStringLiteral("received")).toObject();
        const QString authorization = received.value(QStringLiteral("authorization")).toString();
        QVERIFY2(authorization.startsWith(QLatin1String("Basic ")), qPrintable(authorization));
        // id and secret are form-encoded, then joined by ':' and Base64-encoded.
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).toLatin1());
        const qsizetype colon = decoded.indexOf(':');
        QCOMPARE(QUrl::fromPercentEncoding(decoded.left(colon)), QStringLiteral("my client:1"));
        QCOMPARE(QUrl::fromPercentEncoding(decoded.mid(colon + 1)), QStringLiteral("s3cr%t&=x"));
        QCOMPARE(decoded.count(':'), 1);
        const QJsonObject body = received.value(QStringLiteral("body")).toObject();
        QVERIFY(!body.contains(QStringLiteral("client_secret")));
        QVERIFY(!body.contains(QStringLiteral("client_id")));
        QCOMPARE(body.value(QStringLiteral("grant_type")).toString(),
            QStringLiteral("client_credentials"));
    }

    void moduleSendsTheTokenToTheApi_data()
    {
        QTest::addColumn<ClientAuthentication>("authentication");
        QTest::newRow("body") << ClientAuthentication::Body;
        QTest::newRow("basic") << ClientAuthentication::Basic;
    }
    void moduleSendsTheTokenToTheApi()
    {
        QFETCH(ClientAuthentication, authentication);
        Connection connection;
        connection.id = QStringLiteral("mock");
        connection.name = QStringLiteral("Mock");
        connection.tokenUrl = m_oauth + QStringLiteral("/token");
        connection.clientId = QStringLiteral("client");
        connection.clientSecret = QStringLiteral("{{secrets.mock_secret}}");
        connection.clientAuthentication = authentication;
        QList<Module> modules;
        for (ModuleId id : {1, 2}) {
            Module m;
            m.id = id;
            m.config.url = m_httpbin + QStringLiteral("/anything");
            m.config.authentication = AuthType::Connection;
            m.config.connection = QStringLiteral("mock");
            modules.append(m);
        }
        Scenario scenario;
        scenario.reset(QStringLiteral("httpbin"), modules, {}, 0, {connection});
        ScenarioRunner runner;
        HeadlessSecretProvider secrets {QProcessEnvironment()};
        secrets.setValue(QStringLiteral("mock_secret"), QStringLiteral("mock-secret-value"));
        runner.setSecretProvider(&secrets);
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.first().first().toBool(),
            qPrintable(runner.results().run(1).error + runner.results().run(2).error));
        const QString token = runner.tokenCache()->status(QStringLiteral("mock")).token.accessToken;
        QVERIFY(!token.isEmpty());
        for (ModuleId id : {1, 2}) {
            const QJsonObject data
                = runner.results().run(id).output.value(QStringLiteral("data")).toObject();
            const QJsonObject headers = data.value(QStringLiteral("headers")).toObject();
            QCOMPARE(headers.value(QStringLiteral("Authorization")).toString(),
                QStringLiteral("Bearer ") + token);
        }
        QCOMPARE(runner.tokenCache()->tokenRequestCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestThirdPartyOAuth2)
#include "tst_thirdparty_oauth2.moc"
