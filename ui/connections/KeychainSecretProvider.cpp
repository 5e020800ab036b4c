#include "ui/connections/KeychainSecretProvider.h"

#include "core/trust/KeychainStore.h"
#include "core/trust/SecretBindings.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

QString KeychainSecretProvider::serviceName()
{
    return KeychainStore::serviceName();
}

KeychainSecretProvider::KeychainSecretProvider(QObject *parent)
    : SecretProvider(parent)
{
}

void KeychainSecretProvider::setDialogParent(QWidget *parent)
{
    m_dialogParent = parent;
}

void KeychainSecretProvider::setSessionValue(const QString &name, const QString &value)
{
    m_session.insert(name, value);
    emit secretChanged(name);
}

QString KeychainSecretProvider::howToSet(const QString &name) const
{
    if (keychainUnavailable())
        return tr("Type its value when Scenarist asks, or under Run \u203a Connections\u2026 "
                  "(no keychain answered, so it is kept only until you quit).");
    return tr("Give it a value under Run \u203a Connections\u2026; Scenarist keeps it in your "
              "keychain (service \u201c%1\u201d, entry \u201c%2\u201d), never in the file.")
        .arg(serviceName(), name);
}

void KeychainSecretProvider::read(const QString &name, ReadCallback done)
{
    KeychainStore::read(
        name, this,
        [this, done](KeychainStore::Answer answer, const QString &value, const QString &reason) {
            if (answer == KeychainStore::Answer::Unavailable) {
                m_unavailableReason = reason;
                done(Answer::Unavailable, QString());
                return;
            }
            done(answer == KeychainStore::Answer::Found ? Answer::Found : Answer::NotFound, value);
        },
        m_timeoutMs);
}

SecretProvider::Reach KeychainSecretProvider::reach(const QString &name) const
{
    const std::optional<QStringList> bound = SecretBindings::allowedOrigins(name);
    Reach reach;
    reach.anywhere = false;
    reach.recorded = bound.has_value();
    reach.origins = bound.value_or(QStringList());
    return reach;
}

void KeychainSecretProvider::allowOrigin(const QString &name, const QString &origin)
{
    SecretBindings::allow(name, origin);
}

void KeychainSecretProvider::call(const Waiter &waiter, const std::optional<QString> &value)
{
    if (waiter.hasContext && !waiter.context)
        return;
    waiter.done(value);
}

void KeychainSecretProvider::peek(const QString &name, QObject *context, Callback done)
{
    const Waiter waiter {QPointer<QObject>(context), context != nullptr, std::move(done)};
    if (m_session.contains(name)) {
        call(waiter, m_session.value(name));
        return;
    }
    read(name, [waiter](Answer answer, const QString &value) {
        call(waiter,
            answer == Answer::Found && !value.isEmpty() ? std::optional<QString>(value)
                                                        : std::nullopt);
    });
}

void KeychainSecretProvider::lookup(const QString &name, QObject *context, Callback done)
{
    if (m_session.contains(name)) {
        done(m_session.value(name));
        return;
    }
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    read(name, [this, name, guard, hasContext, done](Answer answer, const QString &value) {
        if (hasContext && !guard)
            return;
        if (answer == Answer::Found && !value.isEmpty()) {
            done(value);
        } else if (answer == Answer::Unavailable && m_dialogParent) {
            ask(name, guard, done);
        } else {
            done(std::nullopt);
        }
    });
}

void KeychainSecretProvider::ask(const QString &name, QObject *context, Callback done)
{
    m_asking[name].append(Waiter {QPointer<QObject>(context), context != nullptr, std::move(done)});
    if (!m_promptQueue.contains(name))
        m_promptQueue.append(name);
    if (!m_prompt)
        showNextPrompt();
}

void KeychainSecretProvider::showNextPrompt()
{
    if (m_promptQueue.isEmpty() || !m_dialogParent)
        return;
    const QString name = m_promptQueue.first();
    auto *dialog = new QDialog(m_dialogParent);
    dialog->setObjectName(QStringLiteral("secretPrompt"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Value of the secret \u201c%1\u201d").arg(name));
    // Plain words first; the system's own reason (often about D-Bus) only as a tooltip.
    auto *why = new QLabel(
        tr("Scenarist cannot remember secrets on this computer, because no keychain (such as "
           "GNOME Keyring or KWallet) answered. Type the value of the secret \u201c%1\u201d to "
           "use it until you quit Scenarist. It is not saved anywhere, and scenarios keep only "
           "its name.")
            .arg(name),
        dialog);
    if (!m_unavailableReason.isEmpty())
        why->setToolTip(tr("What the system said: %1").arg(m_unavailableReason));
    why->setObjectName(QStringLiteral("why"));
    why->setWordWrap(true);
    auto *value = new QLineEdit(dialog);
    value->setObjectName(QStringLiteral("value"));
    value->setEchoMode(QLineEdit::Password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(why);
    auto *form = new QFormLayout;
    form->addRow(tr("Value:"), value);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::finished, this, [this, name, value](int result) {
        const QString text = value->text();
        finishPrompt(name,
            result == QDialog::Accepted && !text.isEmpty() ? std::optional<QString>(text)
                                                           : std::nullopt);
    });
    m_prompt = dialog;
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open(); // no nested event loop: the answer comes through finished()
    emit promptShown(dialog, name);
}

void KeychainSecretProvider::finishPrompt(const QString &name, const std::optional<QString> &value)
{
    m_prompt = nullptr;
    m_promptQueue.removeAll(name);
    if (value) {
        m_session.insert(name, *value);
        emit secretChanged(name);
    }
    const QList<Waiter> waiters = m_asking.take(name);
    for (const Waiter &waiter : waiters)
        call(waiter, value);
    // The next prompt after this turn of the event loop, once this dialog has closed.
    QTimer::singleShot(0, this, [this] {
        if (!m_prompt)
            showNextPrompt();
    });
}

void KeychainSecretProvider::store(
    const QString &name, const QString &value, QObject *context, StoreCallback done)
{
    // Usable at once: a run started right after Save must not wait for, or ask again
    // because of, a keychain that has not answered yet.
    m_session.insert(name, value);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    KeychainStore::write(
        name, value, this,
        [this, name, value, guard, hasContext, done](
            bool stored, bool unavailable, const QString &reason) {
            if (unavailable)
                m_unavailableReason = reason;
            if (!stored)
                m_session.insert(name, value); // usable now, forgotten on quit
            else
                m_session.remove(name);
            emit secretChanged(name);
            if (!hasContext || guard)
                done(stored, reason);
        },
        m_timeoutMs);
}

void KeychainSecretProvider::forget(
    const QString &name, QObject *context, std::function<void()> done)
{
    m_session.remove(name);
    // A value entered again later is bound afresh where it is first sent.
    SecretBindings::forget(name);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    KeychainStore::remove(name, this, [this, name, guard, hasContext, done] {
        emit secretChanged(name);
        if (!hasContext || guard)
            done();
    });
}
