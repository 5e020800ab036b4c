#include "ui/inspector/BackgroundJob.h"

#include <QThreadPool>

BackgroundJob::BackgroundJob(Work work)
    : m_work(std::move(work))
{
    // The job deletes itself through its own (the UI) thread's event loop, after the queued
    // result has been posted, so the pool never deletes a QObject from a worker thread.
    setAutoDelete(false);
}

void BackgroundJob::start(QObject *context, Work work, Done done)
{
    auto *job = new BackgroundJob(std::move(work));
    connect(
        job, &BackgroundJob::finished, context,
        [done = std::move(done)](const QVariant &result) { done(result); }, Qt::QueuedConnection);
    QThreadPool::globalInstance()->start(job);
}

void BackgroundJob::run()
{
    const QVariant result = m_work();
    m_work = nullptr; // free what the work captured here, not on the UI thread
    emit finished(result);
    deleteLater();
}
