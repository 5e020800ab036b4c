#include "TestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/run/TokenCache.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QtTest>

/// Connections that sign in without a token endpoint, against Debian's httpbin, a server
/// nobody here wrote: /anything echoes what arrived, /bearer and /basic-auth check it.
class TestThirdPartySignIn : public QObject
{
    Q_OBJECT

private:
    QString m_httpbin;

    /// Runs one module that signs in with `connection`, its secret `secret` under `name`.
    static ModuleRun runWith(const Connection &connection, const QString &url, const QString &name,
        const QString &secret, bool expectOk = true)
    {
        Scenario scenario;
        scenario.setConnections({connection});
        Module m;
        m.id = 1;
        m.config.url = url;
        m.config.authentication = AuthType::Connection;
        m.config.connection = connection.id;
        scenario.addModule(m);
        HeadlessSecretProvider secrets {QProcessEnvironment()};
        secrets.setValue(name, secret);
        ScenarioRunner runner;
        runner.setSecretProvider(&secrets);
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        if (!finished.wait(30000))
            qWarning("the run did not finish within 30 s");
        else if (finished.first().first().toBool() != expectOk)
            qWarning() << "unexpected outcome:" << runner.results().run(1).error;
        return runner.results().run(1);
    }
    static QJsonObject data(const ModuleRun &run)
    {
        return run.output.value(QStringLiteral("data")).toObject();
    }
    static Connection typed(const QString &type)
    {
        Connection c;
        c.id = QStringLiteral("httpbin");
        c.name = QStringLiteral("httpbin");
        c.type = type;
        return c;
    }

private slots:
    void initTestCase()
    {
        m_httpbin = TestSupport::thirdPartyServers().value(QStringLiteral("HTTPBIN_URL"));
        QVERIFY2(!m_httpbin.isEmpty(),
            "The third-party servers are not running: run this test through ctest, whose "
            "fixture thirdparty_servers_start starts them.");
    }

    void apiKeyInAHeaderAndInTheQuery()
    {
        Connection header = typed(Connection::apiKeyType());
        header.apiKeyName = QStringLiteral("X-Api-Key");
        header.apiKey = QStringLiteral("{{secrets.api_key}}");
        ModuleRun run = runWith(header, m_httpbin + QStringLiteral("/anything"),
            QStringLiteral("api_key"), QStringLiteral("key with spaces & signs=1"));
        QCOMPARE(data(run)[QStringLiteral("headers")][QStringLiteral("X-Api-Key")].toString(),
            QStringLiteral("key with spaces & signs=1"));

        Connection query = header;
        query.apiKeyName = QStringLiteral("api_key");
        query.apiKeyIn = ApiKeyPlace::Query;
        run = runWith(query, m_httpbin + QStringLiteral("/anything?page=2"),
            QStringLiteral("api_key"), QStringLiteral("key with spaces & signs=1"));
        const QJsonObject args = data(run)[QStringLiteral("args")].toObject();
        QCOMPARE(args[QStringLiteral("api_key")].toString(),
            QStringLiteral("key with spaces & signs=1"));
        QCOMPARE(args[QStringLiteral("page")].toString(), QStringLiteral("2"));
        // The address as shown hides the key.
        const QByteArray shown = QJsonDocument(run.inputBundle()).toJson();
        QVERIFY2(!shown.contains("spaces"), shown.constData());
    }

    void bearerToken()
    {
        Connection bearer = typed(Connection::bearerType());
        bearer.bearerToken = QStringLiteral("{{secrets.token}}");
        const ModuleRun run = runWith(bearer, m_httpbin + QStringLiteral("/bearer"),
            QStringLiteral("token"), QStringLiteral("tok-123456"));
        QCOMPARE(run.exchange.statusCode, 200);
        QCOMPARE(data(run)[QStringLiteral("authenticated")].toBool(), true);
        QCOMPARE(data(run)[QStringLiteral("token")].toString(), QStringLiteral("tok-123456"));
    }

    void basic_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("status");
        QTest::newRow("right password") << QStringLiteral("pa:ss w\u00f6rd") << 200;
        QTest::newRow("wrong password") << QStringLiteral("wrong-one") << 401;
    }
    void basic()
    {
        QFETCH(QString, password);
        QFETCH(int, status);
        Connection basic = typed(Connection::basicType());
        basic.username = QStringLiteral("ada");
        basic.password = QStringLiteral("{{secrets.password}}");
        // httpbin compares the user and password it is given in the path.
        const QString url = m_httpbin + QStringLiteral("/basic-auth/ada/")
            + QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("pa:ss w\u00f6rd")));
        const ModuleRun run
            = runWith(basic, url, QStringLiteral("password"), password, status == 200);
        QCOMPARE(run.exchange.statusCode, status);
        if (status == 200)
            QCOMPARE(data(run)[QStringLiteral("user")].toString(), QStringLiteral("ada"));
        QVERIFY(!run.error.contains(password));
    }

    // A token URL that stays busy is asked again, a capped number of times.
    void busyTokenUrlIsAskedAgainThenGivesUp()
    {
        TokenCache cache;
        ClientCredentials c;
        c.connectionId = QStringLiteral("busy");
        c.connectionName = QStringLiteral("Busy");
        c.tokenUrl = m_httpbin + QStringLiteral("/status/503");
        c.retryMaxTries = 2;
        c.retryMaxWaitSeconds = 1;
        std::optional<TokenResult> got;
        QObject context;
        QElapsedTimer clock;
        clock.start();
        cache.token(c, &context, [&got](const TokenResult &r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 15000);
        QVERIFY(!got->ok());
        QCOMPARE(cache.tokenRequestCount(), 2);
        QCOMPARE(got->busyTries.size(), 1);
        QVERIFY2(got->error.contains(QLatin1String("after 2 tries")), qPrintable(got->error));
        QVERIFY(clock.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestThirdPartySignIn)
#include "tst_thirdparty_signin.moc"
