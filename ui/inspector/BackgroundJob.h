#pragma once

#include <QObject>
#include <QRunnable>
#include <QVariant>

#include <functional>

/// Runs a piece of work on Qt's global thread pool and hands its result back on the thread of
/// a context object. If the context is destroyed first, the result is dropped: the connection
/// dies with it, so nothing touches a deleted widget or model.
class BackgroundJob : public QObject, public QRunnable
{
    Q_OBJECT
public:
    using Work = std::function<QVariant()>;
    using Done = std::function<void(const QVariant &)>;

    static void start(QObject *context, Work work, Done done);

    void run() override;

signals:
    void finished(const QVariant &result);

private:
    explicit BackgroundJob(Work work);

    Work m_work;
};
