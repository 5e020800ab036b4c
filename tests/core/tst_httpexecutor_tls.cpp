#include "TestHttpServer.h"
#include "TestSupport.h"
#include "core/run/HttpExecutor.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>

Q_DECLARE_METATYPE(HttpExchange)

/// HTTPS against a loopback server whose certificate is signed by a test CA that the system
/// does not trust (tests/data/tls).
class TestHttpExecutorTls : public QObject
{
    Q_OBJECT

private:
    HttpExchange run(const HttpRequestSpec &spec);
    QNetworkAccessManager m_network;

private slots:
    void initTestCase();
    void trust_data();
    void trust();
    void trustIsPerRequest();
    void downgradeIsRefused_data();
    void downgradeIsRefused();
    void httpsRedirectToAnotherPortDropsSecrets();
};

HttpExchange TestHttpExecutorTls::run(const HttpRequestSpec &spec)
{
    HttpExecutor executor(&m_network);
    QSignalSpy spy(&executor, &HttpExecutor::finished);
    executor.execute(spec);
    if (spy.isEmpty())
        spy.wait(20000);
    if (spy.size() != 1)
        return HttpExchange();
    return spy.at(0).at(0).value<HttpExchange>();
}

void TestHttpExecutorTls::initTestCase()
{
    qRegisterMetaType<HttpExchange>();
    if (!QSslSocket::supportsSsl())
        QSKIP("This Qt has no TLS backend");
}

void TestHttpExecutorTls::trust_data()
{
    QFile caFile(TestSupport::testDataPath(QStringLiteral("tls/ca.pem")));
    QVERIFY(caFile.open(QIODevice::ReadOnly));
    const QString caPem = QString::fromLatin1(caFile.readAll());

    QTest::addColumn<bool>("reject");
    QTest::addColumn<QString>("caCertificate");
    QTest::addColumn<QString>("expectedErrorStart"); // empty: succeeds

    QTest::newRow("refused by default")
        << true << QString() << "The server's certificate is not trusted (";
    QTest::newRow("CA as PEM text") << true << caPem << QString();
    QTest::newRow("CA as PEM text with spaces around")
        << true << QStringLiteral("\n  ") + caPem << QString();
    QTest::newRow("CA as a path") << true << TestSupport::testDataPath(QStringLiteral("tls/ca.pem"))
                                  << QString();
    QTest::newRow("verification off") << false << QString() << QString();
    QTest::newRow("the server's own key is no CA")
        << true << TestSupport::testDataPath(QStringLiteral("tls/server.key"))
        << "The CA certificate in \"";
    QTest::newRow("unreadable CA file") << true << "/nonexistent/ca.pem"
                                        << "The CA certificate file \"/nonexistent/ca.pem\" could "
                                           "not be read";
    QTest::newRow("broken PEM text")
        << true << "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"
        << "The CA certificate given in advanced settings is not a certificate";
}

void TestHttpExecutorTls::trust()
{
    QFETCH(bool, reject);
    QFETCH(QString, caCertificate);
    QFETCH(QString, expectedErrorStart);
    TestHttpServer server;
    QVERIFY(server.listenTls(TestHttpServer::testServerTlsConfiguration()));
    server.route("/secure", TestHttpServer::Response::json("{\"secure\":true}"));

    HttpRequestSpec spec;
    spec.url = server.url(QStringLiteral("/secure")).toString();
    QVERIFY(spec.url.startsWith(QLatin1String("https://127.0.0.1:")));
    spec.timeoutSeconds = 10;
    spec.rejectUnverifiedCertificates = reject;
    spec.caCertificate = caCertificate;
    const HttpExchange ex = run(spec);
    if (expectedErrorStart.isEmpty()) {
        QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
        QCOMPARE(ex.statusCode, 200);
        QVERIFY(ex.dataIsJson);
        QVERIFY(ex.timings.tlsMs >= 0);
        QCOMPARE(server.requestCount(), 1);
    } else {
        QVERIFY2(ex.errorMessage.startsWith(expectedErrorStart), qPrintable(ex.errorMessage));
        QVERIFY(!ex.gotResponse);
        QCOMPARE(server.requestCount(), 0); // nothing reached an untrusted server
    }
    if (expectedErrorStart.startsWith(QLatin1String("The server's certificate"))) {
        QVERIFY(ex.errorMessage.endsWith(QLatin1String(
            "If you trust this server, give its CA certificate in advanced settings, or turn off "
            "'Reject unverified certificates'.")));
    }
}

