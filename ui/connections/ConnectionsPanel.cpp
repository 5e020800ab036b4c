#include "ui/connections/ConnectionsPanel.h"

#include "ui/AccessibleNames.h"
#include "ui/connections/SecretPlacesEditor.h"

#include "core/trust/Origin.h"

#include "core/mapping/MappingContext.h"
#include "core/model/Scenario.h"
#include "core/run/AuthorizationCodeSignIn.h"
#include "core/run/MappingContextBuilder.h"
#include "core/run/RequestMapper.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/TokenCache.h"
#include "core/trust/LocalFileAccess.h"
#include "ui/commands/EditConnectionsCommand.h"
#include "ui/connections/KeychainSecretProvider.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <memory>

namespace {

QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont small = label->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    label->setFont(small);
    return label;
}

QString duration(qint64 seconds)
{
    if (seconds < 60)
        return QObject::tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return QObject::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QObject::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

/// The secret name a new connection of this type starts with.
QString defaultSecretName(const QString &type)
{
    if (type == Connection::apiKeyType())
        return QStringLiteral("api_key");
    if (type == Connection::bearerType())
        return QStringLiteral("token");
    if (type == Connection::basicType())
        return QStringLiteral("password");
    if (type == Connection::clientCertificateType())
        return QStringLiteral("certificate_password");
    if (type == Connection::authorizationCodeType())
        return QStringLiteral("refresh_token");
    return QStringLiteral("client_secret");
}

} // namespace

QString ConnectionsPanel::typeTitle(const QString &type)
{
    if (type == Connection::clientCredentialsType())
        return tr("OAuth 2.0 client credentials");
    if (type == Connection::authorizationCodeType())
        return tr("OAuth 2.0 sign in with a browser (authorization code)");
    if (type == Connection::apiKeyType())
        return tr("API key");
    if (type == Connection::bearerType())
        return tr("Bearer token");
    if (type == Connection::basicType())
        return tr("User name and password (Basic)");
    if (type == Connection::clientCertificateType())
        return tr("Client certificate");
    return type;
}

QString ConnectionsPanel::secretTitle(const QString &type)
{
    if (type == Connection::authorizationCodeType())
        return tr("Refresh token");
    if (type == Connection::apiKeyType())
        return tr("API key");
    if (type == Connection::bearerType())
        return tr("Token");
    if (type == Connection::basicType())
        return tr("Password");
    if (type == Connection::clientCertificateType())
        return tr("Certificate password");
    return tr("Client secret");
}

QList<int> ConnectionsPanel::parseStatusCodes(const QString &text, bool *ok)
{
    QList<int> codes;
    *ok = true;
    const QStringList parts
        = text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        bool isNumber = false;
        const int code = part.toInt(&isNumber);
        if (!isNumber || code < 100 || code > 599) {
            *ok = false;
            return {};
        }
        if (!codes.contains(code))
            codes.append(code);
    }
    return codes;
}

QList<NameValue> ConnectionsPanel::parseParameters(const QString &text)
{
    QList<NameValue> pairs;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty())
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals < 0)
            pairs.append({line.trimmed(), QString()});
        else
            pairs.append({line.left(equals).trimmed(), line.mid(equals + 1).trimmed()});
    }
    return pairs;
}

QString ConnectionsPanel::formatParameters(const QList<NameValue> &pairs)
{
    QStringList lines;
    for (const NameValue &p : pairs)
        lines.append(p.name + QLatin1Char('=') + p.value);
    return lines.join(QLatin1Char('\n'));
}

QString ConnectionsPanel::secretNameOf(const QString &clientSecret)
{
    static const QRegularExpression reference(
        QStringLiteral("^\\{\\{\\s*secrets\\.([A-Za-z0-9_\\-]+)\\s*\\}\\}$"));
    const QRegularExpressionMatch match = reference.match(clientSecret.trimmed());
    return match.hasMatch() ? match.captured(1) : QString();
}

