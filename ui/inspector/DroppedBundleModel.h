#pragma once

#include "core/flow/BundleScheduler.h"

#include <QAbstractListModel>

/// The bundles the filter on the link into a module stopped, one row each with its reason
/// ("Bundle 2: price 1.5 is not greater than 2").
class DroppedBundleModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit DroppedBundleModel(QObject *parent = nullptr);

    void setDropped(const QList<DroppedRecord> &dropped);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<DroppedRecord> m_dropped;
};
