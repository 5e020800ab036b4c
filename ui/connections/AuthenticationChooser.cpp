#include "ui/connections/AuthenticationChooser.h"

#include "core/model/Scenario.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QString itemKey(AuthType type, const QString &connection)
{
    if (type == AuthType::Connection)
        return QStringLiteral("connection:") + connection;
    return HttpRequestSpec::authTypeKey(type);
}

} // namespace

AuthenticationChooser::AuthenticationChooser(QWidget *parent)
    : QWidget(parent)
    , m_combo(new QComboBox(this))
    , m_hint(new QLabel(this))
    , m_manage(new QPushButton(tr("Connections…"), this))
{
    m_combo->setToolTip(tr("How this module signs in to the server: not at all, with a user "
                           "name and password, or with a connection (an OAuth 2.0 token, an "
                           "API key, a Bearer token, Basic, a client certificate)"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(12);
    m_manage->setToolTip(tr("Create or change connections: the saved ways to sign in"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_hint->setFont(small);

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_combo, 1);
    row->addWidget(m_manage);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_hint);

    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        if (m_loading)
            return;
        const QString key = m_combo->itemData(index).toString();
        if (key.startsWith(QLatin1String("connection:")))
            emit edited(AuthType::Connection, key.mid(11));
        else if (key == QLatin1String("basic"))
            emit edited(AuthType::Basic, QString());
        else
            emit edited(AuthType::None, QString());
    });
    connect(
        m_manage, &QPushButton::clicked, this, &AuthenticationChooser::manageConnectionsRequested);
    rebuild();
}

void AuthenticationChooser::setScenario(Scenario *scenario)
{
    if (m_scenario)
        m_scenario->disconnect(this);
    m_scenario = scenario;
    if (m_scenario) {
        connect(m_scenario, &Scenario::connectionsChanged, this, &AuthenticationChooser::rebuild);
        connect(m_scenario, &Scenario::scenarioReset, this, &AuthenticationChooser::rebuild);
    }
    rebuild();
}

void AuthenticationChooser::load(const HttpRequestSpec &config)
{
    m_config = config;
    rebuild();
}

void AuthenticationChooser::choose(AuthType type, const QString &connection)
{
    const int index = m_combo->findData(itemKey(type, connection));
    if (index < 0)
        return;
    m_combo->setCurrentIndex(index);
    emit m_combo->activated(index);
}

void AuthenticationChooser::rebuild()
{
    m_loading = true;
    m_combo->clear();
    m_combo->addItem(tr("None"), itemKey(AuthType::None, {}));
    m_combo->addItem(tr("User name and password (HTTP Basic)"), itemKey(AuthType::Basic, {}));
    if (m_scenario) {
        for (const Connection &c : m_scenario->connections())
            m_combo->addItem(
                tr("Connection: %1").arg(c.displayName()), itemKey(AuthType::Connection, c.id));
    }
    const AuthType type = m_config.effectiveAuthentication();
    const QString key = itemKey(type, m_config.connection);
    int index = m_combo->findData(key);
    if (index < 0 && type == AuthType::Connection) {
        // Keep showing what the module says, so that people see what to fix.
        m_combo->addItem(tr("Missing connection \u201c%1\u201d").arg(m_config.connection), key);
        index = m_combo->count() - 1;
    }
    m_combo->setCurrentIndex(std::max(0, index));
    m_loading = false;
    updateHint();
}

QString AuthenticationChooser::connectionHint(const Connection &c)
{
    const QString name = c.displayName();
    QString hint;
    if (c.type == Connection::clientCredentialsType()) {
        hint = tr("Sends “Authorization: Bearer \u2026\u201d with a token from "
                  "\u201c%1\u201d, fetched once and reused until it expires.")
                   .arg(name);
    } else if (c.type == Connection::apiKeyType()) {
        hint = c.apiKeyIn == ApiKeyPlace::Query
            ? tr("Adds the API key of \u201c%1\u201d to the address as \u201c%2\u201d.")
                  .arg(name, c.apiKeyName)
            : tr("Sends the API key of \u201c%1\u201d in the header \u201c%2\u201d.")
                  .arg(name, c.apiKeyName);
    } else if (c.type == Connection::bearerType()) {
        hint = tr("Sends “Authorization: Bearer \u2026\u201d with the token of "
                  "\u201c%1\u201d.")
                   .arg(name);
    } else if (c.type == Connection::basicType()) {
        hint = tr("Sends “Authorization: Basic \u2026\u201d with the user name and "
                  "password of \u201c%1\u201d.")
                   .arg(name);
    } else if (c.type == Connection::clientCertificateType()) {
        hint = tr("Shows the client certificate of \u201c%1\u201d to an https server that asks "
                  "for one.")
                   .arg(name);
    } else {
        hint = tr("Signs in with \u201c%1\u201d.").arg(name);
    }
    if (c.type != Connection::clientCertificateType() && !c.certificateFile.isEmpty())
        hint += QLatin1Char(' ') + tr("It also shows a client certificate.");
    return hint;
}

void AuthenticationChooser::updateHint()
{
    switch (m_config.effectiveAuthentication()) {
    case AuthType::None:
        m_hint->setText(tr("Sends no sign-in. Choose a connection to sign in with an OAuth 2.0 "
                           "token, an API key, a token, a password or a certificate."));
        break;
    case AuthType::Basic:
        m_hint->setText(tr("Fill in the user name and password under advanced settings."));
        break;
    case AuthType::Connection: {
        const Connection *c
            = m_scenario ? m_scenario->findConnection(m_config.connection) : nullptr;
        m_hint->setText(c ? connectionHint(*c)
                          : tr("This connection is not in the scenario. Choose another, or "
                               "create it under Connections."));
        break;
    }
    }
}
