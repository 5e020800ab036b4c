#include "ui/history/HistoryListModel.h"

#include "ui/Theme.h"

#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

HistoryListModel::HistoryListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    // The canvas's own colours for how a run ended: its green ring, its red ring, and the
    // amber of a warning (bundles left incomplete).
    const QPalette palette = QGuiApplication::palette();
    m_dots[int(HistoryStatus::Success)]
        = Theme::dot(Theme::canvasStatus(ModuleRunStatus::Succeeded, palette));
    m_dots[int(HistoryStatus::Warning)] = Theme::dot(Theme::warningText(palette));
    m_dots[int(HistoryStatus::Error)]
        = Theme::dot(Theme::canvasStatus(ModuleRunStatus::Failed, palette));
}

void HistoryListModel::setRuns(const QList<HistoryRun> &runs)
{
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

QString HistoryListModel::statusText(HistoryStatus status)
{
    switch (status) {
    case HistoryStatus::Success:
        return tr("Success");
    case HistoryStatus::Warning:
        return tr("Warning");
    case HistoryStatus::Error:
        return tr("Error");
    }
    return {};
}

QString HistoryListModel::triggerText(RunTrigger trigger)
{
    switch (trigger) {
    case RunTrigger::App:
        return tr("App");
    case RunTrigger::Headless:
        return tr("Headless");
    case RunTrigger::Schedule:
        return tr("Schedule");
    }
    return {};
}

QString HistoryListModel::durationText(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60 * 1000)
        return tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds / 60 % 60);
}

QString HistoryListModel::inputsText(const QJsonObject &inputs)
{
    if (inputs.isEmpty())
        return tr("none");
    QStringList parts;
    for (auto it = inputs.constBegin(); it != inputs.constEnd(); ++it) {
        QString value;
        if (it->isString())
            value = it->toString();
        else if (it->isObject())
            value = QString::fromUtf8(QJsonDocument(it->toObject()).toJson(QJsonDocument::Compact));
        else if (it->isArray())
            value = QString::fromUtf8(QJsonDocument(it->toArray()).toJson(QJsonDocument::Compact));
        else
            value = it->toVariant().toString();
        if (value.size() > 40)
            value = value.left(39) + QChar(0x2026);
        parts << tr("%1 = %2").arg(it.key(), value);
    }
    return parts.join(QStringLiteral(", "));
}

int HistoryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int HistoryListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const HistoryRun &run = m_runs.at(index.row());
    if (role == Qt::DecorationRole && index.column() == StatusColumn)
        return m_dots[int(run.status)];
    if (role == Qt::TextAlignmentRole
        && (index.column() == DurationColumn || index.column() == OperationsColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case WhenColumn: {
        const QDateTime local = run.startedAt.toLocalTime();
        return QLocale().toString(local, QStringLiteral("d MMM yyyy, HH:mm:ss"));
    }
    case StatusColumn:
        return statusText(run.status);
    case DurationColumn:
        return durationText(qMax<qint64>(0, run.startedAt.msecsTo(run.endedAt)));
    case OperationsColumn:
        return run.operationCount;
    case TriggerColumn:
        return triggerText(run.trigger);
    case InputsColumn:
        return inputsText(run.inputs);
    }
    return {};
}

QVariant HistoryListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("Started");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("Duration");
    case OperationsColumn:
        return tr("Operations");
    case TriggerColumn:
        return tr("Started by");
    case InputsColumn:
        return tr("Inputs");
    }
    return {};
}
