#include "ui/inspector/JsonTreeView.h"

#include "ui/inspector/JsonTreeModel.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTimer>

JsonTreeView::JsonTreeView(QWidget *parent)
    : QTreeView(parent)
    , m_copyValue(new QAction(tr("Copy value"), this))
    , m_copyMapping(new QAction(tr("Copy mapping"), this))
{
    setUniformRowHeights(true); // lets the view skip measuring thousands of rows
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setTextElideMode(Qt::ElideRight);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(QHeaderView::Interactive);
    header()->setMinimumSectionSize(60);

    m_copyValue->setShortcut(QKeySequence::Copy);
    m_copyValue->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyValue->setToolTip(tr("Copy this value to the clipboard"));
    m_copyMapping->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyMapping->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyMapping->setToolTip(
        tr("Copy a mapping such as {{1.data.id}} to paste into a later module's field"));
    addAction(m_copyValue);
    addAction(m_copyMapping);
    connect(m_copyValue, &QAction::triggered, this, [this] { copyCurrentValue(); });
    connect(m_copyMapping, &QAction::triggered, this, [this] { copyCurrentMapping(); });

    // QTreeView fetches a row's first page when it is expanded, but never the next pages of an
    // expanded list: do that when the last fetched row comes into view.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &JsonTreeView::scheduleFetch);
    connect(this, &QTreeView::expanded, this, &JsonTreeView::scheduleFetch);
    connect(this, &QTreeView::expanded, this, &JsonTreeView::fitColumns);
    updateActions();
}

void JsonTreeView::setJsonModel(JsonTreeModel *model)
{
    m_model = model;
    setModel(model);
    // The value gets the room; the type is a short word.
    header()->resizeSection(JsonTreeModel::NameColumn, 200);
    header()->resizeSection(JsonTreeModel::TypeColumn, 100);
    header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        updateActions();
        scheduleFetch();
        fitColumns();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, &JsonTreeView::scheduleFetch);
    updateActions();
}

void JsonTreeView::setModuleId(int id)
{
    m_moduleId = id;
    updateActions();
}

QString JsonTreeView::mappingFor(const QModelIndex &index) const
{
    if (!index.isValid() || m_moduleId <= 0)
        return {};
    const QString path = index.siblingAtColumn(0).data(JsonTreeModel::PathRole).toString();
    if (path.isEmpty())
        return {};
    return QStringLiteral("{{%1.%2}}").arg(m_moduleId).arg(path);
}

bool JsonTreeView::copyCurrentValue()
{
    const QModelIndex index = currentIndex();
    if (!index.isValid())
        return false;
    const QString text = index.siblingAtColumn(0).data(JsonTreeModel::CopyTextRole).toString();
    QGuiApplication::clipboard()->setText(text);
    emit copied(tr("the value of %1").arg(index.siblingAtColumn(0).data().toString()));
    return true;
}

bool JsonTreeView::copyCurrentMapping()
{
    const QString mapping = mappingFor(currentIndex());
    if (mapping.isEmpty())
        return false;
    QGuiApplication::clipboard()->setText(mapping);
    emit copied(mapping);
    return true;
}

void JsonTreeView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(viewport()->mapFrom(this, event->pos()));
    if (!index.isValid())
        return;
    setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(m_copyValue);
    const QString mapping = mappingFor(index);
    if (!mapping.isEmpty()) {
        m_copyMapping->setText(tr("Copy mapping %1").arg(mapping));
        menu.addAction(m_copyMapping);
    }
    if (model()->hasChildren(index.siblingAtColumn(0))) {
        menu.addSeparator();
        const bool open = isExpanded(index.siblingAtColumn(0));
        menu.addAction(open ? tr("Collapse") : tr("Expand"), this,
            [this, index, open] { setExpanded(index.siblingAtColumn(0), !open); });
    }
    menu.exec(event->globalPos());
    m_copyMapping->setText(tr("Copy mapping"));
}

void JsonTreeView::keyPressEvent(QKeyEvent *event)
{
    // QAbstractItemView copies only the Name cell on Ctrl+C; people expect the value.
    if (event == QKeySequence::Copy) {
        copyCurrentValue();
        event->accept();
        return;
    }
    QTreeView::keyPressEvent(event);
}

void JsonTreeView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTreeView::currentChanged(current, previous);
    updateActions();
}

void JsonTreeView::resizeEvent(QResizeEvent *event)
{
    QTreeView::resizeEvent(event);
    // In a narrow dock a fixed Name column would leave the values no room: share the width.
    if (event->size().width() != event->oldSize().width())
        fitColumns();
    scheduleFetch();
}

void JsonTreeView::fitColumns()
{
    // In a narrow dock a fixed Name column would leave the values no room: share the width.
    // A name is shown whole ("token_expires_at") when it fits in half of it; the value, which
    // can be copied, keeps the rest.
    const int width = viewport()->width();
    if (width <= 0 || !model())
        return;
    const int shared = qBound(90, width * 35 / 100, 240);
    const int names = sizeHintForColumn(JsonTreeModel::NameColumn) + 8;
    header()->resizeSection(
        JsonTreeModel::NameColumn, qBound(shared, names, qMax(shared, width / 2)));
    header()->resizeSection(JsonTreeModel::TypeColumn, qBound(60, width * 15 / 100, 100));
}

void JsonTreeView::updateActions()
{
    const QModelIndex index = currentIndex();
    m_copyValue->setEnabled(index.isValid());
    m_copyMapping->setEnabled(!mappingFor(index).isEmpty());
}

void JsonTreeView::scheduleFetch()
{
    // Coalesce: scrolling emits many values, and inserting rows must not happen while the
    // view is still handling the signal that asked for them.
    if (m_fetchScheduled || !m_model)
        return;
    m_fetchScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_fetchScheduled = false;
        fetchVisiblePages();
    });
}

void JsonTreeView::fetchVisiblePages()
{
    if (!m_model)
        return;
    const int bottom = viewport()->height();
    for (QModelIndex index = indexAt(QPoint(0, 0)); index.isValid(); index = indexBelow(index)) {
        if (visualRect(index).top() > bottom)
            break;
        for (QModelIndex row = index; row.isValid(); row = row.parent()) {
            const QModelIndex parent = row.parent();
            if (row.row() == m_model->rowCount(parent) - 1 && m_model->canFetchMore(parent)) {
                m_model->fetchMore(parent);
                return; // the rows moved; the insertion schedules the next look
            }
        }
    }
}
