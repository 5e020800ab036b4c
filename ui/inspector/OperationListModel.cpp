#include "ui/inspector/OperationListModel.h"

#include "ui/Theme.h"

#include <QGuiApplication>
#include <QPixmap>

OperationListModel::OperationListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    setPalette(QGuiApplication::palette());
}

void OperationListModel::setOperations(const QList<OperationRecord> &operations)
{
    beginResetModel();
    m_operations = operations;
    endResetModel();
}

void OperationListModel::clear()
{
    setOperations({});
}

void OperationListModel::setPalette(const QPalette &palette)
{
    m_palette = palette;
    m_dots[int(Outcome::Succeeded)]
        = Theme::dot(Theme::statusText(ModuleRunStatus::Succeeded, palette));
    m_dots[int(Outcome::Failed)] = Theme::dot(Theme::statusText(ModuleRunStatus::Failed, palette));
    m_dots[int(Outcome::Handled)] = Theme::dot(Theme::warningText(palette));
    if (!m_operations.isEmpty())
        emit dataChanged(index(0), index(rowCount() - 1), {Qt::DecorationRole});
}

OperationListModel::Outcome OperationListModel::outcomeOf(const OperationRecord &operation)
{
    if (!operation.failed)
        return Outcome::Succeeded;
    return operation.handledBy.isEmpty() ? Outcome::Failed : Outcome::Handled;
}

QString OperationListModel::outcomeText(const OperationRecord &operation)
{
    switch (outcomeOf(operation)) {
    case Outcome::Succeeded:
        return tr("succeeded");
    case Outcome::Failed:
        return tr("failed");
    case Outcome::Handled:
        break;
    }
    QString directive = operation.handledBy;
    if (!directive.isEmpty())
        directive[0] = directive.at(0).toUpper();
    return tr("failed, dealt with by the error route (%1)").arg(directive);
}

int OperationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_operations.size());
}

QVariant OperationListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_operations.size())
        return {};
    const OperationRecord &op = m_operations.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return tr("Operation %1  \u00b7  bundle %2").arg(index.row() + 1).arg(op.bundle);
    case Qt::DecorationRole:
        return m_dots[int(outcomeOf(op))];
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return tr("Operation %1, bundle %2: %3")
            .arg(index.row() + 1)
            .arg(op.bundle)
            .arg(outcomeText(op));
    case OutcomeRole:
        return int(outcomeOf(op));
    case BundleRole:
        return op.bundle;
    default:
        return {};
    }
}
