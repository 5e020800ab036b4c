#include "connections/KeychainSecretProvider.h"

#include <qt6keychain/keychain.h>

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace {

bool meansUnavailable(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::OtherError || error == QKeychain::AccessDenied;
}

QString plainReason(const QString &errorString)
{
    return errorString.isEmpty() ? QObject::tr("no keychain service answered") : errorString;
}

} // namespace

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

// Keychain jobs have no parent: libsecret may still call a job back after this provider is
// gone (a window closed while the keychain was answering), and a job deletes itself once it
// has finished (autoDelete); our connections to it end with the provider.
void KeychainSecretProvider::read(const QString &name, ReadCallback done)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setAutoDelete(true);
    job->setKey(name);
    // A keychain that never answers must not hold a run forever.
    auto answered = std::make_shared<bool>(false);
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, answered, done] {
        if (*answered)
            return;
        *answered = true;
        m_unavailableReason
            = tr("the keychain did not answer within %1 seconds").arg(m_timeoutMs / 1000);
        done(Answer::Unavailable, QString());
    });
    connect(job, &QKeychain::Job::finished, this, [this, job, answered, done] {
        if (*answered)
            return;
        *answered = true;
        if (job->error() == QKeychain::NoError) {
            done(Answer::Found, job->textData());
        } else if (meansUnavailable(job->error())) {
            m_unavailableReason = plainReason(job->errorString());
            done(Answer::Unavailable, QString());
        } else {
            done(Answer::NotFound, QString());
        }
    });
    timer->start(m_timeoutMs);
    job->start();
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
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setAutoDelete(true);
    job->setKey(name);
    job->setTextData(value);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    auto answered = std::make_shared<bool>(false);
    auto finish
        = [this, name, value, guard, hasContext, done](bool remembered, const QString &why) {
              if (!remembered)
                  m_session.insert(name, value); // usable now, forgotten on quit
              else
                  m_session.remove(name);
              emit secretChanged(name);
              if (!hasContext || guard)
                  done(remembered, why);
          };
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, answered, finish] {
        if (*answered)
            return;
        *answered = true;
        m_unavailableReason
            = tr("the keychain did not answer within %1 seconds").arg(m_timeoutMs / 1000);
        finish(false, m_unavailableReason);
    });
    connect(job, &QKeychain::Job::finished, this, [this, job, answered, finish] {
        if (*answered)
            return;
        *answered = true;
        if (job->error() == QKeychain::NoError) {
            finish(true, QString());
            return;
        }
        if (meansUnavailable(job->error()))
            m_unavailableReason = plainReason(job->errorString());
        finish(false, plainReason(job->errorString()));
    });
    timer->start(m_timeoutMs);
    job->start();
}

void KeychainSecretProvider::forget(
    const QString &name, QObject *context, std::function<void()> done)
{
    m_session.remove(name);
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setAutoDelete(true);
    job->setKey(name);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(job, &QKeychain::Job::finished, this, [this, name, guard, hasContext, done] {
        emit secretChanged(name);
        if (!hasContext || guard)
            done();
    });
    job->start();
}
