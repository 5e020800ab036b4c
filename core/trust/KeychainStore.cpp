#include "core/trust/KeychainStore.h"

#include <QCoreApplication>
#include <qt6keychain/keychain.h>

#include <QPointer>
#include <QTimer>

#include <memory>

namespace {

bool meansUnavailable(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::OtherError || error == QKeychain::AccessDenied;
}

QString plainReason(const QString &errorString)
{
    return errorString.isEmpty()
        ? QCoreApplication::translate("KeychainStore", "no keychain service answered")
        : errorString;
}

QString timeoutReason(int timeoutMs)
{
    return QCoreApplication::translate(
        "KeychainStore", "the keychain did not answer within %1 seconds")
        .arg(timeoutMs / 1000);
}

/// Runs `job` and calls `answer(timedOut)` once: when it finishes, or at the timeout.
/// Jobs have no parent: libsecret may still call a job back after its caller is gone, and a
/// job deletes itself once it has finished (autoDelete).
void start(
    QKeychain::Job *job, QObject *context, int timeoutMs, std::function<void(bool timedOut)> answer)
{
    job->setAutoDelete(true);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    auto answered = std::make_shared<bool>(false);
    auto once = [guard, hasContext, answered, answer](bool timedOut) {
        if (*answered)
            return;
        *answered = true;
        if (!hasContext || guard)
            answer(timedOut);
    };
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, job, [once] { once(true); });
    QObject::connect(job, &QKeychain::Job::finished, job, [once] { once(false); });
    timer->start(timeoutMs);
    job->start();
}

} // namespace

QString KeychainStore::serviceName()
{
    return QStringLiteral("Scenarist");
}

void KeychainStore::read(const QString &name, QObject *context, ReadCallback done, int timeoutMs)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(name);
    start(job, context, timeoutMs, [job, done, timeoutMs](bool timedOut) {
        if (timedOut)
            done(Answer::Unavailable, QString(), timeoutReason(timeoutMs));
        else if (job->error() == QKeychain::NoError)
            done(Answer::Found, job->textData(), QString());
        else if (meansUnavailable(job->error()))
            done(Answer::Unavailable, QString(), plainReason(job->errorString()));
        else
            done(Answer::NotFound, QString(), QString());
    });
}

void KeychainStore::write(
    const QString &name, const QString &value, QObject *context, WriteCallback done, int timeoutMs)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(name);
    job->setTextData(value);
    start(job, context, timeoutMs, [job, done, timeoutMs](bool timedOut) {
        if (timedOut)
            done(false, true, timeoutReason(timeoutMs));
        else if (job->error() == QKeychain::NoError)
            done(true, false, QString());
        else
            done(false, meansUnavailable(job->error()), plainReason(job->errorString()));
    });
}

void KeychainStore::remove(const QString &name, QObject *context, std::function<void()> done)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(name);
    start(job, context, 10000, [done](bool) { done(); });
}