ConnectionsPanel::ConnectionsPanel(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_add(new QPushButton(tr("Add connection"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("connectionsPanel"));
    m_list->setMaximumHeight(110);
    m_list->setToolTip(tr("Connections of this scenario. A module signs in with one under its "
                          "Authentication setting."));
    m_add->setToolTip(tr("Add a connection; then choose how it signs in under Type"));
    m_remove->setToolTip(tr("Remove the selected connection; modules that use it will say so"));

    m_form = new QWidget;
    auto *form = new QFormLayout(m_form);
    form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setContentsMargins(0, 0, 0, 0);

    m_formLayout = form;
    // The rows of the types that get tokens from a token URL (both OAuth 2.0 types).
    const QStringList tokenTypes {
        Connection::clientCredentialsType(), Connection::authorizationCodeType()};
    const QStringList browser {Connection::authorizationCodeType()};
    // Rows shown for some types only: the row and the types it belongs to.
    auto onlyFor = [this, form](const QStringList &types) {
        m_typedRows.append({form->rowCount() - 1, types});
    };
    m_type = new QComboBox(m_form);
    for (const QString &type : Connection::knownTypes())
        m_type->addItem(typeTitle(type), type);
    m_type->setToolTip(tr("How this connection signs in to the server"));
    form->addRow(tr("Type"), m_type);
    m_idNote = hintLabel(QString(), m_form);
    form->addRow(m_idNote);
    m_name = new QLineEdit(m_form);
    m_name->setPlaceholderText(tr("e.g. My API"));
    form->addRow(tr("Name"), m_name);
    m_authorizationUrl = new QLineEdit(m_form);
    m_authorizationUrl->setPlaceholderText(tr("https://auth.example.com/oauth/authorize"));
    m_authorizationUrl->setToolTip(tr("The sign-in page the browser opens (the authorization "
                                      "endpoint)"));
    form->addRow(tr("Authorization URL"), m_authorizationUrl);
    onlyFor(browser);
    m_tokenUrl = new QLineEdit(m_form);
    m_tokenUrl->setPlaceholderText(tr("https://auth.example.com/oauth/token"));
    m_tokenUrl->setToolTip(tr("The address that gives tokens (the token endpoint)"));
    form->addRow(tr("Token URL"), m_tokenUrl);
    onlyFor(tokenTypes);
    m_clientId = new QLineEdit(m_form);
    form->addRow(tr("Client ID"), m_clientId);
    onlyFor(tokenTypes);
    m_clientSecretText = new QLineEdit(m_form);
    m_clientSecretText->setPlaceholderText(tr("Only if the service gave one, e.g. "
                                              "{{secrets.client_secret}}"));
    m_clientSecretText->setToolTip(tr("Apps that sign in with a browser often have no client "
                                      "secret. If yours has one, keep it as a secret and write "
                                      "{{secrets.NAME}} here."));
    form->addRow(tr("Client secret"), m_clientSecretText);
    onlyFor(browser);

    m_apiKeyName = new QLineEdit(m_form);
    m_apiKeyName->setPlaceholderText(tr("e.g. X-API-Key or api_key"));
    m_apiKeyName->setToolTip(tr("The name the server expects the key under, from its "
                                "documentation"));
    form->addRow(tr("Header or parameter name"), m_apiKeyName);
    onlyFor({Connection::apiKeyType()});
    m_apiKeyIn = new QComboBox(m_form);
    m_apiKeyIn->addItem(tr("In a header"), Connection::apiKeyPlaceKey(ApiKeyPlace::Header));
    m_apiKeyIn->addItem(
        tr("In the address (a query parameter)"), Connection::apiKeyPlaceKey(ApiKeyPlace::Query));
    m_apiKeyIn->setToolTip(tr("Where the server expects the key, from its documentation"));
    form->addRow(tr("Send the key"), m_apiKeyIn);
    onlyFor({Connection::apiKeyType()});
    m_username = new QLineEdit(m_form);
    form->addRow(tr("User name"), m_username);
    onlyFor({Connection::basicType()});

    m_secretName = new QLineEdit(m_form);
    m_secretName->setToolTip(tr("The name the client secret is kept under. The scenario file "
                                "keeps only this name, as {{secrets.NAME}}."));
    m_secretValue = new QLineEdit(m_form);
    m_secretValue->setEchoMode(QLineEdit::Password);
    m_secretValue->setPlaceholderText(tr("Type the value to save it"));
    m_secretValue->setAccessibleName(tr("Client secret: value"));
    m_saveSecret = new QPushButton(tr("Save"), m_form);
    m_saveSecret->setToolTip(tr("Save the value in your keychain, never in the scenario file"));
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secretValue, 1);
    secretRow->addWidget(m_saveSecret);
    form->addRow(tr("Client secret: name"), m_secretName);
    m_secretNameRow = form->rowCount() - 1;
    form->addRow(tr("Client secret: value"), secretRow);
    m_secretValueRow = form->rowCount() - 1;
    m_secretState = hintLabel(QString(), m_form);
    m_secretState->setObjectName(QStringLiteral("secretState"));
    form->addRow(m_secretState);

    // A client certificate: a type of its own (the files show for it only).
    const QStringList certificate {Connection::clientCertificateType()};
    m_certificateFile = new QLineEdit(m_form);
    m_certificateFile->setPlaceholderText(tr("A .pem, .crt, .p12 or .pfx file"));
    m_certificateFile->setToolTip(tr("The certificate file the server gave you. A .p12 or .pfx "
                                     "file holds the key too."));
    auto *chooseCertificate = new QPushButton(tr("Choose\u2026"), m_form);
    chooseCertificate->setAccessibleName(tr("Choose the certificate file"));
    auto *certificateRow = new QHBoxLayout;
    certificateRow->addWidget(m_certificateFile, 1);
    certificateRow->addWidget(chooseCertificate);
    form->addRow(tr("Certificate file"), certificateRow);
    onlyFor(certificate);
    m_privateKeyFile = new QLineEdit(m_form);
    m_privateKeyFile->setPlaceholderText(tr("Only if the key is in a file of its own"));
    m_privateKeyFile->setToolTip(tr("A PEM private key file, when the certificate file does not "
                                    "hold the key"));
    auto *chooseKey = new QPushButton(tr("Choose\u2026"), m_form);
    chooseKey->setAccessibleName(tr("Choose the private key file"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_privateKeyFile, 1);
    keyRow->addWidget(chooseKey);
    form->addRow(tr("Private key file"), keyRow);
    onlyFor(certificate);

    m_secretPlaces = new SecretPlacesEditor(m_form);
    form->addRow(tr("Where secrets may be sent"), m_secretPlaces);

    // The token and Sign in come before the settings few people change, within reach
    // without scrolling.
    auto *tokenBox = new QGroupBox(tr("Token"), m_form);
    auto *tokenLayout = new QVBoxLayout(tokenBox);
    m_tokenStatus = new QLabel(tokenBox);
    m_tokenStatus->setObjectName(QStringLiteral("tokenStatus"));
    m_tokenStatus->setWordWrap(true);
    m_tokenStatus->setTextFormat(Qt::PlainText);
    m_tokenStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_getToken = new QPushButton(tr("Get token now"), tokenBox);
    m_getToken->setToolTip(tr("Ask the token endpoint for a token now, to check the settings"));
    m_clearToken = new QPushButton(tr("Clear cached token"), tokenBox);
    m_clearToken->setToolTip(tr("Forget the token, so that the next run gets a new one"));
    auto *tokenButtons = new QHBoxLayout;
    tokenButtons->addWidget(m_getToken);
    tokenButtons->addWidget(m_clearToken);
    tokenButtons->addStretch(1);
    m_signInButton = new QPushButton(tr("Sign in\u2026"), tokenBox);
    m_signInButton->setToolTip(tr("Open the service's sign-in page in your browser; Scenarist "
                                  "keeps the refresh token it gets in your keychain"));
    m_signOutButton = new QPushButton(tr("Sign out"), tokenBox);
    m_signOutButton->setToolTip(tr("Revoke the refresh token at the service (where it offers "
                                   "that) and remove it from your keychain"));
    // Sign in and out on a row of their own, so that the panel fits a laptop's narrow dock.
    auto *signButtons = new QHBoxLayout;
    signButtons->addWidget(m_signInButton);
    signButtons->addWidget(m_signOutButton);
    signButtons->addStretch(1);
    tokenLayout->addWidget(m_tokenStatus);
    tokenLayout->addLayout(signButtons);
    tokenLayout->addLayout(tokenButtons);
    form->addRow(tokenBox);
    onlyFor(tokenTypes);

    m_scope = new QLineEdit(m_form);
    m_scope->setPlaceholderText(tr("e.g. read write (space-separated)"));
    form->addRow(tr("Scopes"), m_scope);
    onlyFor(tokenTypes);
    m_redirectUri = new QLineEdit(m_form);
    m_redirectUri->setPlaceholderText(tr("Empty: http://127.0.0.1 with a free port"));
    m_redirectUri->setToolTip(tr("Where the browser comes back to Scenarist, on this computer "
                                 "only. Fill it in only if the service wants a fixed port, e.g. "
                                 "http://127.0.0.1:8400/"));
    form->addRow(tr("Redirect URI"), m_redirectUri);
    onlyFor(browser);
    m_revocationUrl = new QLineEdit(m_form);
    m_revocationUrl->setPlaceholderText(tr("https://auth.example.com/oauth/revoke (optional)"));
    m_revocationUrl->setToolTip(tr("Where Sign out tells the service to forget the refresh token. "
                                   "Empty: Sign out only forgets it here."));
    form->addRow(tr("Revocation URL"), m_revocationUrl);
    onlyFor(browser);
    m_audience = new QLineEdit(m_form);
    m_audience->setPlaceholderText(tr("Only if the server asks for one"));
    form->addRow(tr("Audience"), m_audience);
    onlyFor(tokenTypes);
    m_extra = new QPlainTextEdit(m_form);
    m_extra->setPlaceholderText(tr("More token request fields, one name=value a line"));
    m_extra->setTabChangesFocus(true);
    m_extra->setMaximumHeight(60);
    form->addRow(tr("Extra token parameters"), m_extra);
    onlyFor(tokenTypes);
    m_clientAuth = new QComboBox(m_form);
    m_clientAuth->addItem(
        tr("In the request body"), Connection::clientAuthenticationKey(ClientAuthentication::Body));
    m_clientAuth->addItem(
        tr("As a Basic header"), Connection::clientAuthenticationKey(ClientAuthentication::Basic));
    m_clientAuth->addItem(tr("As a JWT signed with a private key (private_key_jwt)"),
        Connection::clientAuthenticationKey(ClientAuthentication::PrivateKeyJwt));
    m_clientAuth->addItem(tr("As a JWT signed with the client secret (client_secret_jwt)"),
        Connection::clientAuthenticationKey(ClientAuthentication::ClientSecretJwt));
    m_clientAuth->setToolTip(tr("How the client ID and secret reach the token endpoint"));
    form->addRow(tr("Send client ID and secret"), m_clientAuth);
    onlyFor(tokenTypes);
    m_signingKeyFile = new QLineEdit(m_form);
    m_signingKeyFile->setPlaceholderText(tr("A PEM file, e.g. client-key.pem"));
    m_signingKeyFile->setToolTip(tr("The private key registered for this client at the service "
                                    "(RSA or EC, without a passphrase). It signs a short JWT "
                                    "and never leaves this computer."));
    auto *chooseSigningKey = new QPushButton(tr("Choose\u2026"), m_form);
    chooseSigningKey->setAccessibleName(tr("Choose the signing key file"));
    auto *signingKeyRow = new QHBoxLayout;
    signingKeyRow->addWidget(m_signingKeyFile, 1);
    signingKeyRow->addWidget(chooseSigningKey);
    form->addRow(tr("Signing key file"), signingKeyRow);
    onlyFor(tokenTypes);
    m_signingKeyRows.append(form->rowCount() - 1);
    m_signingKey = new QLineEdit(m_form);
    m_signingKey->setPlaceholderText(tr("Or the key kept as a secret: {{secrets.NAME}}"));
    m_signingKey->setToolTip(tr("Instead of a file: the PEM text of the key, kept as a secret"));
    form->addRow(tr("Signing key secret"), m_signingKey);
    onlyFor(tokenTypes);
    m_signingKeyRows.append(form->rowCount() - 1);
    connect(chooseSigningKey, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Signing key file"),
            m_signingKeyFile->text(), tr("Private keys (*.pem *.key);;All files (*)"));
        if (file.isEmpty())
            return;
        m_signingKeyFile->setText(file);
        edit(QStringLiteral("signingKeyFile"), [&](Connection &c) { c.signingKeyFile = file; });
    });
    m_expired = new QLineEdit(m_form);
    m_expired->setToolTip(tr("Answers that mean the token expired: Scenarist then gets a new "
                             "token and sends the request once more"));
    form->addRow(tr("Token expired when the status is"), m_expired);
    onlyFor(tokenTypes);
    m_expiredNote = hintLabel(QString(), m_form);
    form->addRow(m_expiredNote);
    onlyFor(tokenTypes);
    m_lead = new QSpinBox(m_form);
    m_lead->setRange(0, 86400);
    m_lead->setSuffix(tr(" s"));
    m_lead->setToolTip(tr("Get a new token this long before the current one expires"));
    form->addRow(tr("Refresh before expiry"), m_lead);
    onlyFor(tokenTypes);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_form);
    scroll->setAccessibleName(tr("Connection settings"));
    m_list->setAccessibleName(tr("Connections of this scenario"));
    m_tokenStatus->setAccessibleName(tr("Token status"));
    AccessibleNames::nameFormFields(m_form);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    // A few connections at most: the list stays short so that the form below has room.
    m_list->setMaximumHeight(110);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(scroll, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_loading)
            return;
        QListWidgetItem *item = m_list->item(row);
        m_currentId = item ? item->data(Qt::UserRole).toString() : QString();
        loadForm();
    });
    connect(m_add, &QPushButton::clicked, this, [this] { addConnection(); });
    connect(m_remove, &QPushButton::clicked, this, &ConnectionsPanel::removeCurrentConnection);
    connect(m_saveSecret, &QPushButton::clicked, this, &ConnectionsPanel::saveSecretValue);
    connect(m_secretValue, &QLineEdit::returnPressed, this, &ConnectionsPanel::saveSecretValue);
    connect(m_getToken, &QPushButton::clicked, this, &ConnectionsPanel::getTokenNow);
    connect(m_clearToken, &QPushButton::clicked, this, &ConnectionsPanel::clearCachedToken);
    connect(m_signInButton, &QPushButton::clicked, this, &ConnectionsPanel::signIn);
    connect(m_signOutButton, &QPushButton::clicked, this, &ConnectionsPanel::signOut);
    connect(m_authorizationUrl, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("authorizationUrl"),
            [&](Connection &c) { c.authorizationUrl = text.trimmed(); });
    });
    connect(m_redirectUri, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("redirectUri"), [&](Connection &c) { c.redirectUri = text.trimmed(); });
    });
    connect(m_revocationUrl, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("revocationUrl"),
            [&](Connection &c) { c.revocationUrl = text.trimmed(); });
    });
    connect(m_clientSecretText, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("clientSecret"),
            [&](Connection &c) { c.clientSecret = text.trimmed(); });
    });
    connect(m_signingKeyFile, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("signingKeyFile"),
            [&](Connection &c) { c.signingKeyFile = text.trimmed(); });
    });
    connect(m_signingKey, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("signingKey"), [&](Connection &c) { c.signingKey = text.trimmed(); });
    });

    connect(m_type, &QComboBox::activated, this, [this](int index) {
        const QString type = m_type->itemData(index).toString();
        const QString secret = defaultSecretReference(type);
        edit(QStringLiteral("type"), [&](Connection &c) {
            c.type = type;
            if (c.secret().isEmpty())
                c.setSecret(secret);
        });
    });
    connect(m_apiKeyName, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("apiKeyName"), [&](Connection &c) { c.apiKeyName = text.trimmed(); });
    });
    connect(m_apiKeyIn, &QComboBox::activated, this, [this](int index) {
        bool ok = false;
        const ApiKeyPlace place
            = Connection::apiKeyPlaceFromKey(m_apiKeyIn->itemData(index).toString(), &ok);
        edit(QStringLiteral("apiKeyIn"), [&](Connection &c) { c.apiKeyIn = place; });
    });
    connect(m_username, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("username"), [&](Connection &c) { c.username = text; });
    });
    connect(m_certificateFile, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("certificateFile"),
            [&](Connection &c) { c.certificateFile = text.trimmed(); });
    });
    connect(m_privateKeyFile, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("privateKeyFile"),
            [&](Connection &c) { c.privateKeyFile = text.trimmed(); });
    });
    connect(chooseCertificate, &QPushButton::clicked, this, [this] {
        const QString file
            = QFileDialog::getOpenFileName(this, tr("Certificate file"), m_certificateFile->text(),
                tr("Certificates (*.pem *.crt *.cer *.p12 *.pfx);;All files (*)"));
        if (file.isEmpty())
            return;
        m_certificateFile->setText(file);
        edit(QStringLiteral("certificateFile"), [&](Connection &c) { c.certificateFile = file; });
    });
    connect(chooseKey, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Private key file"),
            m_privateKeyFile->text(), tr("Private keys (*.pem *.key);;All files (*)"));
        if (file.isEmpty())
            return;
        m_privateKeyFile->setText(file);
        edit(QStringLiteral("privateKeyFile"), [&](Connection &c) { c.privateKeyFile = file; });
    });
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("name"), [&](Connection &c) { c.name = text; });
    });
    connect(m_tokenUrl, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("tokenUrl"), [&](Connection &c) { c.tokenUrl = text.trimmed(); });
    });
    connect(m_clientId, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("clientId"), [&](Connection &c) { c.clientId = text; });
    });
    connect(m_secretName, &QLineEdit::textEdited, this, [this](const QString &text) {
        const QString name = text.trimmed();
        edit(QStringLiteral("secret"), [&](Connection &c) {
            c.setSecret(name.isEmpty() ? QString() : QStringLiteral("{{secrets.%1}}").arg(name));
        });
    });
    connect(m_scope, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("scope"), [&](Connection &c) { c.scope = text; });
    });
    connect(m_audience, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("audience"), [&](Connection &c) { c.audience = text; });
    });
    connect(m_extra, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        const QList<NameValue> pairs = parseParameters(m_extra->toPlainText());
        edit(QStringLiteral("extraParameters"), [&](Connection &c) { c.extraParameters = pairs; });
    });
    connect(m_clientAuth, &QComboBox::activated, this, [this](int index) {
        bool ok = false;
        const ClientAuthentication value = Connection::clientAuthenticationFromKey(
            m_clientAuth->itemData(index).toString(), &ok);
        edit(QStringLiteral("clientAuthentication"),
            [&](Connection &c) { c.clientAuthentication = value; });
    });
    connect(m_expired, &QLineEdit::textEdited, this, [this](const QString &text) {
        bool ok = false;
        const QList<int> codes = parseStatusCodes(text, &ok);
        m_expiredNote->setText(ok ? QString()
                                  : tr("Type status codes from 100 to 599, separated by commas, "
                                       "e.g. 401, 403."));
        if (ok)
            edit(QStringLiteral("expiredStatusCodes"),
                [&](Connection &c) { c.expiredStatusCodes = codes; });
    });
    connect(m_lead, &QSpinBox::valueChanged, this, [this](int seconds) {
        edit(QStringLiteral("refreshLeadSeconds"),
            [&](Connection &c) { c.refreshLeadSeconds = seconds; });
    });

    // The expiry countdown and the token's age move on by themselves.
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &ConnectionsPanel::updateTokenStatus);
    m_tick->start();
    reloadList();
}

