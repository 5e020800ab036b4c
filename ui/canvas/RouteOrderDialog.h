#pragma once

#include "core/model/Module.h"

#include <QDialog>
#include <QList>

class QListWidget;
class QPushButton;
class Scenario;

/// "Order routes": the routes of a router, one row each (where it leads, its filter, whether
/// it is the fallback), moved with Move up / Move down or by dragging. Bundles take the
/// routes from the top down (docs/flow-control.md).
class RouteOrderDialog : public QDialog
{
    Q_OBJECT
public:
    RouteOrderDialog(const Scenario &scenario, ModuleId router, QWidget *parent = nullptr);

    /// The modules the routes lead to, in the order shown now.
    QList<ModuleId> order() const;
    QListWidget *list() const { return m_list; }
    QPushButton *upButton() const { return m_up; }
    QPushButton *downButton() const { return m_down; }

private:
    void move(int by);
    void updateButtons();

    QListWidget *m_list;
    QPushButton *m_up;
    QPushButton *m_down;
};
