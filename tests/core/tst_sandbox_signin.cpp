#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/AuthorizationCodeSignIn.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretProvider.h"
#include "core/run/TokenCache.h"
#include "core/sandbox/SandboxAuthorization.h"
#include "core/sandbox/SandboxServer.h"

#include "FormBrowser.h"
#include "TestSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

/// The sandbox's sign-in through a browser (consent page, PKCE S256, refresh grant,
/// revocation) and its client assertions, and how a run signs in with such connections.
class TestSandboxSignIn : public QObject
{
    Q_OBJECT

private:
    SandboxServer *m_sandbox = nullptr;

    QString url(const QString &path) const { return m_sandbox->baseUrl().toString() + path; }

    ClientCredentials demoClient() const
    {
        ClientCredentials c;
        c.connectionId = QStringLiteral("sandbox");
        c.connectionName = QStringLiteral("Sandbox");
        c.tokenUrl = url(QStringLiteral("/oauth/token"));
        c.clientId = SandboxServer::demoClientId();
        c.scope = QStringLiteral("read write");
        return c;
    }

    static Connection browserConnection()
    {
        Connection c;
        c.id = QStringLiteral("sandbox");
        c.name = QStringLiteral("Sandbox");
        c.type = Connection::authorizationCodeType();
        c.authorizationUrl = QStringLiteral("{{sandbox.url}}/oauth/authorize");
        c.tokenUrl = QStringLiteral("{{sandbox.url}}/oauth/token");
        c.revocationUrl = QStringLiteral("{{sandbox.url}}/oauth/revoke");
        c.clientId = SandboxServer::demoClientId();
        c.scope = QStringLiteral("read write");
        c.refreshToken = QStringLiteral("{{secrets.sandbox_refresh_token}}");
        return c;
    }

    static void fill(Scenario &scenario, const Connection &connection)
    {
        Module m;
        m.id = 1;
        m.label = QStringLiteral("Who am I?");
        m.config.url = QStringLiteral("{{sandbox.url}}/api/me");
        m.config.authentication = AuthType::Connection;
        m.config.connection = connection.id;
        scenario.reset(QStringLiteral("me"), {m}, {}, 0, {connection});
    }

    void prepare(ScenarioRunner &runner, HeadlessSecretProvider &secrets) const
    {
        runner.setNamedRoot(QStringLiteral("sandbox"),
            QJsonObject {{QStringLiteral("url"), m_sandbox->baseUrl().toString()}});
        runner.setSecretProvider(&secrets);
    }

    static bool runAndWait(ScenarioRunner &runner, const Connection &connection)
    {
        Scenario scenario;
        fill(scenario, connection);
        return runAndWait(runner, scenario);
    }
    static bool runAndWait(ScenarioRunner &runner, const Scenario &scenario)
    {
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        return finished.wait(20000) && finished.first().first().toBool();
    }

    /// Signs in with the browser pressing `button` on the consent page.
    TokenResult signIn(
        TokenCache &cache, const QString &button, FormBrowser::Page *consent = nullptr)
    {
        AuthorizationCodeSignIn flow(&cache);
        QUrl opened;
        connect(&flow, &AuthorizationCodeSignIn::openBrowser, this,
            [&opened](const QUrl &address) { opened = address; });
        QSignalSpy finished(&flow, &AuthorizationCodeSignIn::finished);
        QString error;
        TokenResult failed;
        if (!flow.start(demoClient(), url(QStringLiteral("/oauth/authorize")), QString(), &error)) {
            failed.error = error;
            return failed;
        }
        FormBrowser browser;
        browser.button = button;
        if (consent)
            *consent = browser.get(opened);
        browser.open(opened);
        if (finished.isEmpty() && !finished.wait(10000)) {
            failed.error = QStringLiteral("the sign-in did not finish");
            return failed;
        }
        return finished.first().first().value<TokenResult>();
    }

    static QString demoKeyPath()
    {
        return TestSupport::sourcePath(QStringLiteral("resources/examples/sandbox-client-key.pem"));
    }

private slots:
    void initTestCase() { qRegisterMetaType<TokenResult>(); }
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

