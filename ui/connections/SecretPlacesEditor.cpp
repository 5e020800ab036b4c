#include "ui/connections/SecretPlacesEditor.h"

#include "core/trust/Origin.h"
#include "core/trust/SecretBindings.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

SecretPlacesEditor::SecretPlacesEditor(QWidget *parent)
    : QWidget(parent)
    , m_secret(new QComboBox(this))
    , m_places(new QLineEdit(this))
    , m_state(new QLabel(this))
{
    setObjectName(QStringLiteral("secretPlaces"));
    m_secret->setAccessibleName(tr("Secret"));
    m_secret->setToolTip(tr("The secret whose places you see below"));
    m_places->setObjectName(QStringLiteral("secretPlacesEdit"));
    m_places->setAccessibleName(tr("Places the secret may be sent to"));
    m_places->setPlaceholderText(tr("Filled in the first time your scenario sends it"));
    m_places->setToolTip(
        tr("The only places this secret may be sent to, separated by commas: server names "
           "(auth.example.com), with a port (localhost:8443) or whole addresses "
           "(https://auth.example.com). A scenario that sends it anywhere else is stopped "
           "before anything is sent."));
    m_state->setWordWrap(true);
    m_state->setObjectName(QStringLiteral("secretPlacesState"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_secret);
    layout->addWidget(m_places);
    layout->addWidget(m_state);
    connect(m_secret, &QComboBox::currentTextChanged, this, [this] { showPlaces(); });
    connect(m_places, &QLineEdit::editingFinished, this, [this] { savePlaces(); });
    refresh();
}

void SecretPlacesEditor::select(const QString &name)
{
    if (!name.isEmpty())
        m_wanted = name;
    refresh();
}

void SecretPlacesEditor::refresh()
{
    QStringList names = SecretBindings::recordedNames();
    if (!m_wanted.isEmpty() && !names.contains(m_wanted, Qt::CaseInsensitive))
        names.prepend(m_wanted);
    const QString shown = m_wanted.isEmpty() ? m_secret->currentText() : m_wanted;
    const QSignalBlocker blocker(m_secret);
    m_secret->clear();
    m_secret->addItems(names);
    const int index = m_secret->findText(shown, Qt::MatchFixedString);
    m_secret->setCurrentIndex(index >= 0 ? index : 0);
    showPlaces();
}

void SecretPlacesEditor::showPlaces()
{
    const QString name = m_secret->currentText();
    setEnabled(!name.isEmpty());
    m_state->clear();
    if (m_places->hasFocus())
        return;
    QStringList places = name.isEmpty()
        ? QStringList()
        : SecretBindings::allowedOrigins(name).value_or(QStringList());
    places.removeAll(QString());
    m_places->setText(places.join(QLatin1String(", ")));
}

bool SecretPlacesEditor::savePlaces()
{
    const QString name = m_secret->currentText();
    if (name.isEmpty())
        return false;
    QStringList origins;
    for (const QString &place : m_places->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString error;
        const QStringList parsed = Origin::parseAllowed(place, &error);
        if (parsed.isEmpty()) {
            m_state->setText(error);
            return false;
        }
        for (const QString &origin : parsed) {
            if (!origins.contains(origin))
                origins.append(origin);
        }
    }
    if (origins.isEmpty() && !SecretBindings::allowedOrigins(name))
        return true; // nothing recorded, nothing typed: it is bound on first use
    SecretBindings::setAllowedOrigins(name, origins);
    m_state->setText(origins.isEmpty()
            ? tr("\u201c%1\u201d may not be sent anywhere now.").arg(name)
            : tr("\u201c%1\u201d may be sent to %2 only.")
                  .arg(name, origins.join(QLatin1String(", "))));
    return true;
}
