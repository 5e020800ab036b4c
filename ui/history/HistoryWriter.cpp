#include "ui/history/HistoryWriter.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

HistoryWriter::HistoryWriter(const QString &location, QObject *parent)
    : QObject(parent)
    , m_location(location)
    , m_keepRuns(RunHistory::DefaultKeepRuns)
{
}

void HistoryWriter::record(const RunRecorder::FinishedRun &finished)
{
    ++m_pending;
    const QPointer<HistoryWriter> writer(this);
    const QString location = m_location;
    const int keepRuns = m_keepRuns;
    // The results are implicitly shared: the copy is cheap, and the next run cannot change it.
    QThreadPool::globalInstance()->start([writer, location, keepRuns, finished] {
        QString error;
        qint64 id = -1;
        {
            RunHistory history(location);
            history.setKeepRuns(keepRuns);
            if (history.open(&error))
                id = history.record(RunRecorder::toHistoryRun(finished), &error);
        }
        // Told on the window's thread, through the application (which outlives the writer).
        const QString path = finished.scenarioPath;
        QMetaObject::invokeMethod(
            qApp,
            [writer, id, error, path] {
                if (!writer)
                    return;
                --writer->m_pending;
                if (id >= 0)
                    emit writer->recorded(id, path);
                else
                    emit writer->failed(error);
            },
            Qt::QueuedConnection);
    });
}
