#pragma once

#include "core/history/RunHistory.h"

#include <QAbstractTableModel>
#include <QPixmap>

/// The runs of one scenario as the History panel lists them (docs/run-history.md), newest
/// first: when, how it ended, how long it took, its operations, what started it and its
/// inputs. Texts are made as rows are painted, so that 10,000 runs cost one list.
class HistoryListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        WhenColumn,
        StatusColumn,
        DurationColumn,
        OperationsColumn,
        TriggerColumn,
        InputsColumn,
        ColumnCount
    };

    explicit HistoryListModel(QObject *parent = nullptr);

    /// Shows `runs` (as RunHistory::runList() gives them).
    void setRuns(const QList<HistoryRun> &runs);
    const HistoryRun &run(int row) const { return m_runs.at(row); }

    /// "Success", "Warning", "Error".
    static QString statusText(HistoryStatus status);
    /// "App", "Headless", "Schedule".
    static QString triggerText(RunTrigger trigger);
    /// "350 ms", "4.2 s", "2 min 5 s".
    static QString durationText(qint64 ms);
    /// "city = Paris, days = 3", or "none".
    static QString inputsText(const QJsonObject &inputs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<HistoryRun> m_runs;
    QPixmap m_dots[3]; ///< one per HistoryStatus, in the canvas's colours
};