void ConnectionsPanel::setScenario(Scenario *scenario, QUndoStack *undoStack)
{
    if (m_scenario)
        m_scenario->disconnect(this);
    m_scenario = scenario;
    m_undoStack = undoStack;
    Q_ASSERT(!scenario || undoStack);
    m_currentId.clear();
    if (m_scenario) {
        connect(m_scenario, &Scenario::connectionsChanged, this, &ConnectionsPanel::reloadList);
        connect(m_scenario, &Scenario::scenarioReset, this, [this] {
            m_currentId.clear();
            reloadList();
        });
    }
    reloadList();
}

void ConnectionsPanel::setRunner(ScenarioRunner *runner)
{
    if (m_runner && m_runner->tokenCache())
        m_runner->tokenCache()->disconnect(this);
    if (m_runner)
        m_runner->disconnect(this);
    m_runner = runner;
    // A run binds secrets to the places they first go to: show them.
    if (m_runner)
        connect(
            m_runner, &ScenarioRunner::runFinished, this, [this] { m_secretPlaces->refresh(); });
    if (m_runner && m_runner->tokenCache()) {
        connect(
            m_runner->tokenCache(), &TokenCache::statusChanged, this, [this](const QString &id) {
                if (id == m_currentId)
                    updateTokenStatus();
            });
        // The service replaced a refresh token: the old one no longer works, keep the new one.
        connect(m_runner->tokenCache(), &TokenCache::refreshTokenReplaced, this,
            [this](const QString &id, const QString &refreshToken) {
                const Connection *c = m_scenario ? m_scenario->findConnection(id) : nullptr;
                const QString name = c ? c->refreshTokenSecretName() : QString();
                if (!name.isEmpty() && m_secrets)
                    m_secrets->store(name, refreshToken, this, [](bool, const QString &) {});
            });
    }
    updateTokenStatus();
}

