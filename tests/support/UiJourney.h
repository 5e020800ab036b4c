#pragma once

#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/mapping/MappingTreeModel.h"

#include <QAction>
#include <QComboBox>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

/// What a person does in the journey tests, done through the widgets (header-only, like
/// UiTestSupport.h): type into a field, choose in a list, pick a value to map, run and wait.
namespace UiJourney {

inline void type(MappingField *field, const QString &text)
{
    field->setFocus();
    field->moveCursor(QTextCursor::End);
    QTest::keyClicks(field, text);
}

/// Chooses the entry of `combo` that contains `text`; false when there is none.
inline bool choose(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text, Qt::MatchContains);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    emit combo->activated(index);
    return true;
}

/// Clicks the mapping panel's entry for `expression`, as a person picks a value.
inline bool pick(MappingPanel *panel, const QString &expression)
{
    QAbstractItemModel *model = panel->view()->model();
    QModelIndexList found = model->match(model->index(0, 0), MappingTreeModel::ExpressionRole,
        expression, 1, Qt::MatchExactly | Qt::MatchRecursive);
    if (found.isEmpty())
        return false;
    panel->view()->scrollTo(found.first());
    const QRect rect = panel->view()->visualRect(found.first());
    QTest::mouseClick(panel->view()->viewport(), Qt::LeftButton, {}, rect.center());
    return true;
}

/// Triggers `action` and waits (20 s at most) for the run to end; true when it succeeded.
inline bool runAndWait(MainWindow &window, QAction *action)
{
    QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
    action->trigger();
    return finished.wait(20000) && finished.first().first().toBool();
}

} // namespace UiJourney
