#pragma once

#include "core/history/RunRecorder.h"

#include <QObject>

/// Records the app's runs into the run history (docs/run-history.md) on a worker thread, so
/// that masking and writing a run of 10,000 operations never freezes the window. Each write
/// opens the history on its own thread (RunHistory gives each thread its own connection).
class HistoryWriter : public QObject
{
    Q_OBJECT
public:
    explicit HistoryWriter(const QString &location, QObject *parent = nullptr);

    QString location() const { return m_location; }
    /// How many runs of each scenario are kept (RunHistory::setKeepRuns()).
    void setKeepRuns(int runs) { m_keepRuns = runs; }

    /// Starts writing `finished`; recorded() or failed() follows.
    void record(const RunRecorder::FinishedRun &finished);
    /// Writes still under way.
    int pending() const { return m_pending; }

signals:
    void recorded(qint64 runId, const QString &scenarioPath);
    /// `error` in plain words: the run is not in the history.
    void failed(const QString &error);

private:
    QString m_location;
    int m_keepRuns;
    int m_pending = 0;
};