void ConnectionsPanel::setSecretProvider(KeychainSecretProvider *secrets)
{
    if (m_secrets)
        m_secrets->disconnect(this);
    m_secrets = secrets;
    if (m_secrets) {
        connect(
            m_secrets, &KeychainSecretProvider::secretChanged, this, [this](const QString &name) {
                const Connection *c = current();
                if (c && secretNameOf(c->secret()) == name)
                    updateSecretState();
            });
    }
    updateSecretState();
}

const Connection *ConnectionsPanel::current() const
{
    return m_scenario ? m_scenario->findConnection(m_currentId) : nullptr;
}

QString ConnectionsPanel::currentConnectionId() const
{
    return current() ? m_currentId : QString();
}

void ConnectionsPanel::selectConnection(const QString &id)
{
    m_currentId = id;
    reloadList();
}

void ConnectionsPanel::reloadList()
{
    m_loading = true;
    m_list->clear();
    int selected = -1;
    if (m_scenario) {
        for (const Connection &c : m_scenario->connections()) {
            auto *item = new QListWidgetItem(c.displayName(), m_list);
            item->setData(Qt::UserRole, c.id);
            item->setToolTip(c.usesTokenEndpoint() ? c.tokenUrl : typeTitle(c.type));
            if (c.id == m_currentId)
                selected = m_list->count() - 1;
        }
    }
    if (selected < 0 && m_list->count() > 0) {
        selected = 0;
        m_currentId = m_list->item(0)->data(Qt::UserRole).toString();
    }
    m_list->setCurrentRow(selected);
    m_loading = false;
    loadForm();
}

