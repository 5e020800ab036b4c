#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/connections/AuthenticationChooser.h"
#include "ui/connections/ConnectionsPanel.h"
#include "ui/connections/KeychainSecretProvider.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/mapping/MappingField.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

/// The connections panel as a person uses it: create a connection, give its
/// secret a value, use it from a module, run, see the token's status; the secret never
/// reaches the saved file or the autosave. No keychain runs here (the session bus points
/// nowhere), so this is also the no-keychain path: values are kept for the session and the
/// app says why.
class TestConnectionsPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    MainWindow::Options options() const { return UiTestSupport::windowOptions(m_dir); }
    static ConnectionsPanel *panelOf(MainWindow &window)
    {
        return window.findChild<ConnectionsPanel *>();
    }
    static KeychainSecretProvider *secretsOf(MainWindow &window)
    {
        return window.findChild<KeychainSecretProvider *>(QStringLiteral("secretProvider"));
    }
    static void typeInto(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, text);
    }
    static bool runAndWait(MainWindow &window)
    {
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        const bool ok = finished.wait(30000) && finished.first().first().toBool();
        if (!ok) {
            // Say which module failed and why, so that a failure explains itself.
            for (const Module &m : window.scenario()->modules()) {
                const ModuleRun run = window.runner()->results().run(m.id);
                qWarning("module %d %s: %s", m.id, qPrintable(statusKey(run.status)),
                    qPrintable(run.error));
            }
            qWarning("runner running: %d, prompt shown: %d", window.runner()->isRunning(),
                window.findChild<QDialog *>(QStringLiteral("secretPrompt")) != nullptr);
        }
        return ok;
    }
    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        // No keychain: the session bus points nowhere.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/scenarist-test-bus");
    }

    void createConnectionUseItRunAndSeeTheToken()
    {
        MainWindow window(options());
        window.resize(1400, 900);
        window.show();
        window.newScenario();
        QAction *connections = window.findChild<QAction *>(QStringLiteral("connectionsAction"));
        QVERIFY(connections);
        connections->trigger();
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("connectionsDock"));
        QVERIFY(dock && dock->isVisible());
        ConnectionsPanel *panel = panelOf(window);
        QVERIFY(panel);

        // Create the connection through the form.
        QVERIFY(!panel->getTokenButton()->isEnabled());
        QTest::mouseClick(panel->findChild<QPushButton *>(), Qt::LeftButton);
        QCOMPARE(window.scenario()->connections().size(), 1);
        const QString id = window.scenario()->connections().first().id;
        typeInto(panel->nameEdit(), QStringLiteral("Sandbox"));
        typeInto(panel->tokenUrlEdit(), QStringLiteral("{{sandbox.url}}/oauth/token"));
        typeInto(panel->clientIdEdit(), SandboxServer::demoClientId());
        typeInto(panel->scopeEdit(), QStringLiteral("read"));
        QCOMPARE(panel->secretNameEdit()->text(), QStringLiteral("client_secret"));
        const Connection made = window.scenario()->connections().first();
        QCOMPARE(made.name, QStringLiteral("Sandbox"));
        QCOMPARE(made.tokenUrl, QStringLiteral("{{sandbox.url}}/oauth/token"));
        QCOMPARE(made.clientId, SandboxServer::demoClientId());
        QCOMPARE(made.clientSecret, QStringLiteral("{{secrets.client_secret}}"));
        QCOMPARE(panel->list()->count(), 1);
        QCOMPARE(panel->list()->item(0)->text(), QStringLiteral("Sandbox"));

        // Its secret: no keychain answers, so the value is kept for the session, and the
        // panel says why.
        typeInto(panel->secretValueEdit(), SandboxServer::demoClientSecret());
        QTest::mouseClick(panel->saveSecretButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(panel->secretStateLabel()->text().contains(
                                      QLatin1String("is kept only until you quit")),
            qPrintable(panel->secretStateLabel()->text()), 15000);
        QVERIFY(secretsOf(window)->keychainUnavailable());
        QVERIFY(panel->secretValueEdit()->text().isEmpty());

        // A module signs in with it.
        const ModuleId module = window.addModule();
        window.editModule(module);
        ModuleEditor *editor = window.moduleEditor();
        editor->urlField()->setFocus();
        QTest::keyClicks(editor->urlField(), QStringLiteral("{{sandbox.url}}/api/me"));
        QComboBox *auth = editor->authenticationChooser()->combo();
        const int index = auth->findText(QStringLiteral("Connection: Sandbox"));
        QVERIFY(index >= 0);
        auth->setCurrentIndex(index);
        emit auth->activated(index);
        QCOMPARE(window.scenario()->module(module).config.authentication, AuthType::Connection);
        QCOMPARE(window.scenario()->module(module).config.connection, id);

        QVERIFY(runAndWait(window));
        QCOMPARE(window.runner()->results().run(module).status, ModuleRunStatus::Succeeded);
        QCOMPARE(window.sandbox()->tokensIssued(), 1);
        const QString status = panel->tokenStatusLabel()->text();
        QVERIFY2(status.contains(QLatin1String("Bearer token")), qPrintable(status));
        QVERIFY2(status.contains(QLatin1String("Scope: read")), qPrintable(status));
        QVERIFY2(
            status.contains(QRegularExpression(QStringLiteral("Expires in (1 h 0 min|59 min)"))),
            qPrintable(status));
        const QString token = window.runner()->tokenCache()->status(id).token.accessToken;
        QVERIFY(!token.isEmpty());
        QVERIFY(!status.contains(token));
        QVERIFY(panel->clearTokenButton()->isEnabled());

        // Neither the saved file nor the autosave holds the secret or the token.
        const QString path = m_dir.filePath(QStringLiteral("connection.scenario.json"));
        QVERIFY(window.saveTo(path));
        const QByteArray saved = readAll(path);
        QVERIFY(saved.contains("\"clientSecret\": \"{{secrets.client_secret}}\""));
        QVERIFY(!saved.contains(SandboxServer::demoClientSecret().toUtf8()));
        QVERIFY(!saved.contains(token.toUtf8()));
        typeInto(panel->scopeEdit(), QStringLiteral("read write")); // unsaved again
        window.autosaveNow();
        const QDir recovery(options().recoveryDirectory);
        const QStringList autosaves = recovery.entryList(QDir::Files);
        QVERIFY(!autosaves.isEmpty());
        bool sawEdit = false;
        for (const QString &file : autosaves) {
            const QByteArray bytes = readAll(recovery.filePath(file));
            sawEdit = sawEdit || bytes.contains("\"scope\": \"read write\"");
            QVERIFY(!bytes.contains(SandboxServer::demoClientSecret().toUtf8()));
            QVERIFY(!bytes.contains(token.toUtf8()));
        }
        QVERIFY(sawEdit);

        // Get token now: a fresh token, shown masked; then clear it.
        QTest::mouseClick(panel->getTokenButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.sandbox()->tokensIssued(), 2, 15000);
        QTRY_VERIFY(panel->tokenStatusLabel()->text().contains(QLatin1String("Scope: read write")));
        QTest::mouseClick(panel->clearTokenButton(), Qt::LeftButton);
        QVERIFY2(panel->tokenStatusLabel()->text().contains(QLatin1String("No token cached")),
            qPrintable(panel->tokenStatusLabel()->text()));
        QVERIFY(runAndWait(window));
        QCOMPARE(window.sandbox()->tokensIssued(), 3);
    }

    void editsAreUndoable()
    {
        MainWindow window(options());
        window.newScenario();
        ConnectionsPanel *panel = panelOf(window);
        const QString id = panel->addConnection();
        typeInto(panel->tokenUrlEdit(), QStringLiteral("https://auth.example.com/token"));
        typeInto(panel->expiredStatusCodesEdit(), QStringLiteral("401, 403"));
        QCOMPARE(
            window.scenario()->findConnection(id)->expiredStatusCodes, (QList<int> {401, 403}));
        typeInto(panel->expiredStatusCodesEdit(), QStringLiteral("40x"));
        QCOMPARE(
            window.scenario()->findConnection(id)->expiredStatusCodes, (QList<int> {401, 403}));
        panel->clientAuthenticationCombo()->setCurrentIndex(1);
        emit panel->clientAuthenticationCombo()->activated(1);
        QCOMPARE(window.scenario()->findConnection(id)->clientAuthentication,
            ClientAuthentication::Basic);
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->findConnection(id)->clientAuthentication,
            ClientAuthentication::Body);
        QCOMPARE(panel->clientAuthenticationCombo()->currentIndex(), 0);
        // Typing in one field is one step.
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->findConnection(id)->expiredStatusCodes, QList<int> {401});
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->findConnection(id)->tokenUrl, QString());
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->connections().size(), 0);
        QCOMPARE(panel->list()->count(), 0);
        QVERIFY(!panel->tokenUrlEdit()->isEnabled() || !panel->tokenUrlEdit()->isVisibleTo(panel)
            || panel->currentConnectionId().isEmpty());
    }

    void typeChoiceShowsThatTypesFieldsAndIsUndoable()
    {
        MainWindow window(options());
        window.resize(1400, 900);
        window.show();
        window.newScenario();
        window.findChild<QAction *>(QStringLiteral("connectionsAction"))->trigger();
        ConnectionsPanel *panel = panelOf(window);
        const QString id = panel->addConnection();
        auto visible = [panel](QWidget *w) { return w->isVisibleTo(panel); };
        QVERIFY(visible(panel->tokenUrlEdit()));
        QVERIFY(!visible(panel->apiKeyNameEdit()));

        // Choose "API key": its fields show, the token endpoint's hide.
        QComboBox *type = panel->typeCombo();
        const int apiKey = type->findText(QStringLiteral("API key"));
        QVERIFY(apiKey >= 0);
        type->setCurrentIndex(apiKey);
        emit type->activated(apiKey);
        const Connection *c = window.scenario()->findConnection(id);
        QCOMPARE(c->type, Connection::apiKeyType());
        QCOMPARE(c->apiKey, QStringLiteral("{{secrets.api_key}}"));
        QVERIFY(!visible(panel->tokenUrlEdit()));
        QVERIFY(!visible(panel->getTokenButton()));
        QVERIFY(visible(panel->apiKeyNameEdit()));
        QVERIFY(visible(panel->apiKeyPlaceCombo()));
        QCOMPARE(panel->secretNameEdit()->text(), QStringLiteral("api_key"));
        QCOMPARE(panel->secretValueEdit()->accessibleName(), QStringLiteral("API key: value"));
        typeInto(panel->apiKeyNameEdit(), QStringLiteral("api_key"));
        panel->apiKeyPlaceCombo()->setCurrentIndex(1);
        emit panel->apiKeyPlaceCombo()->activated(1);
        QCOMPARE(window.scenario()->findConnection(id)->apiKeyIn, ApiKeyPlace::Query);
        QCOMPARE(window.scenario()->findConnection(id)->apiKeyName, QStringLiteral("api_key"));

        // Basic: a user name and a password.
        const int basic = type->findData(Connection::basicType());
        type->setCurrentIndex(basic);
        emit type->activated(basic);
        QVERIFY(visible(panel->usernameEdit()));
        QVERIFY(!visible(panel->apiKeyNameEdit()));
        QCOMPARE(panel->secretNameEdit()->text(), QStringLiteral("password"));
        QCOMPARE(panel->secretNameEdit()->accessibleName(), QStringLiteral("Password: name"));

        // Each change is one undo step, and the form follows.
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->findConnection(id)->type, Connection::apiKeyType());
        QCOMPARE(type->currentData().toString(), Connection::apiKeyType());
        QVERIFY(visible(panel->apiKeyNameEdit()));
        window.undoStack()->undo();
        window.undoStack()->undo();
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->findConnection(id)->type, Connection::clientCredentialsType());
        QVERIFY(visible(panel->tokenUrlEdit()));
        QCOMPARE(panel->secretNameEdit()->text(), QStringLiteral("client_secret"));
    }

    // Another type, through the widgets: an API key in the query, used by a module, run
    // against the sandbox; the key is masked and never saved.
    void apiKeyConnectionSignsInAModule()
    {
        MainWindow window(options());
        window.resize(1400, 900);
        window.show();
        window.newScenario();
        window.findChild<QAction *>(QStringLiteral("connectionsAction"))->trigger();
        ConnectionsPanel *panel = panelOf(window);
        const QString id = panel->addConnection();
        QComboBox *type = panel->typeCombo();
        const int apiKey = type->findData(Connection::apiKeyType());
        type->setCurrentIndex(apiKey);
        emit type->activated(apiKey);
        typeInto(panel->nameEdit(), QStringLiteral("Key API"));
        typeInto(panel->apiKeyNameEdit(), QStringLiteral("api_key"));
        panel->apiKeyPlaceCombo()->setCurrentIndex(1);
        emit panel->apiKeyPlaceCombo()->activated(1);
        typeInto(panel->secretValueEdit(), SandboxServer::demoApiKey());
        QTest::mouseClick(panel->saveSecretButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->secretStateLabel()->text().contains(QLatin1String("api_key")), 15000);

        const ModuleId module = window.addModule();
        window.editModule(module);
        ModuleEditor *editor = window.moduleEditor();
        editor->urlField()->setFocus();
        QTest::keyClicks(editor->urlField(), QStringLiteral("{{sandbox.url}}/api/signin"));
        AuthenticationChooser *chooser = editor->authenticationChooser();
        QComboBox *auth = chooser->combo();
        const int index = auth->findText(QStringLiteral("Connection: Key API"));
        QVERIFY(index >= 0);
        auth->setCurrentIndex(index);
        emit auth->activated(index);
        QVERIFY2(
            chooser->hint()->text().contains(QStringLiteral("to the address as \u201capi_key")),
            qPrintable(chooser->hint()->text()));
        QCOMPARE(window.scenario()->module(module).config.connection, id);

        QVERIFY(runAndWait(window));
        const ModuleRun run = window.runner()->results().run(module);
        QCOMPARE(run.output.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("signed_in_with"))
                     .toString(),
            QStringLiteral("api key query"));
        const QByteArray shown = QJsonDocument(run.inputBundle()).toJson();
        QVERIFY2(!shown.contains(SandboxServer::demoApiKey().toUtf8()), shown.constData());

        const QString path = m_dir.filePath(QStringLiteral("api-key.scenario.json"));
        QVERIFY(window.saveTo(path));
        const QByteArray saved = readAll(path);
        QVERIFY(saved.contains("\"apiKey\": \"{{secrets.api_key}}\""));
        QVERIFY(!saved.contains(SandboxServer::demoApiKey().toUtf8()));
    }

    void asksForTheValueWhenNoKeychainAnswers()
    {
        MainWindow window(options());
        window.show();
        QVERIFY(window.openFile(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/oauth2-connection.scenario.json")));
        KeychainSecretProvider *secrets = secretsOf(window);
        QStringList asked;
        connect(secrets, &KeychainSecretProvider::promptShown, this,
            [&asked](QDialog *dialog, const QString &name) {
                asked.append(name);
                auto *why = dialog->findChild<QLabel *>(QStringLiteral("why"));
                QVERIFY(why);
                QVERIFY2(why->text().contains(QLatin1String("cannot remember secrets")),
                    qPrintable(why->text()));
                dialog->findChild<QLineEdit *>(QStringLiteral("value"))
                    ->setText(SandboxServer::demoClientSecret());
                // Answer on the next turn, as a person would after the dialog showed.
                QTimer::singleShot(0, dialog, &QDialog::accept);
            });
        QVERIFY(runAndWait(window));
        QCOMPARE(asked, QStringList {QStringLiteral("client_secret")});
        QCOMPARE(window.sandbox()->tokensIssued(), 1);
        // The value is remembered for the session: no second question.
        QVERIFY(runAndWait(window));
        QCOMPARE(asked.size(), 1);
    }

    void cancellingTheQuestionFailsTheModuleNamingTheSecret()
    {
        MainWindow window(options());
        window.show();
        QVERIFY(window.openFile(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/oauth2-connection.scenario.json")));
        connect(secretsOf(window), &KeychainSecretProvider::promptShown, this,
            [](QDialog *dialog, const QString &) {
                QTimer::singleShot(0, dialog, &QDialog::reject);
            });
        QVERIFY(!runAndWait(window));
        const ModuleRun run = window.runner()->results().run(1);
        QCOMPARE(run.status, ModuleRunStatus::Failed);
        QVERIFY2(run.error.startsWith(QStringLiteral("The secret \u201cclient_secret\u201d has no "
                                                     "value.")),
            qPrintable(run.error));
        QVERIFY2(run.error.contains(QLatin1String("Connections")), qPrintable(run.error));
        QCOMPARE(window.sandbox()->tokensIssued(), 0);
    }
};

QTEST_MAIN(TestConnectionsPanel)
#include "tst_connectionspanel.moc"
