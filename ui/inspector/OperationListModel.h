#pragma once

#include "core/flow/BundleScheduler.h"

#include <QAbstractListModel>
#include <QPalette>
#include <QPixmap>

/// The operations one module did in the latest run, one row each ("Operation 3 · bundle 3"),
/// coloured by how each ended. A view over the run's record: 10,000 operations cost one
/// shared list, never a widget or a string each until a row is painted.
class OperationListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Outcome { Succeeded, Failed, Handled };
    enum Role {
        OutcomeRole = Qt::UserRole + 1, ///< int(Outcome)
        BundleRole, ///< the bundle's 1-based number
    };

    explicit OperationListModel(QObject *parent = nullptr);

    /// Shows `operations` (implicitly shared: no copy of the records is made).
    void setOperations(const QList<OperationRecord> &operations);
    void clear();
    /// The colours of the outcomes follow this palette (the view's).
    void setPalette(const QPalette &palette);

    const OperationRecord &operation(int row) const { return m_operations.at(row); }
    static Outcome outcomeOf(const OperationRecord &operation);
    /// "succeeded", "failed", "failed, dealt with by the error route (Resume)".
    static QString outcomeText(const OperationRecord &operation);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<OperationRecord> m_operations;
    QPalette m_palette;
    QPixmap m_dots[3]; ///< one per Outcome
};