void ConnectionsPanel::loadForm()
{
    const Connection *c = current();
    m_form->setEnabled(c != nullptr);
    m_remove->setEnabled(c != nullptr);
    m_add->setEnabled(m_scenario != nullptr);
    m_loading = true;
    const Connection shown = c ? *c : Connection {};
    m_idNote->setText(c ? tr("Modules refer to this connection as \u201c%1\u201d.").arg(c->id)
                        : tr("No connection yet. Add one, then choose it under a module's "
                             "Authentication setting."));
    auto setText = [](QLineEdit *edit, const QString &text) {
        if (edit->text() != text)
            edit->setText(text);
    };
    m_type->setCurrentIndex(std::max(0, m_type->findData(shown.type)));
    showRowsFor(shown.type);
    setText(m_name, shown.name);
    setText(m_apiKeyName, shown.apiKeyName);
    m_apiKeyIn->setCurrentIndex(
        std::max(0, m_apiKeyIn->findData(Connection::apiKeyPlaceKey(shown.apiKeyIn))));
    setText(m_username, shown.username);
    setText(m_certificateFile, shown.certificateFile);
    setText(m_privateKeyFile, shown.privateKeyFile);
    setText(m_tokenUrl, shown.tokenUrl);
    setText(m_clientId, shown.clientId);
    const QString secretName = secretNameOf(shown.secret());
    // Only a {{secrets.NAME}} reference is shown as a name; anything else is shown as typed.
    setText(m_secretName, secretName.isEmpty() ? shown.secret() : secretName);
    setText(m_scope, shown.scope);
    setText(m_audience, shown.audience);
    const QString extra = formatParameters(shown.extraParameters);
    if (parseParameters(m_extra->toPlainText()) != shown.extraParameters)
        m_extra->setPlainText(extra);
    m_clientAuth->setCurrentIndex(std::max(0,
        m_clientAuth->findData(Connection::clientAuthenticationKey(shown.clientAuthentication))));
    bool ok = false;
    if (parseStatusCodes(m_expired->text(), &ok) != shown.expiredStatusCodes || !ok) {
        QStringList codes;
        for (int code : shown.expiredStatusCodes)
            codes.append(QString::number(code));
        m_expired->setText(codes.join(QStringLiteral(", ")));
        m_expiredNote->clear();
    }
    m_lead->setValue(shown.refreshLeadSeconds);
    setText(m_authorizationUrl, shown.authorizationUrl);
    setText(m_redirectUri, shown.redirectUri);
    setText(m_revocationUrl, shown.revocationUrl);
    setText(m_clientSecretText, shown.clientSecret);
    setText(m_signingKeyFile, shown.signingKeyFile);
    setText(m_signingKey, shown.signingKey);
    showSigningKeyRows(shown);
    m_loading = false;
    updateSecretState();
    updateTokenStatus();
}

