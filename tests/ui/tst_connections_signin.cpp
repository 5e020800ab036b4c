#include "FormBrowser.h"
#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/connections/ConnectionsPanel.h"
#include "ui/connections/KeychainSecretProvider.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

/// "Sign in" and "Sign out" on an authorization code connection, as a person does them: the
/// browser (here a small form-following one) approves the sandbox's consent page, the refresh
/// token is kept as a secret (for the session: no keychain runs here), a run signs in with
/// it, the saved file holds only its name, and Sign out revokes and forgets it.
namespace {

/// A click where a person would click: the panel scrolled to show the button first, since
/// the click lands on whatever the window shows at that place.
void clickInView(ConnectionsPanel *panel, QPushButton *button)
{
    QApplication::processEvents(); // the form's layout settles first
    if (auto *scroll = panel->findChild<QScrollArea *>())
        scroll->ensureWidgetVisible(button);
    QApplication::processEvents();
    QVERIFY(!button->visibleRegion().isEmpty());
    QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

class TestConnectionsSignIn : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static std::optional<QString> peek(KeychainSecretProvider *secrets, const QString &name)
    {
        std::optional<QString> value;
        bool done = false;
        secrets->peek(name, secrets, [&](const std::optional<QString> &v) {
            value = v;
            done = true;
        });
        QTest::qWaitFor([&] { return done; }, 10000);
        return value;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/scenarist-test-bus");
    }

    void signInRunSaveSignOut()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/authorization-code.scenario.json")));
        window.findChild<QAction *>(QStringLiteral("connectionsAction"))->trigger();
        auto *panel = window.findChild<ConnectionsPanel *>();
        auto *secrets
            = window.findChild<KeychainSecretProvider *>(QStringLiteral("secretProvider"));
        QVERIFY(panel && secrets);
        auto visible = [panel](QWidget *w) { return w->isVisibleTo(panel); };
        QVERIFY(visible(panel->authorizationUrlEdit()));
        QVERIFY(visible(panel->redirectUriEdit()));
        QVERIFY(visible(panel->revocationUrlEdit()));
        QVERIFY(visible(panel->signInButton()));
        QVERIFY(visible(panel->signOutButton()));
        QVERIFY(!visible(panel->signingKeyFileEdit()));
        QCOMPARE(panel->secretNameEdit()->text(), QStringLiteral("sandbox_refresh_token"));

        // The browser: approve the consent page, on the next turn as a person would.
        QUrl opened;
        int consentPages = 0;
        panel->setBrowserOpener([&](const QUrl &url) {
            opened = url;
            QTimer::singleShot(0, panel, [&, url] {
                FormBrowser browser;
                browser.button = QStringLiteral("approve");
                if (browser.get(url).body.contains(">Approve</button>"))
                    ++consentPages;
                browser.open(url);
            });
        });
        clickInView(panel, panel->signInButton());
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->tokenStatusLabel()->text().contains(QLatin1String("Signed in")), 15000);
        QCOMPARE(consentPages, 1);
        QVERIFY(opened.toString().contains(QLatin1String("code_challenge_method=S256")));
        QVERIFY(
            opened.toString().contains(QLatin1String("redirect_uri=http%3A%2F%2F127.0.0.1%3A")));
        const std::optional<QString> refreshToken
            = peek(secrets, QStringLiteral("sandbox_refresh_token"));
        QVERIFY(refreshToken && !refreshToken->isEmpty());
        QVERIFY(!panel->tokenStatusLabel()->text().contains(*refreshToken));

        // A run signs in with it, with the token of the sign-in: no second token request.
        const int issued = window.sandbox()->tokensIssued();
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.first().first().toBool());
        QCOMPARE(window.sandbox()->tokensIssued(), issued);

        // The file keeps the secret's name only.
        const QString path = m_dir.filePath(QStringLiteral("signed-in.scenario.json"));
        QVERIFY(window.saveTo(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains("{{secrets.sandbox_refresh_token}}"));
        QVERIFY(!saved.contains(refreshToken->toUtf8()));

        // Sign out: revoked at the sandbox and forgotten here.
        clickInView(panel, panel->signOutButton());
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->tokenStatusLabel()->text().contains(QLatin1String("revoked")), 15000);
        QVERIFY(!peek(secrets, QStringLiteral("sandbox_refresh_token")).has_value());
    }

    void signInRefusesARedirectToAnotherComputer()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/authorization-code.scenario.json")));
        window.findChild<QAction *>(QStringLiteral("connectionsAction"))->trigger();
        auto *panel = window.findChild<ConnectionsPanel *>();
        bool opened = false;
        panel->setBrowserOpener([&](const QUrl &) { opened = true; });
        panel->redirectUriEdit()->setFocus();
        QTest::keyClicks(panel->redirectUriEdit(), QStringLiteral("https://example.com/back"));
        QCOMPARE(window.scenario()->connections().first().redirectUri,
            QStringLiteral("https://example.com/back"));
        clickInView(panel, panel->signInButton());
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->tokenStatusLabel()->text().contains(QLatin1String("another computer")), 10000);
        QVERIFY(!opened);
    }

    void privateKeyJwtShowsTheSigningKeyRows()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        window.newScenario();
        window.findChild<QAction *>(QStringLiteral("connectionsAction"))->trigger();
        auto *panel = window.findChild<ConnectionsPanel *>();
        const QString id = panel->addConnection();
        auto visible = [panel](QWidget *w) { return w->isVisibleTo(panel); };
        QVERIFY(!visible(panel->signingKeyFileEdit()));
        QVERIFY(!visible(panel->authorizationUrlEdit()));
        QVERIFY(!visible(panel->signInButton()));
        QComboBox *auth = panel->clientAuthenticationCombo();
        const int jwt = auth->findData(QStringLiteral("privateKeyJwt"));
        QVERIFY(jwt >= 0);
        auth->setCurrentIndex(jwt);
        emit auth->activated(jwt);
        QCOMPARE(window.scenario()->findConnection(id)->clientAuthentication,
            ClientAuthentication::PrivateKeyJwt);
        QVERIFY(visible(panel->signingKeyFileEdit()));
        QVERIFY(visible(panel->signingKeyEdit()));
        panel->signingKeyFileEdit()->setFocus();
        QTest::keyClicks(panel->signingKeyFileEdit(), QStringLiteral("client-key.pem"));
        QCOMPARE(window.scenario()->findConnection(id)->signingKeyFile,
            QStringLiteral("client-key.pem"));
        window.undoStack()->undo();
        window.undoStack()->undo();
        QVERIFY(!visible(panel->signingKeyFileEdit()));
    }
};

QTEST_MAIN(TestConnectionsSignIn)
#include "tst_connections_signin.moc"
