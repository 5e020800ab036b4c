#include "ui/connections/ConnectionsPanel.h"

#include "ui/AccessibleNames.h"
#include "ui/connections/SecretPlacesEditor.h"

#include "core/trust/Origin.h"

#include "core/mapping/MappingContext.h"
#include "core/model/Scenario.h"
#include "core/run/MappingContextBuilder.h"
#include "core/run/RequestMapper.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/TokenCache.h"
#include "ui/commands/EditConnectionsCommand.h"
#include "ui/connections/KeychainSecretProvider.h"

#include <QComboBox>
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
    return QStringLiteral("client_secret");
}

} // namespace

QString ConnectionsPanel::typeTitle(const QString &type)
{
    if (type == Connection::clientCredentialsType())
        return tr("OAuth 2.0 client credentials");
    // OAuth 2.0 authorization code: its title goes here.
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
    const QStringList clientCredentials {Connection::clientCredentialsType()};
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
    m_tokenUrl = new QLineEdit(m_form);
    m_tokenUrl->setPlaceholderText(tr("https://auth.example.com/oauth/token"));
    m_tokenUrl->setToolTip(tr("The address that gives tokens (the token endpoint)"));
    form->addRow(tr("Token URL"), m_tokenUrl);
    onlyFor(clientCredentials);
    m_clientId = new QLineEdit(m_form);
    form->addRow(tr("Client ID"), m_clientId);
    onlyFor(clientCredentials);

    m_apiKeyName = new QLineEdit(m_form);
    m_apiKeyName->setPlaceholderText(tr("e.g. X-API-Key or api_key"));
    m_apiKeyName->setToolTip(tr("The name the server expects the key under, from its "
                                "documentation"));
    form->addRow(tr("Key name"), m_apiKeyName);
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

    m_scope = new QLineEdit(m_form);
    m_scope->setPlaceholderText(tr("e.g. read write (space-separated)"));
    form->addRow(tr("Scopes"), m_scope);
    onlyFor(clientCredentials);
    m_audience = new QLineEdit(m_form);
    m_audience->setPlaceholderText(tr("Only if the server asks for one"));
    form->addRow(tr("Audience"), m_audience);
    onlyFor(clientCredentials);
    m_extra = new QPlainTextEdit(m_form);
    m_extra->setPlaceholderText(tr("More token request fields, one name=value a line"));
    m_extra->setTabChangesFocus(true);
    m_extra->setMaximumHeight(60);
    form->addRow(tr("Extra token parameters"), m_extra);
    onlyFor(clientCredentials);
    m_clientAuth = new QComboBox(m_form);
    m_clientAuth->addItem(
        tr("In the request body"), Connection::clientAuthenticationKey(ClientAuthentication::Body));
    m_clientAuth->addItem(
        tr("As a Basic header"), Connection::clientAuthenticationKey(ClientAuthentication::Basic));
    m_clientAuth->setToolTip(tr("How the client ID and secret reach the token endpoint"));
    form->addRow(tr("Send client ID and secret"), m_clientAuth);
    onlyFor(clientCredentials);
    m_expired = new QLineEdit(m_form);
    m_expired->setToolTip(tr("Answers that mean the token expired: Scenarist then gets a new "
                             "token and sends the request once more"));
    form->addRow(tr("Token expired when the status is"), m_expired);
    onlyFor(clientCredentials);
    m_expiredNote = hintLabel(QString(), m_form);
    form->addRow(m_expiredNote);
    onlyFor(clientCredentials);
    m_lead = new QSpinBox(m_form);
    m_lead->setRange(0, 86400);
    m_lead->setSuffix(tr(" s"));
    m_lead->setToolTip(tr("Get a new token this long before the current one expires"));
    form->addRow(tr("Refresh before expiry"), m_lead);
    onlyFor(clientCredentials);

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
    tokenLayout->addWidget(m_tokenStatus);
    tokenLayout->addLayout(tokenButtons);
    form->addRow(tokenBox);
    onlyFor(clientCredentials);

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
    const QStringList names = RequestMapper::secretNames(connection);
    auto values = std::make_shared<QHash<QString, QString>>();
    auto missing = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(int(names.size()));
    const QPointer<ConnectionsPanel> self(this);
    auto proceed = [self, connection, values, missing]() {
        if (!self || !self->m_runner)
            return;
        if (!missing->isEmpty()) {
            self->m_tokenError = self->m_secrets
                ? self->m_secrets->missingMessage(missing->first())
                : SecretProvider::missingMessageWithoutProvider(missing->first());
            self->updateTokenStatus();
            return;
        }
        const MappingContext context
            = MappingContextBuilder::build(nullptr, self->m_runner->namedRoots(), *values);
        const RequestMapper::ConnectionResult resolved
            = RequestMapper::resolveConnection(connection, context);
        if (!resolved.ok()) {
            self->m_tokenError = resolved.error;
            self->updateTokenStatus();
            return;
        }
        // The client secret goes to the token URL: only where it may go.
        QList<QPair<QString, QString>> sends;
        const QString tokenOrigin
            = Origin::of(QUrl(resolved.credentials.tokenUrl.trimmed(), QUrl::TolerantMode));
        for (const QString &name : resolved.secretsRead)
            sends.append({name, tokenOrigin});
        const QStringList refusals = self->m_runner->refuseSecretSends(sends, values->keys());
        if (!refusals.isEmpty()) {
            self->m_tokenError = refusals.join(QLatin1Char(' '))
                + tr(" Run the scenario to be asked whether to allow it.");
            self->updateTokenStatus();
            return;
        }
        TokenCache *cache = self->m_runner->tokenCache();
        // "Now" means a fresh token, not the cached one.
        const TokenStatus before = cache->status(connection.id);
        if (before.token.isValid())
            cache->discard(resolved.credentials, before.token.accessToken);
        cache->token(resolved.credentials, self, [self](const TokenResult &result) {
            self->m_tokenError = result.ok() ? QString() : result.error;
            self->updateTokenStatus();
        });
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
