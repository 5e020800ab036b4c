#pragma once

#include "core/model/Connection.h"
#include "core/run/RequestMapper.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class AuthorizationCodeSignIn;
class KeychainSecretProvider;
class SecretPlacesEditor;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;
class QUndoStack;
class QUrl;
struct TokenResult;

class Scenario;
class ScenarioRunner;

/// The connections panel: the scenario's connections to create, edit and test. A "Type"
/// choice at the top says how a connection signs in; the form shows that type's fields only.
/// Each type's secret (client secret, API key, token, password, certificate password) is a
/// secret: the scenario keeps its name, the keychain its value. For OAuth 2.0 client
/// credentials, "Get token now" shows the token's type, scope, expiry countdown and a masked
/// token; "Clear cached token" makes the next run fetch a new one.
class ConnectionsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionsPanel(QWidget *parent = nullptr);

    /// Edits go on `undoStack`, the session's; without one (null) the panel edits nothing.
    void setScenario(Scenario *scenario, QUndoStack *undoStack);
    /// The runner whose token cache and named roots ({{sandbox.url}}) the panel uses.
    void setRunner(ScenarioRunner *runner);
    void setSecretProvider(KeychainSecretProvider *secrets);

    /// Shows this connection's settings ("" selects none).
    void selectConnection(const QString &id);
    QString currentConnectionId() const;
    /// Adds a connection with a fresh id, as one undo step, and selects it. Returns its id.
    QString addConnection();
    void removeCurrentConnection();
    /// Saves the typed secret value in the keychain (or for this session, saying why).
    void saveSecretValue();
    /// Fetches a token for the selected connection now.
    void getTokenNow();
    void clearCachedToken();
    /// Authorization code: opens the sign-in page in the browser and waits on a loopback
    /// address for the answer; the refresh token then goes to the keychain.
    void signIn();
    /// Authorization code: revokes the refresh token where the server offers it, and removes
    /// it from the keychain.
    void signOut();
    /// How "Sign in" opens the browser (QDesktopServices::openUrl; tests replace it).
    void setBrowserOpener(std::function<void(const QUrl &)> open);

    // The parts, for tests.
    QListWidget *list() const { return m_list; }
    QComboBox *typeCombo() const { return m_type; }
    QLineEdit *apiKeyNameEdit() const { return m_apiKeyName; }
    QComboBox *apiKeyPlaceCombo() const { return m_apiKeyIn; }
    QLineEdit *usernameEdit() const { return m_username; }
    QLineEdit *certificateFileEdit() const { return m_certificateFile; }
    QLineEdit *privateKeyFileEdit() const { return m_privateKeyFile; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *tokenUrlEdit() const { return m_tokenUrl; }
    QLineEdit *clientIdEdit() const { return m_clientId; }
    QLineEdit *secretNameEdit() const { return m_secretName; }
    QLineEdit *secretValueEdit() const { return m_secretValue; }
    QPushButton *saveSecretButton() const { return m_saveSecret; }
    QLabel *secretStateLabel() const { return m_secretState; }
    SecretPlacesEditor *secretPlaces() const { return m_secretPlaces; }
    QLineEdit *scopeEdit() const { return m_scope; }
    QLineEdit *audienceEdit() const { return m_audience; }
    QPlainTextEdit *extraParametersEdit() const { return m_extra; }
    QComboBox *clientAuthenticationCombo() const { return m_clientAuth; }
    QLineEdit *expiredStatusCodesEdit() const { return m_expired; }
    QSpinBox *refreshLeadSpin() const { return m_lead; }
    QPushButton *getTokenButton() const { return m_getToken; }
    QPushButton *clearTokenButton() const { return m_clearToken; }
    QLineEdit *authorizationUrlEdit() const { return m_authorizationUrl; }
    QLineEdit *redirectUriEdit() const { return m_redirectUri; }
    QLineEdit *revocationUrlEdit() const { return m_revocationUrl; }
    QLineEdit *clientSecretEdit() const { return m_clientSecretText; }
    QLineEdit *signingKeyFileEdit() const { return m_signingKeyFile; }
    QLineEdit *signingKeyEdit() const { return m_signingKey; }
    QPushButton *signInButton() const { return m_signInButton; }
    QPushButton *signOutButton() const { return m_signOutButton; }
    /// "Bearer token, scope read, expires in 59 min 58 s, …": what the token cache holds.
    QLabel *tokenStatusLabel() const { return m_tokenStatus; }

    /// "401, 403" <-> {401, 403}; nullopt-like empty list with *ok false on bad input.
    static QList<int> parseStatusCodes(const QString &text, bool *ok);
    /// "name=value" lines <-> pairs.
    static QList<NameValue> parseParameters(const QString &text);
    static QString formatParameters(const QList<NameValue> &pairs);
    /// The secret name of a client secret that is exactly {{secrets.NAME}}; else empty.
    static QString secretNameOf(const QString &clientSecret);
    /// What people see for a connection type, e.g. "API key".
    static QString typeTitle(const QString &type);
    /// What a type calls its secret, e.g. "Password".
    static QString secretTitle(const QString &type);

private:
    void reloadList();
    void loadForm();
    void edit(const QString &field, const std::function<void(Connection &)> &change);
    void showRowsFor(const QString &type);
    /// {{secrets.NAME}} for a new secret of this type, a name no other connection uses.
    QString defaultSecretReference(const QString &type, const QString &id = {}) const;
    void updateSecretState();
    void updateTokenStatus();
    const Connection *current() const;
    /// Looks up the secrets `connection` uses, resolves it and checks that its secrets may go
    /// to its token URL; then calls `done`, or shows the error and does not.
    void withResolvedConnection(const Connection &connection,
        std::function<void(const RequestMapper::ConnectionResult &)> done);
    void finishSignIn(const QString &connectionId, const TokenResult &result);
    void showSigningKeyRows(const Connection &shown);

    QPointer<Scenario> m_scenario;
    QPointer<QUndoStack> m_undoStack;
    QPointer<ScenarioRunner> m_runner;
    QPointer<KeychainSecretProvider> m_secrets;
    QString m_currentId;
    bool m_loading = false;
    QString m_tokenError;

    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_remove;
    QWidget *m_form;
    QFormLayout *m_formLayout;
    /// Rows that belong to some types only: the row and those types.
    QList<QPair<int, QStringList>> m_typedRows;
    int m_secretNameRow = -1;
    int m_secretValueRow = -1;
    QComboBox *m_type;
    QLineEdit *m_apiKeyName;
    QComboBox *m_apiKeyIn;
    QLineEdit *m_username;
    QLineEdit *m_certificateFile;
    QLineEdit *m_privateKeyFile;
    QLabel *m_idNote;
    QLineEdit *m_name;
    QLineEdit *m_tokenUrl;
    QLineEdit *m_clientId;
    QLineEdit *m_secretName;
    QLineEdit *m_secretValue;
    QPushButton *m_saveSecret;
    QLabel *m_secretState;
    SecretPlacesEditor *m_secretPlaces = nullptr;
    QLineEdit *m_scope;
    QLineEdit *m_audience;
    QPlainTextEdit *m_extra;
    QComboBox *m_clientAuth;
    QLineEdit *m_expired;
    QLabel *m_expiredNote;
    QSpinBox *m_lead;
    QPushButton *m_getToken;
    QPushButton *m_clearToken;
    QLabel *m_tokenStatus;
    QTimer *m_tick;
    QLineEdit *m_authorizationUrl;
    QLineEdit *m_redirectUri;
    QLineEdit *m_revocationUrl;
    QLineEdit *m_clientSecretText;
    QLineEdit *m_signingKeyFile;
    QLineEdit *m_signingKey;
    QList<int> m_signingKeyRows;
    QPushButton *m_signInButton;
    QPushButton *m_signOutButton;
    AuthorizationCodeSignIn *m_signIn = nullptr;
    QString m_signInConnection; ///< the connection a sign-in in progress is for
    std::function<void(const QUrl &)> m_openBrowser;
};
