#include "ui/canvas/RouteOrderDialog.h"

#include "core/model/Scenario.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

RouteOrderDialog::RouteOrderDialog(const Scenario &scenario, ModuleId router, QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_up(new QPushButton(tr("Move up"), this))
    , m_down(new QPushButton(tr("Move down"), this))
{
    setWindowTitle(tr("Order the routes of %1").arg(scenario.module(router).displayName()));
    auto *intro = new QLabel(tr("Each bundle takes the routes from the top down: route 1 first, "
                                "then route 2, and so on. Drag a route, or select it and move "
                                "it."),
        this);
    intro->setWordWrap(true);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setAccessibleName(tr("Routes, in the order bundles take them"));
    for (ModuleId to : scenario.routeTargets(router)) {
        const Link *link = scenario.findLink(router, to);
        QString text = tr("To %1. %2").arg(to).arg(scenario.module(to).displayName());
        if (link && !link->filter.isEmpty()) {
            text += QLatin1String("  ·  ")
                + (link->filter.name.isEmpty() ? tr("with a filter")
                                               : tr("filter ‘%1’").arg(link->filter.name));
        }
        if (link && link->fallback)
            text += QLatin1String("  ·  ") + tr("fallback route");
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, to);
    }
    m_list->setCurrentRow(0);

    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_list, &QListWidget::currentRowChanged, this, &RouteOrderDialog::updateButtons);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *moves = new QVBoxLayout;
    moves->addWidget(m_up);
    moves->addWidget(m_down);
    moves->addStretch();
    auto *middle = new QHBoxLayout;
    middle->addWidget(m_list, 1);
    middle->addLayout(moves);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(middle, 1);
    layout->addWidget(buttons);
    updateButtons();
}

QList<ModuleId> RouteOrderDialog::order() const
{
    QList<ModuleId> ids;
    for (int row = 0; row < m_list->count(); ++row)
        ids.append(ModuleId(m_list->item(row)->data(Qt::UserRole).toInt()));
    return ids;
}

void RouteOrderDialog::move(int by)
{
    const int row = m_list->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_list->count())
        return;
    QListWidgetItem *item = m_list->takeItem(row);
    m_list->insertItem(to, item);
    m_list->setCurrentRow(to);
}

void RouteOrderDialog::updateButtons()
{
    const int row = m_list->currentRow();
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_list->count());
}