void ConnectionsPanel::showRowsFor(const QString &type)
{
    for (const auto &[row, types] : std::as_const(m_typedRows))
        m_formLayout->setRowVisible(row, types.contains(type));
    // One secret a type: its rows say which.
    const QString what = secretTitle(type);
    const QString nameLabel = tr("%1: name").arg(what);
    const QString valueLabel = tr("%1: value").arg(what);
    if (auto *label = qobject_cast<QLabel *>(
            m_formLayout->itemAt(m_secretNameRow, QFormLayout::LabelRole)->widget()))
        label->setText(nameLabel);
    if (auto *label = qobject_cast<QLabel *>(
            m_formLayout->itemAt(m_secretValueRow, QFormLayout::LabelRole)->widget()))
        label->setText(valueLabel);
    m_secretName->setAccessibleName(nameLabel);
    m_secretValue->setAccessibleName(valueLabel);
    m_secretName->setToolTip(tr("The name the %1 is kept under. The scenario file keeps only "
                                "this name, as {{secrets.NAME}}.")
                                 .arg(what.toLower()));
}

QString ConnectionsPanel::defaultSecretReference(const QString &type, const QString &id) const
{
    QStringList taken;
    if (m_scenario) {
        for (const Connection &c : m_scenario->connections())
            taken.append(secretNameOf(c.secret()));
    }
    QString name = defaultSecretName(type);
    if (taken.contains(name))
        name = (id.isEmpty() ? m_currentId : id) + QLatin1Char('_') + name;
    return QStringLiteral("{{secrets.%1}}").arg(name);
}

void ConnectionsPanel::edit(const QString &field, const std::function<void(Connection &)> &change)
{
    if (m_loading || !m_scenario || !m_undoStack || !current())
        return;
    QList<Connection> connections = m_scenario->connections();
    for (Connection &c : connections) {
        if (c.id == m_currentId)
            change(c);
    }
    if (connections == m_scenario->connections())
        return;
    const QString text = tr("Edit connection \u201c%1\u201d").arg(current()->displayName());
    m_undoStack->push(new EditConnectionsCommand(
        m_scenario, connections, text, m_currentId + QLatin1Char('/') + field));
}

QString ConnectionsPanel::addConnection()
{
    if (!m_scenario || !m_undoStack)
        return {};
    QList<Connection> connections = m_scenario->connections();
    auto taken = [&](const QString &id) { return m_scenario->findConnection(id) != nullptr; };
    QString id = QStringLiteral("connection");
    for (int n = 2; taken(id); ++n)
        id = QStringLiteral("connection%1").arg(n);
    Connection c;
    c.id = id;
    c.name = connections.isEmpty() ? tr("My connection")
                                   : tr("My connection %1").arg(connections.size() + 1);
    c.setSecret(defaultSecretReference(c.type, id));
    connections.append(c);
    m_currentId = id;
    const QString text = tr("Add connection \u201c%1\u201d").arg(c.name);
    m_undoStack->push(new EditConnectionsCommand(m_scenario, connections, text));
    m_name->setFocus();
    m_name->selectAll();
    return id;
}

void ConnectionsPanel::removeCurrentConnection()
{
    const Connection *c = current();
    if (!c || !m_undoStack)
        return;
    const QString text = tr("Remove connection \u201c%1\u201d").arg(c->displayName());
    QList<Connection> connections = m_scenario->connections();
    connections.removeIf([this](const Connection &x) { return x.id == m_currentId; });
    m_currentId.clear();
    m_undoStack->push(new EditConnectionsCommand(m_scenario, connections, text));
}

void ConnectionsPanel::updateSecretState()
{
    const Connection *c = current();
    const QString name = c ? secretNameOf(c->secret()) : QString();
    m_secretPlaces->select(name);
    m_secretValue->setEnabled(!name.isEmpty());
    m_saveSecret->setEnabled(!name.isEmpty() && m_secrets);
    if (!c) {
        m_secretState->clear();
        return;
    }
    if (name.isEmpty()) {
        const QString what = secretTitle(c->type);
        m_secretState->setText(c->secret().isEmpty()
                ? tr("Give the %1 a name, e.g. %2, then type its value.")
                      .arg(what.toLower(), defaultSecretName(c->type))
                : tr("The %1 is the mapping \u201c%2\u201d.").arg(what.toLower(), c->secret()));
        return;
    }
    if (!m_secrets) {
        m_secretState->setText(tr("Kept as {{secrets.%1}}.").arg(name));
        return;
    }
    m_secretState->setText(tr("Checking the keychain\u2026"));
    const QString connectionId = c->id;
    m_secrets->peek(name, this, [this, name, connectionId](const std::optional<QString> &value) {
        const Connection *now = current();
        if (!now || now->id != connectionId || secretNameOf(now->secret()) != name)
            return;
        if (!value) {
            m_secretState->setText(m_secrets->keychainUnavailable()
                    ? tr("\u201c%1\u201d has no value. No keychain (such as GNOME Keyring or "
                         "KWallet) answered, so a value you type is kept only until you quit.")
                          .arg(name)
                    : tr("\u201c%1\u201d has no value yet: type it and click Save.").arg(name));
        } else if (m_secrets->keychainUnavailable()) {
            m_secretState->setToolTip(
                tr("What the system said: %1").arg(m_secrets->unavailableReason()));
            m_secretState->setText(tr("\u201c%1\u201d has a value for this session only, "
                                      "because no keychain answered.")
                                       .arg(name));
        } else {
            m_secretState->setToolTip(QString());
            m_secretState->setText(tr("\u201c%1\u201d has a value, kept in your keychain. The "
                                      "scenario file keeps only the name.")
                                       .arg(name));
        }
    });
}

void ConnectionsPanel::saveSecretValue()
{
    const Connection *c = current();
    const QString name = c ? secretNameOf(c->secret()) : QString();
    const QString value = m_secretValue->text();
    if (name.isEmpty() || value.isEmpty() || !m_secrets)
        return;
    m_secretValue->clear();
    m_secretState->setText(tr("Saving\u2026"));
    m_secrets->store(name, value, this, [this, name](bool remembered, const QString &why) {
        if (remembered) {
            updateSecretState();
            return;
        }
        m_secretState->setText(tr("\u201c%1\u201d is kept only until you quit: Scenarist cannot "
                                  "remember it, because no keychain (such as GNOME Keyring or "
                                  "KWallet) answered.")
                                   .arg(name));
        m_secretState->setToolTip(tr("What the system said: %1").arg(why));
    });
}