    void approveOnTheConsentPageThenRunAndRefreshAfter401()
    {
        ScenarioRunner runner;
        TokenCache *cache = runner.tokenCache();
        FormBrowser::Page consent;
        const TokenResult signedIn = signIn(*cache, QStringLiteral("approve"), &consent);
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error));
        QCOMPARE(consent.status, 200);
        QVERIFY(consent.body.contains(">Approve</button>"));
        QVERIFY(consent.body.contains(">Deny</button>"));
        QVERIFY(!signedIn.refreshToken.isEmpty());
        QCOMPARE(signedIn.token.scope, QStringLiteral("read write"));
        QCOMPARE(m_sandbox->tokensIssued(), 1);

        // The run uses the refresh token as a secret and, at first, the token of the sign-in.
        HeadlessSecretProvider secrets {QProcessEnvironment()};
        secrets.setValue(QStringLiteral("sandbox_refresh_token"), signedIn.refreshToken);
        prepare(runner, secrets);
        Scenario scenario;
        fill(scenario, browserConnection());
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 1);

        // The server forgets its access tokens: one 401, then the refresh grant, then success.
        m_sandbox->revokeAllTokens();
        QVERIFY(runAndWait(runner, scenario));
        QCOMPARE(m_sandbox->tokensIssued(), 2);
        const ModuleRun run = runner.results().run(1);
        QCOMPARE(run.status, ModuleRunStatus::Succeeded);
        QVERIFY(run.warnings.join(QLatin1Char(' ')).contains(QLatin1String("401")));
        // Neither the refresh token nor the access token is shown anywhere.
        QVERIFY(run.secretValues.contains(signedIn.refreshToken));
        const QByteArray report
            = QJsonDocument(ScenarioFile::toJson(ScenarioDocument::fromScenario(scenario)))
                  .toJson();
        QVERIFY(!report.contains(signedIn.refreshToken.toUtf8()));
    }

    void denyOnTheConsentPageSaysSo()
    {
        TokenCache cache;
        const TokenResult result = signIn(cache, QStringLiteral("deny"));
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(QLatin1String("denied")), qPrintable(result.error));
        QCOMPARE(m_sandbox->tokensIssued(), 0);
    }

    void signOutRevokesTheRefreshToken()
    {
        TokenCache cache;
        const TokenResult signedIn = signIn(cache, QStringLiteral("approve"));
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error));
        ClientCredentials c = demoClient();
        c.grantType = QStringLiteral("refresh_token");
        c.refreshToken = signedIn.refreshToken;
        bool done = false;
        QString error = QStringLiteral("not called");
        cache.revoke(c, url(QStringLiteral("/oauth/revoke")), this, [&](const QString &e) {
            error = e;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        TokenCache fresh;
        bool refused = false;
        QString message;
        fresh.token(c, this, [&](const TokenResult &r) {
            message = r.error;
            refused = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(refused, 10000);
        QVERIFY2(message.contains(QLatin1String("sign in again")), qPrintable(message));
        QVERIFY(!message.contains(signedIn.refreshToken));
    }

    void pkceVerifierMustMatch()
    {
        // The sandbox sends the browser back with a code only for the challenge of one verifier.
        const QString verifier(64, QLatin1Char('a'));
        FormBrowser browser;
        browser.followRedirects = false;
        const QByteArray form = "decision=approve&client_id=demo-client&state=s&scope=read"
                                "&redirect_uri="
            + QUrl::toPercentEncoding(QStringLiteral("http://127.0.0.1:9/"))
            + "&code_challenge=" + AuthorizationCodeSignIn::codeChallenge(verifier).toLatin1();
        const FormBrowser::Page approved
            = browser.post(QUrl(url(QStringLiteral("/oauth/authorize"))), form);
        QCOMPARE(approved.status, 302);
        const QString code = QUrlQuery(QUrl::fromEncoded(approved.location))
                                 .queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
        QVERIFY(!code.isEmpty());
        const auto redeem = [&](const QString &codeVerifier) {
            return browser.post(QUrl(url(QStringLiteral("/oauth/token"))),
                "grant_type=authorization_code&client_id=demo-client&redirect_uri="
                    + QUrl::toPercentEncoding(QStringLiteral("http://127.0.0.1:9/")) + "&code="
                    + QUrl::toPercentEncoding(code) + "&code_verifier=" + codeVerifier.toLatin1());
        };
        const FormBrowser::Page wrong = redeem(QString(64, QLatin1Char('b')));
        QCOMPARE(wrong.status, 400);
        QVERIFY(wrong.body.contains("invalid_grant"));
        QVERIFY(wrong.body.contains("code_verifier"));
        // A code works once, even after a wrong verifier.
        QCOMPARE(redeem(verifier).status, 400);
        QCOMPARE(m_sandbox->tokensIssued(), 0);
    }

    void consentPageRefusesRedirectToAnotherComputer()
    {
        FormBrowser browser;
        browser.followRedirects = false;
        QUrl address(url(QStringLiteral("/oauth/authorize")));
        address.setQuery(QStringLiteral("response_type=code&client_id=demo-client&state=s"
                                        "&code_challenge=abc&code_challenge_method=S256"
                                        "&redirect_uri=http%3A%2F%2Fexample.com%2Fcb"));
        const FormBrowser::Page page = browser.get(address);
        QCOMPARE(page.status, 400);
        QVERIFY(page.location.isEmpty());
        QVERIFY(page.body.contains("not on this computer"));
    }

    void privateKeyJwtFromAFileAndFromASecret()
    {
        Connection c;
        c.id = QStringLiteral("sandbox");
        c.tokenUrl = QStringLiteral("{{sandbox.url}}/oauth/token");
        c.clientId = SandboxServer::demoClientId();
        c.clientAuthentication = ClientAuthentication::PrivateKeyJwt;
        c.signingKeyFile = demoKeyPath();
        ScenarioRunner runner;
        HeadlessSecretProvider secrets {QProcessEnvironment()};
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, c));
        QCOMPARE(m_sandbox->tokensIssued(), 1);

        QFile key(demoKeyPath());
        QVERIFY(key.open(QIODevice::ReadOnly));
        c.signingKeyFile.clear();
        c.signingKey = QStringLiteral("{{secrets.sandbox_private_key}}");
        secrets.setValue(QStringLiteral("sandbox_private_key"), QString::fromLatin1(key.readAll()));
        ScenarioRunner second;
        prepare(second, secrets);
        QVERIFY(runAndWait(second, c));
        QCOMPARE(m_sandbox->tokensIssued(), 2);
    }

    void clientSecretJwt()
    {
        Connection c;
        c.id = QStringLiteral("sandbox");
        c.tokenUrl = QStringLiteral("{{sandbox.url}}/oauth/token");
        c.clientId = SandboxServer::demoClientId();
        c.clientSecret = QStringLiteral("{{secrets.client_secret}}");
        c.clientAuthentication = ClientAuthentication::ClientSecretJwt;
        HeadlessSecretProvider secrets {QProcessEnvironment()};
        secrets.setValue(QStringLiteral("client_secret"), SandboxServer::demoClientSecret());
        ScenarioRunner runner;
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, c));
        QCOMPARE(m_sandbox->tokensIssued(), 1);

        secrets.setValue(QStringLiteral("client_secret"), QStringLiteral("not-the-demo-secret"));
        ScenarioRunner second;
        prepare(second, secrets);
        QVERIFY(!runAndWait(second, c));
        const ModuleRun run = second.results().run(1);
        QVERIFY2(run.error.contains(QLatin1String("invalid_client")), qPrintable(run.error));
        QVERIFY(!run.error.contains(QLatin1String("not-the-demo-secret")));
    }

    void keyFileThatIsNotAKey()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("key.pem"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("correct-horse-battery-staple\n");
        file.close();
        Connection c;
        c.id = QStringLiteral("sandbox");
        c.tokenUrl = QStringLiteral("{{sandbox.url}}/oauth/token");
        c.clientId = SandboxServer::demoClientId();
        c.clientAuthentication = ClientAuthentication::PrivateKeyJwt;
        c.signingKeyFile = path;
        ScenarioRunner runner;
        HeadlessSecretProvider secrets {QProcessEnvironment()};
        prepare(runner, secrets);
        QVERIFY(!runAndWait(runner, c));
        const ModuleRun run = runner.results().run(1);
        QVERIFY2(run.error.contains(QLatin1String("not a private key")), qPrintable(run.error));
        QVERIFY2(run.error.contains(path), qPrintable(run.error));
        QVERIFY(!run.error.contains(QLatin1String("correct-horse")));
        QCOMPARE(runner.tokenCache()->tokenRequestCount(), 0);
    }

    void connectionKeysRoundTripAndNoLiteralRefreshToken()
    {
        ScenarioDocument doc;
        Connection browser = browserConnection();
        browser.redirectUri = QStringLiteral("http://127.0.0.1:8400/");
        Connection key;
        key.id = QStringLiteral("key");
        key.clientAuthentication = ClientAuthentication::PrivateKeyJwt;
        key.signingKeyFile = QStringLiteral("client-key.pem");
        doc.connections = {browser, key};
        const QJsonObject json = ScenarioFile::toJson(doc);
        QString error;
        const auto read = ScenarioFile::fromJson(json, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->connections, doc.connections);
        QVERIFY(read->warnings.isEmpty());

        QJsonObject root = json;
        QJsonArray connections = root.value(QStringLiteral("connections")).toArray();
        QJsonObject first = connections.first().toObject();
        first.insert(QStringLiteral("refreshToken"), QStringLiteral("rt-1234567890"));
        connections[0] = first;
        root.insert(QStringLiteral("connections"), connections);
        QVERIFY(!ScenarioFile::fromJson(root, &error));
        QVERIFY2(error.contains(QLatin1String("refreshToken"))
                && error.contains(QLatin1String("{{secrets.sandbox_refresh_token}}")),
            qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("rt-1234567890")));
    }

    void demoRefreshTokenWorksInEverySandbox()
    {
        ScenarioRunner runner;
        HeadlessSecretProvider secrets {QProcessEnvironment()};
        secrets.setValue(
            QStringLiteral("sandbox_refresh_token"), SandboxAuthorization::demoRefreshToken());
        prepare(runner, secrets);
        QVERIFY(runAndWait(runner, browserConnection()));
        QCOMPARE(m_sandbox->tokensIssued(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSandboxSignIn)
#include "tst_sandbox_signin.moc"
