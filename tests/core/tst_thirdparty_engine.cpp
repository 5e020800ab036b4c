#include "TestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

/// The engine against real third-party servers that the test script starts on loopback:
/// Debian's httpbin (its /anything echoes what arrived) and npm's oauth2-mock-server.
class TestThirdPartyEngine : public QObject
{
    Q_OBJECT

private:
    QString m_httpbin;
    QString m_oauth;

    static Module request(const QString &method, const QString &url)
    {
        Module m;
        m.config.method = method;
        m.config.url = url;
        return m;
    }

    /// Runs the modules in order and returns the runner's results.
    static RunResult run(const QList<Module> &modules, bool expectOk = true)
    {
        Scenario scenario;
        for (const Module &m : modules)
            scenario.addModule(m);
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        if (!finished.wait(30000))
            qWarning("the run did not finish within 30 s");
        else if (finished.first().first().toBool() != expectOk)
            qWarning() << "unexpected run outcome; module errors:" << runner.results().run(1).error
                       << runner.results().run(2).error;
        return runner.results();
    }

    static QJsonObject echo(const RunResult &results, ModuleId id)
    {
        return results.run(id).output.value(QStringLiteral("data")).toObject();
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

    void headersAndQueryArriveAsTyped()
    {
        Module m = request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/anything?fixed=1"));
        m.config.headers = {{QStringLiteral("X-Trace"), QStringLiteral("abc 123")},
            {QStringLiteral("Accept"), QStringLiteral("application/json")}};
        m.config.query = {{QStringLiteral("q"), QStringLiteral("caf\u00e9 & cr\u00e8me=1+1")},
            {QStringLiteral("tag"), QStringLiteral("a")},
            {QStringLiteral("tag"), QStringLiteral("b")}};
        const RunResult r = run({m});
        const QJsonObject e = echo(r, 1);
        QCOMPARE(e[QStringLiteral("headers")][QStringLiteral("X-Trace")].toString(),
            QStringLiteral("abc 123"));
        QCOMPARE(e[QStringLiteral("args")][QStringLiteral("q")].toString(),
            QStringLiteral("caf\u00e9 & cr\u00e8me=1+1"));
        QCOMPARE(
            e[QStringLiteral("args")][QStringLiteral("fixed")].toString(), QStringLiteral("1"));
        QCOMPARE(e[QStringLiteral("args")][QStringLiteral("tag")].toArray(),
            (QJsonArray {QStringLiteral("a"), QStringLiteral("b")}));
    }

    void methodsArrive_data()
    {
        QTest::addColumn<QString>("method");
        for (const char *m : {"GET", "POST", "PUT", "PATCH", "DELETE"})
            QTest::newRow(m) << QString::fromLatin1(m);
    }
    void methodsArrive()
    {
        QFETCH(QString, method);
        const RunResult r = run({request(method, m_httpbin + QStringLiteral("/anything"))});
        QCOMPARE(echo(r, 1)[QStringLiteral("method")].toString(), method);
    }

    void rawJsonBodyArrives()
    {
        Module m = request(QStringLiteral("POST"), m_httpbin + QStringLiteral("/anything"));
        m.config.bodyType = BodyType::Raw;
        m.config.rawContentType = QStringLiteral("application/json");
        m.config.rawContent = QStringLiteral("{\"grant_type\": \"client_credentials\", \"n\": 3}");
        const QJsonObject e = echo(run({m}), 1);
        QCOMPARE(e[QStringLiteral("json")][QStringLiteral("n")].toInt(), 3);
        QCOMPARE(e[QStringLiteral("data")].toString(), m.config.rawContent);
        QCOMPARE(e[QStringLiteral("headers")][QStringLiteral("Content-Type")].toString(),
            QStringLiteral("application/json"));
    }

    void urlEncodedFieldsArrive()
    {
        Module m = request(QStringLiteral("POST"), m_httpbin + QStringLiteral("/anything"));
        m.config.bodyType = BodyType::UrlEncoded;
        m.config.urlEncodedFields = {{QStringLiteral("scope"), QStringLiteral("read write")},
            {QStringLiteral("odd"), QStringLiteral("a&b=c+d%e \u00e9")}};
        const QJsonObject e = echo(run({m}), 1);
        QCOMPARE(e[QStringLiteral("form")][QStringLiteral("scope")].toString(),
            QStringLiteral("read write"));
        QCOMPARE(e[QStringLiteral("form")][QStringLiteral("odd")].toString(),
            QStringLiteral("a&b=c+d%e \u00e9"));
    }

    void multipartTextAndFileArrive()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hello.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello from a file\n");
        f.close();
        Module m = request(QStringLiteral("POST"), m_httpbin + QStringLiteral("/anything"));
        m.config.bodyType = BodyType::Multipart;
        m.config.multipartFields = {
            MultipartField {QStringLiteral("title"), QStringLiteral("Report \u00e9"), {}, {}, {}},
            MultipartField {QStringLiteral("upload"), {}, path, QStringLiteral("hello.txt"),
                QStringLiteral("text/plain")}};
        const QJsonObject e = echo(run({m}), 1);
        QCOMPARE(e[QStringLiteral("form")][QStringLiteral("title")].toString(),
            QStringLiteral("Report \u00e9"));
        QCOMPARE(e[QStringLiteral("files")][QStringLiteral("upload")].toString(),
            QStringLiteral("hello from a file\n"));
    }

