#include "ui/inspector/DroppedBundleModel.h"

DroppedBundleModel::DroppedBundleModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void DroppedBundleModel::setDropped(const QList<DroppedRecord> &dropped)
{
    beginResetModel();
    m_dropped = dropped;
    endResetModel();
}

int DroppedBundleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_dropped.size());
}

QVariant DroppedBundleModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_dropped.size())
        return {};
    const DroppedRecord &record = m_dropped.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::AccessibleTextRole) {
        const QString reason
            = record.reason.isEmpty() ? tr("the filter did not let it through") : record.reason;
        return tr("Bundle %1: %2").arg(record.bundle).arg(reason);
    }
    return {};
}
