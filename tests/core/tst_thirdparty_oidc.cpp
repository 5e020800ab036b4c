#include "core/run/AuthorizationCodeSignIn.h"
#include "core/run/TokenCache.h"

#include "FormBrowser.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

/// Signing in against panva's oidc-provider (tests/servers/oidc-provider.mjs), a server
/// nobody here wrote: the authorization code grant with PKCE through its own login and
/// consent pages (driven over HTTP as a browser would), refresh tokens (which it replaces on
/// every use for a public client), revocation, and private_key_jwt / client_secret_jwt.
class TestThirdPartyOidc : public QObject
{
    Q_OBJECT

private:
    QString m_issuer;

    ClientCredentials nativeApp() const
    {
        ClientCredentials c;
        c.connectionId = QStringLiteral("oidc");
        c.connectionName = QStringLiteral("OIDC");
        c.tokenUrl = m_issuer + QStringLiteral("/token");
        c.clientId = QStringLiteral("native-app");
        c.scope = QStringLiteral("openid");
        return c;
    }

    static QByteArray demoKey()
    {
        QFile file(
            TestSupport::sourcePath(QStringLiteral("resources/examples/sandbox-client-key.pem")));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
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

    /// Signs in through the provider's pages; returns the result of the sign-in.
    TokenResult signIn(TokenCache &cache, FormBrowser::Page *lastPage = nullptr)
    {
        AuthorizationCodeSignIn flow(&cache);
        QUrl opened;
        connect(&flow, &AuthorizationCodeSignIn::openBrowser, this,
            [&opened](const QUrl &url) { opened = url; });
        QSignalSpy finished(&flow, &AuthorizationCodeSignIn::finished);
        QString error;
        if (!flow.start(nativeApp(), m_issuer + QStringLiteral("/auth"), QString(), &error)) {
            TokenResult failed;
            failed.error = error;
            return failed;
        }
        FormBrowser browser;
        const FormBrowser::Page page = browser.open(opened);
        if (lastPage)
            *lastPage = page;
        if (finished.isEmpty() && !finished.wait(15000)) {
            TokenResult failed;
            failed.error = QStringLiteral("the sign-in did not finish: ") + page.error
                + QString::fromUtf8(page.body.left(400));
            return failed;
        }
        return finished.first().first().value<TokenResult>();
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<TokenResult>();
        m_issuer = TestSupport::thirdPartyServers().value(QStringLiteral("OIDC_PROVIDER_URL"));
        QVERIFY2(!m_issuer.isEmpty(),
            "oidc-provider is not running: run this test through ctest, whose fixture "
            "thirdparty_servers_start starts it.");
    }

    void authorizationCodeWithPkceThenRefreshThenRevoke()
    {
        TokenCache cache;
        FormBrowser::Page page;
        const TokenResult signedIn = signIn(cache, &page);
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error));
        // The browser ends on the app's own page, not the provider's.
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("Signed in"));
        QVERIFY(signedIn.token.isValid());
        QVERIFY(!signedIn.refreshToken.isEmpty());
        QVERIFY(signedIn.token.expiresAt.isValid());
        QCOMPARE(cache.tokenRequestCount(), 1);

        // The run that follows uses the token of the sign-in without asking again.
        ClientCredentials later = nativeApp();
        later.grantType = QStringLiteral("refresh_token");
        later.refreshToken = signedIn.refreshToken;
        TokenResult cached = fetch(cache, later);
        QVERIFY2(cached.ok(), qPrintable(cached.error));
        QVERIFY(!cached.fetched);
        QCOMPARE(cached.token.accessToken, signedIn.token.accessToken);

        // Expired: the refresh grant gives a new access token. oidc-provider replaces the
        // refresh token of a public client on every use; the old one then no longer works.
        QSignalSpy replaced(&cache, &TokenCache::refreshTokenReplaced);
        cache.discard(later, cached.token.accessToken);
        const TokenResult refreshed = fetch(cache, later);
        QVERIFY2(refreshed.ok(), qPrintable(refreshed.error));
        QVERIFY(refreshed.fetched);
        QVERIFY(refreshed.token.accessToken != signedIn.token.accessToken);
        QCOMPARE(replaced.size(), 1);
        const QString newRefreshToken = replaced.first().at(1).toString();
        QVERIFY(!newRefreshToken.isEmpty() && newRefreshToken != signedIn.refreshToken);

        // A second refresh must use the replaced token (the old one would be refused and,
        // as a stolen token would be, end the whole grant).
        cache.discard(later, refreshed.token.accessToken);
        const TokenResult again = fetch(cache, later);
        QVERIFY2(again.ok(), qPrintable(again.error));
        QVERIFY(again.fetched);

        // Sign out: revoke the refresh token; refreshing is then refused, in plain words.
        ClientCredentials current = later;
        current.refreshToken = replaced.last().at(1).toString();
        QString revokeError = QStringLiteral("not called");
        bool revoked = false;
        cache.revoke(current, m_issuer + QStringLiteral("/token/revocation"), this,
            [&](const QString &error) {
                revokeError = error;
                revoked = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(revoked, 15000);
        QVERIFY2(revokeError.isEmpty(), qPrintable(revokeError));
        QVERIFY(!cache.status(QStringLiteral("oidc")).token.isValid());
        TokenCache fresh;
        const TokenResult refused = fetch(fresh, current);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error.contains(QLatin1String("invalid_grant"))
                && refused.error.contains(QLatin1String("sign in again")),
            qPrintable(refused.error));
        for (const QString &secret : {current.refreshToken, signedIn.refreshToken})
            QVERIFY(!refused.error.contains(secret));
    }

    void stateThatDoesNotMatchIsRefused()
    {
        TokenCache cache;
        AuthorizationCodeSignIn flow(&cache);
        QSignalSpy finished(&flow, &AuthorizationCodeSignIn::finished);
        QString error;
        QVERIFY2(flow.start(nativeApp(), m_issuer + QStringLiteral("/auth"), QString(), &error),
            qPrintable(error));
        // Another sign-in's answer (someone else's code) arrives at the loopback address.
        QUrl forged(flow.redirectUri());
        forged.setQuery(QStringLiteral("code=someone-elses-code&state=not-the-state"));
        FormBrowser browser;
        const FormBrowser::Page page = browser.get(forged);
        QCOMPARE(page.status, 400);
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        const TokenResult result = finished.first().first().value<TokenResult>();
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(QLatin1String("state")), qPrintable(result.error));
        QVERIFY(!result.error.contains(QLatin1String("someone-elses-code")));
        // No token request was made with the forged code.
        QCOMPARE(cache.tokenRequestCount(), 0);
        QVERIFY(!flow.isRunning());
    }

    void redirectToAnotherComputerIsRefused_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::newRow("another host") << QStringLiteral("http://example.com/callback");
        QTest::newRow("https elsewhere") << QStringLiteral("https://evil.example:8443/");
        QTest::newRow("lan address") << QStringLiteral("http://192.168.1.20:8080/");
        QTest::newRow("not a web address") << QStringLiteral("myapp:/callback");
    }
    void redirectToAnotherComputerIsRefused()
    {
        QFETCH(QString, redirect);
        TokenCache cache;
        AuthorizationCodeSignIn flow(&cache);
        QSignalSpy opened(&flow, &AuthorizationCodeSignIn::openBrowser);
        QString error;
        QVERIFY(!flow.start(nativeApp(), m_issuer + QStringLiteral("/auth"), redirect, &error));
        QVERIFY2(error.contains(QLatin1String("127.0.0.1")), qPrintable(error));
        QVERIFY(opened.isEmpty());
        QVERIFY(!flow.isRunning());
        QVERIFY(AuthorizationCodeSignIn::checkRedirectUri(QStringLiteral("http://127.0.0.1:8400/"))
                    .isEmpty());
    }

    void privateKeyJwt()
    {
        ClientCredentials c;
        c.connectionId = QStringLiteral("key");
        c.tokenUrl = m_issuer + QStringLiteral("/token");
        c.clientId = QStringLiteral("jwt-key-client");
        c.clientAuthentication = ClientAuthentication::PrivateKeyJwt;
        c.signingKey = demoKey();
        QVERIFY(!c.signingKey.isEmpty());
        TokenCache cache;
        const TokenResult result = fetch(cache, c);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.token.isValid());

        // Another key: the provider refuses the client, and the message carries no key text.
        QTemporaryDir dir;
        const QString other = dir.filePath(QStringLiteral("other.pem"));
        QCOMPARE(
            QProcess::execute(QStringLiteral("openssl"),
                {QStringLiteral("genrsa"), QStringLiteral("-out"), other, QStringLiteral("2048")}),
            0);
        QFile file(other);
        QVERIFY(file.open(QIODevice::ReadOnly));
        c.signingKey = file.readAll();
        TokenCache second;
        const TokenResult refused = fetch(second, c);
        QVERIFY(!refused.ok());
        QVERIFY2(
            refused.error.contains(QLatin1String("invalid_client")), qPrintable(refused.error));
        QVERIFY(!refused.error.contains(QLatin1String("BEGIN")));
    }

    void clientSecretJwt()
    {
        ClientCredentials c;
        c.connectionId = QStringLiteral("hs");
        c.tokenUrl = m_issuer + QStringLiteral("/token");
        c.clientId = QStringLiteral("jwt-secret-client");
        c.clientSecret = QStringLiteral("a-long-test-only-secret-for-hs256-0123456789abcdef");
        c.clientAuthentication = ClientAuthentication::ClientSecretJwt;
        TokenCache cache;
        const TokenResult result = fetch(cache, c);
        QVERIFY2(result.ok(), qPrintable(result.error));

        c.clientSecret = QStringLiteral("a-long-but-wrong-secret-for-hs256-0123456789abcdef");
        TokenCache second;
        const TokenResult refused = fetch(second, c);
        QVERIFY(!refused.ok());
        QVERIFY2(
            refused.error.contains(QLatin1String("invalid_client")), qPrintable(refused.error));
        QVERIFY(!refused.error.contains(c.clientSecret));
    }

    void keyFileThatIsNotAKey_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("says");
        QTest::newRow("text") << QByteArray("my-super-secret-password-42\n")
                              << QStringLiteral("not a private key");
        QTest::newRow("public key")
            << QByteArray("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
                          "-----END PUBLIC KEY-----\n")
            << QStringLiteral("not a private key");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("with a passphrase")
            << QByteArray("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0w\n"
                          "-----END ENCRYPTED PRIVATE KEY-----\n")
            << QStringLiteral("passphrase");
    }
    void keyFileThatIsNotAKey()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, says);
        ClientCredentials c;
        c.connectionId = QStringLiteral("key");
        c.tokenUrl = m_issuer + QStringLiteral("/token");
        c.clientId = QStringLiteral("jwt-key-client");
        c.clientAuthentication = ClientAuthentication::PrivateKeyJwt;
        c.signingKey = content;
        c.signingKeyName = QStringLiteral("The private key file \u201ckey.pem\u201d");
        TokenCache cache;
        const TokenResult result = fetch(cache, c);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(says), qPrintable(result.error));
        QVERIFY2(result.error.contains(QLatin1String("key.pem")), qPrintable(result.error));
        // Nothing was sent, and the message quotes nothing of the file.
        QCOMPARE(cache.tokenRequestCount(), 0);
        for (const QByteArray &line : content.split('\n')) {
            if (line.size() > 12 && !line.startsWith("-----"))
                QVERIFY(!result.error.contains(QString::fromLatin1(line)));
        }
    }
};

QTEST_GUILESS_MAIN(TestThirdPartyOidc)
#include "tst_thirdparty_oidc.moc"