void TestHttpExecutorTls::trustIsPerRequest()
{
    TestHttpServer server;
    QVERIFY(server.listenTls(TestHttpServer::testServerTlsConfiguration()));
    HttpRequestSpec relaxed;
    relaxed.url = server.url(QStringLiteral("/")).toString();
    relaxed.timeoutSeconds = 10;
    relaxed.rejectUnverifiedCertificates = false;
    const HttpExchange first = run(relaxed);
    QVERIFY2(first.ok(), qPrintable(first.errorMessage));

    // The next module with the default setting must not inherit the first one's trust.
    HttpRequestSpec strict = relaxed;
    strict.rejectUnverifiedCertificates = true;
    const HttpExchange second = run(strict);
    QVERIFY2(
        second.errorMessage.startsWith(QLatin1String("The server's certificate is not trusted")),
        qPrintable(second.errorMessage));
}

void TestHttpExecutorTls::downgradeIsRefused_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("status");
    QTest::newRow("same host, 302") << "127.0.0.1" << 302;
    QTest::newRow("same host, 307") << "127.0.0.1" << 307;
    QTest::newRow("other host, 301") << "127.0.0.2" << 301;
}

void TestHttpExecutorTls::downgradeIsRefused()
{
    QFETCH(QString, host);
    QFETCH(int, status);
    TestHttpServer plain;
    if (!plain.listen(QHostAddress(host)))
        QSKIP("This loopback address is not available here");
    TestHttpServer secure;
    QVERIFY(secure.listenTls(TestHttpServer::testServerTlsConfiguration()));
    secure.route("/start",
        TestHttpServer::Response::redirect(
            status, plain.url(QStringLiteral("/plain")).toEncoded()));

    HttpRequestSpec spec;
    spec.url = secure.url(QStringLiteral("/start")).toString();
    spec.timeoutSeconds = 10;
    spec.caCertificate = TestSupport::testDataPath(QStringLiteral("tls/ca.pem"));
    spec.followAllRedirects = true;
    spec.method = QStringLiteral("POST");
    spec.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer tok-AAAA")},
        {QStringLiteral("X-Api-Key"), QStringLiteral("key-BBBB")}};
    spec.bodyType = BodyType::Raw;
    spec.rawContent = QStringLiteral("{\"password\":\"pw-CCCC\"}");
    const HttpExchange ex = run(spec);
    QVERIFY(!ex.ok());
    QVERIFY2(ex.errorMessage.startsWith(
                 QStringLiteral("The server redirected from %1 to an unencrypted http:// "
                                "address (%2); Scenarist does not follow that because it would "
                                "send your data in clear.")
                     .arg(secure.url(QStringLiteral("/start")).toString(),
                         plain.url(QStringLiteral("/plain")).toString())),
        qPrintable(ex.errorMessage));
    QCOMPARE(secure.requestCount(), 1);
    QVERIFY(secure.requests().constFirst().raw.contains("tok-AAAA"));
    // Not one byte in clear: no connection to the http server at all.
    QCOMPARE(plain.connectionCount(), 0);
    QCOMPARE(plain.receivedBytes(), QByteArray());
}

void TestHttpExecutorTls::httpsRedirectToAnotherPortDropsSecrets()
{
    TestHttpServer first;
    QVERIFY(first.listenTls(TestHttpServer::testServerTlsConfiguration()));
    TestHttpServer second;
    QVERIFY(second.listenTls(TestHttpServer::testServerTlsConfiguration()));
    first.route("/start",
        TestHttpServer::Response::redirect(302, second.url(QStringLiteral("/end")).toEncoded()));
    HttpRequestSpec spec;
    spec.url = first.url(QStringLiteral("/start")).toString();
    spec.timeoutSeconds = 10;
    spec.caCertificate = TestSupport::testDataPath(QStringLiteral("tls/ca.pem"));
    spec.username = QStringLiteral("user");
    spec.password = QStringLiteral("pw-AAAA");
    spec.headers = {{QStringLiteral("Cookie"), QStringLiteral("sid=cookie-BBBB")},
        {QStringLiteral("X-Api-Key"), QStringLiteral("key-CCCC")}};
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QCOMPARE(second.requestCount(), 1);
    const QByteArray raw = second.receivedBytes();
    QVERIFY(raw.startsWith("GET /end HTTP/1.1\r\n"));
    const QByteArray basic = QByteArray("user:pw-AAAA").toBase64();
    QVERIFY(first.lastRequest().raw.contains(basic));
    for (const QByteArray &secret : {basic, QByteArray("cookie-BBBB"), QByteArray("key-CCCC")})
        QVERIFY2(!raw.contains(secret), secret.constData());
    QVERIFY(!second.lastRequest().hasHeader("Authorization"));
    QVERIFY(!second.lastRequest().hasHeader("Cookie"));
    QVERIFY(!second.lastRequest().hasHeader("X-Api-Key"));
    QVERIFY2(ex.warnings.join(QLatin1Char(' '))
                 .contains(QStringLiteral("Cookie, X-Api-Key and Authorization were not sent to %1")
                               .arg(second.url().toString(QUrl::RemovePath))),
        qPrintable(ex.warnings.join(QLatin1Char(' '))));
}

QTEST_GUILESS_MAIN(TestHttpExecutorTls)
#include "tst_httpexecutor_tls.moc"