    void basicAuthIsAccepted()
    {
        Module m
            = request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/basic-auth/ann/s3cret"));
        m.config.username = QStringLiteral("ann");
        m.config.password = QStringLiteral("s3cret");
        const RunResult ok = run({m});
        QCOMPARE(echo(ok, 1)[QStringLiteral("authenticated")].toBool(), true);

        m.config.password = QStringLiteral("wrong");
        const RunResult refused = run({m}, false);
        QCOMPARE(refused.status(1), ModuleRunStatus::Failed);
        QVERIFY2(
            refused.run(1).error.contains(QLatin1String("401")), qPrintable(refused.run(1).error));
    }

    void redirectsAreFollowedToTheEnd()
    {
        const RunResult r
            = run({request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/redirect/3"))});
        QCOMPARE(r.run(1).exchange.redirects.size(), 3);
        QVERIFY(r.run(1).exchange.finalUrl.path().endsWith(QLatin1String("/get")));
    }

    void compressedResponsesAreDecoded()
    {
        const RunResult r
            = run({request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/gzip"))});
        QCOMPARE(echo(r, 1)[QStringLiteral("gzipped")].toBool(), true);
    }

    void cookiesAreSharedOnlyWhenAsked()
    {
        Module set = request(
            QStringLiteral("GET"), m_httpbin + QStringLiteral("/cookies/set?flavour=oat"));
        set.config.shareCookies = true;
        Module shared = request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/cookies"));
        shared.config.shareCookies = true;
        Module separate = request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/cookies"));
        const RunResult r = run({set, shared, separate});
        QCOMPARE(echo(r, 2)[QStringLiteral("cookies")][QStringLiteral("flavour")].toString(),
            QStringLiteral("oat"));
        QVERIFY(echo(r, 3)[QStringLiteral("cookies")].toObject().isEmpty());
    }

    void httpErrorStatusFailsOnlyWhenAsked()
    {
        Module m = request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/status/418"));
        const RunResult failed = run({m}, false);
        QCOMPARE(failed.status(1), ModuleRunStatus::Failed);
        QVERIFY(failed.run(1).error.contains(QLatin1String("418")));
        m.config.errorOnHttpStatus = false;
        const RunResult passed = run({m});
        QCOMPARE(passed.run(1).output[QStringLiteral("statusCode")].toInt(), 418);
    }

    void oauth2MockTokenThenAuthorizedCall()
    {
        Module token = request(QStringLiteral("POST"), m_oauth + QStringLiteral("/token"));
        token.config.bodyType = BodyType::UrlEncoded;
        token.config.urlEncodedFields
            = {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                {QStringLiteral("client_id"), QStringLiteral("scenarist-test")},
                {QStringLiteral("client_secret"), QStringLiteral("very-secret")},
                {QStringLiteral("scope"), QStringLiteral("read")}};
        Module call = request(QStringLiteral("GET"), m_httpbin + QStringLiteral("/anything/me"));
        call.config.headers = {{QStringLiteral("Authorization"),
            QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}")}};
        const RunResult r = run({token, call});
        const QJsonObject tokenData = echo(r, 1);
        const QString accessToken = tokenData[QStringLiteral("access_token")].toString();
        QVERIFY(accessToken.count(QLatin1Char('.')) == 2); // a JWT
        QCOMPARE(tokenData[QStringLiteral("token_type")].toString(), QStringLiteral("Bearer"));
        // What the token server received on the wire.
        const QJsonObject received = tokenData[QStringLiteral("received")].toObject();
        QCOMPARE(received[QStringLiteral("body")][QStringLiteral("client_secret")].toString(),
            QStringLiteral("very-secret"));
        QVERIFY(received[QStringLiteral("contentType")].toString().startsWith(
            QLatin1String("application/x-www-form-urlencoded")));
        // And what the API received from module 2.
        QCOMPARE(echo(r, 2)[QStringLiteral("headers")][QStringLiteral("Authorization")].toString(),
            QStringLiteral("Bearer ") + accessToken);
    }
};

QTEST_GUILESS_MAIN(TestThirdPartyEngine)
#include "tst_thirdparty_engine.moc"