void ConnectionsPanel::getTokenNow()
{
    const Connection *found = current();
    if (!found || !found->usesTokenEndpoint() || !m_runner || !m_runner->tokenCache())
        return;
    const Connection connection = *found;
    m_tokenError.clear();
    m_tokenStatus->setText(tr("Getting a token\u2026"));
    const QPointer<ConnectionsPanel> self(this);
    withResolvedConnection(
        connection, [self, connection](const RequestMapper::ConnectionResult &resolved) {
            TokenCache *cache = self->m_runner->tokenCache();
            // "Now" means a fresh token, not the cached one.
            const TokenStatus before = cache->status(connection.id);
            if (before.token.isValid())
                cache->discard(resolved.credentials, before.token.accessToken);
            cache->token(resolved.credentials, self, [self](const TokenResult &result) {
                self->m_tokenError = result.ok() ? QString() : result.error;
                self->updateTokenStatus();
            });
        });
}

void ConnectionsPanel::clearCachedToken()
{
    const Connection *c = current();
    if (!c || !m_runner || !m_runner->tokenCache())
        return;
    m_tokenError.clear();
    m_runner->tokenCache()->clear(c->id);
}

void ConnectionsPanel::updateTokenStatus()
{
    const Connection *c = current();
    TokenCache *cache = m_runner ? m_runner->tokenCache() : nullptr;
    m_getToken->setEnabled(c && cache);
    const bool browser = c && c->isAuthorizationCode();
    m_signInButton->setVisible(browser);
    m_signOutButton->setVisible(browser);
    const bool signingIn = m_signIn && m_signIn->isRunning();
    m_signInButton->setText(signingIn ? tr("Cancel sign-in") : tr("Sign in\u2026"));
    m_signInButton->setEnabled(browser && cache);
    m_signOutButton->setEnabled(browser && cache && !signingIn);
    if (signingIn && !m_tokenError.isEmpty() && c && c->id == m_signInConnection) {
        m_tokenStatus->setText(m_tokenError);
        return;
    }
    if (!c || !cache) {
        m_clearToken->setEnabled(false);
        m_tokenStatus->setText(c ? tr("No token yet.") : QString());
        return;
    }
    const TokenStatus status = cache->status(c->id);
    m_clearToken->setEnabled(status.token.isValid());
    QStringList lines;
    if (status.fetching) {
        lines << tr("Getting a token\u2026");
    } else if (status.token.isValid()) {
        const AccessToken &t = status.token;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        lines << tr("%1 token %2").arg(t.tokenType, t.masked());
        lines << tr("Scope: %1").arg(t.scope.isEmpty() ? tr("(none given)") : t.scope);
        if (t.expiresAt.isValid()) {
            const qint64 left = now.secsTo(t.expiresAt);
            lines << (left > 0 ? tr("Expires in %1").arg(duration(left))
                               : tr("Expired %1 ago").arg(duration(-left)));
        } else {
            lines << tr("No expiry given: used until the server refuses it");
        }
        lines << tr("Fetched %1 ago, at %2")
                     .arg(duration(std::max<qint64>(0, t.fetchedAt.secsTo(now))),
                         t.fetchedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    } else {
        lines << tr("No token cached: the next run or \u201cGet token now\u201d gets one.");
    }
    const QString error = !m_tokenError.isEmpty() ? m_tokenError : status.lastError;
    if (!error.isEmpty() && !status.token.isValid())
        lines << error;
    const QString text = lines.join(QLatin1Char('\n'));
    if (m_tokenStatus->text() != text)
        m_tokenStatus->setText(text);
}

void ConnectionsPanel::showSigningKeyRows(const Connection &shown)
{
    const bool signing = shown.usesTokenEndpoint()
        && shown.clientAuthentication == ClientAuthentication::PrivateKeyJwt;
    for (int row : std::as_const(m_signingKeyRows))
        m_formLayout->setRowVisible(row, signing);
}

void ConnectionsPanel::setBrowserOpener(std::function<void(const QUrl &)> open)
{
    m_openBrowser = std::move(open);
}

void ConnectionsPanel::withResolvedConnection(
    const Connection &connection, std::function<void(const RequestMapper::ConnectionResult &)> done)
{
    const QStringList names = RequestMapper::secretNames(connection);
    auto values = std::make_shared<QHash<QString, QString>>();
    auto missing = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(int(names.size()));
    const QPointer<ConnectionsPanel> self(this);
    auto proceed = [self, connection, values, missing, done]() {
        if (!self || !self->m_runner)
            return;
        const auto fail = [&self](const QString &error) {
            self->m_tokenError = error;
            self->updateTokenStatus();
            self->m_tokenStatus->setText(error);
        };
        if (!missing->isEmpty()) {
            fail(self->m_secrets ? self->m_secrets->missingMessage(missing->first())
                                 : SecretProvider::missingMessageWithoutProvider(missing->first()));
            return;
        }
        const MappingContext context
            = MappingContextBuilder::build(nullptr, self->m_runner->namedRoots(), *values);
        RequestMapper::ConnectionResult resolved
            = RequestMapper::resolveConnection(connection, context);
        if (!resolved.ok()) {
            fail(resolved.error);
            return;
        }
        // Secrets go to the token URL (and the revocation URL): only where they may go.
        QList<QPair<QString, QString>> sends;
        for (const QString &address : {resolved.credentials.tokenUrl, resolved.revocationUrl}) {
            const QString origin = Origin::of(QUrl(address.trimmed(), QUrl::TolerantMode));
            for (const QString &name : resolved.secretsRead) {
                if (!address.isEmpty())
                    sends.append({name, origin});
            }
        }
        const QStringList refusals = self->m_runner->refuseSecretSends(sends, values->keys());
        if (!refusals.isEmpty()) {
            fail(refusals.join(QLatin1Char(' '))
                + tr(" Run the scenario to be asked whether to allow it."));
            return;
        }
        // A signing key file named in the panel is read when the person clicks here, as a
        // file they chose (LocalFileAccess), never more than a key's size.
        if (!resolved.signingKeyFile.isEmpty() && resolved.credentials.signingKey.isEmpty()) {
            const LocalFileRead key = LocalFileAccess::readChosen(resolved.signingKeyFile, 1 << 20);
            if (!key.ok()) {
                fail(key.error);
                return;
            }
            resolved.credentials.signingKey = key.data;
            resolved.credentials.signingKeyName
                = tr("The signing key file \u201c%1\u201d").arg(resolved.signingKeyFile);
        }
        done(resolved);
    };
    if (names.isEmpty() || !m_secrets) {
        if (!m_secrets)
            *missing = names;
        proceed();
        return;
    }
    for (const QString &name : names) {
        m_secrets->lookup(name, this,
            [name, values, missing, pending, proceed](const std::optional<QString> &value) {
                if (value && !value->isEmpty())
                    values->insert(name, *value);
                else
                    missing->append(name);
                if (--*pending == 0)
                    proceed();
            });
    }
}

void ConnectionsPanel::signIn()
{
    const Connection *found = current();
    if (!found || !found->isAuthorizationCode() || !m_runner || !m_runner->tokenCache())
        return;
    if (m_signIn && m_signIn->isRunning()) {
        m_signIn->cancel();
        m_tokenError = tr("Sign-in cancelled.");
        m_tokenStatus->setText(m_tokenError);
        updateTokenStatus();
        return;
    }
    // Signing in makes the refresh token: the connection's own one is not needed (nor looked
    // up) for that.
    Connection connection = *found;
    if (connection.refreshTokenSecretName().isEmpty()) {
        const QString reference = defaultSecretReference(connection.type, connection.id);
        edit(QStringLiteral("secret"), [&](Connection &c) { c.refreshToken = reference; });
    }
    connection.refreshToken.clear();
    m_tokenError.clear();
    m_tokenStatus->setText(tr("Preparing the sign-in\u2026"));
    const QString connectionId = connection.id;
    withResolvedConnection(
        connection, [this, connectionId](const RequestMapper::ConnectionResult &resolved) {
            if (!m_signIn) {
                m_signIn = new AuthorizationCodeSignIn(m_runner->tokenCache(), this);
                connect(
                    m_signIn, &AuthorizationCodeSignIn::openBrowser, this, [this](const QUrl &url) {
                        if (m_openBrowser)
                            m_openBrowser(url);
                        else
                            QDesktopServices::openUrl(url);
                    });
                connect(m_signIn, &AuthorizationCodeSignIn::finished, this,
                    [this](
                        const TokenResult &result) { finishSignIn(m_signInConnection, result); });
            }
            m_signInConnection = connectionId;
            QString error;
            if (!m_signIn->start(resolved.credentials, resolved.authorizationUrl,
                    resolved.redirectUri, &error)) {
                m_tokenError = error;
                updateTokenStatus();
                m_tokenStatus->setText(error);
                return;
            }
            // The browser may have answered already (a test's, or a fast one).
            if (!m_signIn->isRunning())
                return;
            m_tokenError = tr("Waiting for you to sign in in your browser\u2026 If no browser "
                              "opened, open this address:\n%1")
                               .arg(m_signIn->authorizationRequestUrl().toString());
            updateTokenStatus();
        });
}

void ConnectionsPanel::finishSignIn(const QString &connectionId, const TokenResult &result)
{
    const Connection *c = m_scenario ? m_scenario->findConnection(connectionId) : nullptr;
    if (!result.ok() || !c) {
        m_tokenError = result.ok() ? tr("The connection was removed meanwhile.") : result.error;
        updateTokenStatus();
        m_tokenStatus->setText(m_tokenError);
        return;
    }
    const QString name = c->refreshTokenSecretName();
    if (result.refreshToken.isEmpty() || name.isEmpty() || !m_secrets) {
        m_tokenError.clear();
        updateTokenStatus();
        m_tokenStatus->setText(m_tokenStatus->text() + QLatin1Char('\n')
            + tr("Signed in, but the service gave no refresh token: sign in again when the "
                 "token expires."));
        return;
    }
    m_tokenError.clear();
    m_secrets->store(
        name, result.refreshToken, this, [this, name](bool remembered, const QString &) {
            updateTokenStatus();
            updateSecretState();
            m_tokenStatus->setText(m_tokenStatus->text() + QLatin1Char('\n')
                + (remembered ? tr("Signed in. The refresh token is kept in your keychain as "
                                   "\u201c%1\u201d; runs renew the access token with it.")
                                    .arg(name)
                              : tr("Signed in for this session only: no keychain answered, so "
                                   "the refresh token is forgotten when you quit.")));
        });
}

void ConnectionsPanel::signOut()
{
    const Connection *found = current();
    if (!found || !found->isAuthorizationCode() || !m_runner || !m_runner->tokenCache())
        return;
    const Connection connection = *found;
    const QString name = connection.refreshTokenSecretName();
    TokenCache *cache = m_runner->tokenCache();
    m_tokenError.clear();
    cache->clear(connection.id);
    const QPointer<ConnectionsPanel> self(this);
    const auto forget = [self, name](const QString &said) {
        if (!self)
            return;
        const auto done = [self, said] {
            if (!self)
                return;
            self->updateTokenStatus();
            self->updateSecretState();
            self->m_tokenStatus->setText(said);
        };
        if (name.isEmpty() || !self->m_secrets) {
            done();
            return;
        }
        self->m_secrets->forget(name, self, done);
    };
    withResolvedConnection(
        connection, [self, cache, forget](const RequestMapper::ConnectionResult &resolved) {
            if (!self)
                return;
            if (resolved.revocationUrl.isEmpty()) {
                forget(tr("Signed out: the refresh token was removed from your keychain. This "
                          "service offers no revocation URL, so it may stay valid there until "
                          "it expires."));
                return;
            }
            cache->revoke(
                resolved.credentials, resolved.revocationUrl, self, [forget](const QString &error) {
                    forget(error.isEmpty()
                            ? tr("Signed out: the service revoked the refresh token, and it was "
                                 "removed from your keychain.")
                            : tr("The refresh token was removed from your keychain, but the "
                                 "service did not confirm revoking it: %1")
                                  .arg(error));
                });
        });
}
