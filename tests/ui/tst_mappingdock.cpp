#include "UiTestSupport.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/WelcomePage.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

/// "Map a value" is there while a field is being filled in, and only then: not beside
/// "Last run" or "Connections", not for a module just clicked on the canvas. With no field
/// chosen it offers what the open module's fields could use, never the module's own output.
class TestMappingDock : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QList<ModuleId> listedModules(MappingPanel *panel)
    {
        QList<ModuleId> ids;
        QAbstractItemModel *model = panel->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const int id = model->index(row, 0).data(Qt::UserRole + 10).toInt();
            if (id != 0)
                ids.append(id);
        }
        return ids;
    }

    static bool panelSays(MappingPanel *panel, const QString &words)
    {
        for (const QLabel *label : panel->findChildren<QLabel *>()) {
            if (label->isVisibleTo(panel) && label->text().contains(words))
                return true;
        }
        return false;
    }

    /// The dock whose tab is in front in the window's tab bar that holds `dock`.
    static bool inFront(QMainWindow &window, QDockWidget *dock)
    {
        for (const QTabBar *tabs : window.findChildren<QTabBar *>()) {
            for (int i = 0; i < tabs->count(); ++i) {
                if (tabs->tabText(i) == dock->windowTitle())
                    return tabs->currentIndex() == i;
            }
        }
        return dock->isVisible();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void showsOnlyWhileAFieldIsFilledIn()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.welcomePage()->openExampleButton()->click();
        ScenarioScene *scene = window.scene();
        QDockWidget *mapping = window.mappingDock();

        // A module clicked on the canvas: its settings, and no picker with nothing to do.
        scene->selectModule(2);
        QTRY_VERIFY(window.settingsDock()->isVisible());
        QVERIFY(!mapping->isVisible());

        // A click into one of its fields: the picker opens beside the settings.
        ModuleEditor *editor = window.moduleEditor();
        editor->urlField()->setFocus();
        QTRY_VERIFY(mapping->isVisible());
        QCOMPARE(window.mappingPanel()->targetField(), editor->urlField());

        // After a run, "Last run" in front: the picker does not come back beside it, not
        // even when another module is clicked.
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        emit scene->inspectRequested(2);
        QTRY_VERIFY(inFront(window, window.inspectorDock()));
        QVERIFY(!mapping->isVisible());
        // A click on the canvas: the keyboard leaves the field.
        window.findChild<CanvasView *>()->setFocus();
        scene->selectModule(1);
        QCOMPARE(editor->module(), 1);
        QVERIFY(inFront(window, window.inspectorDock()));
        QTest::qWait(50);
        QVERIFY(!mapping->isVisible());

        // Back on the settings tab: still no picker until a field is clicked into.
        window.settingsDock()->raise();
        QTRY_VERIFY(inFront(window, window.settingsDock()));
        QTest::qWait(50);
        QVERIFY(!mapping->isVisible());
        editor->urlField()->setFocus();
        QTRY_VERIFY(mapping->isVisible());

        // The Connections tab in front: the picker goes with the settings.
        auto *connections = window.findChild<QDockWidget *>(QStringLiteral("connectionsDock"));
        QVERIFY(connections);
        connections->show();
        connections->raise();
        QTRY_VERIFY(inFront(window, connections));
        QTRY_VERIFY(!mapping->isVisible());
        // And the settings' tab again: the field filled in last is still the target.
        window.settingsDock()->raise();
        QTRY_VERIFY(mapping->isVisible());
    }

    void aLaptopShowsEnoughValues()
    {
        // 1024×640: module 1 has run, a header value of module 2 is being filled in. The
        // picker shows module 1's values, not a keyhole of five rows.
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.welcomePage()->openExampleButton()->click();
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runModule(1);
        QVERIFY(finished.wait(20000));
        window.scene()->selectModule(2);
        MappingField *value = window.moduleEditor()->headersTable()->valueField(0);
        value->setFocus();
        QTRY_VERIFY(window.mappingDock()->isVisible());
        QTest::qWait(50);
        QTreeView *tree = window.mappingPanel()->view();
        const int rowHeight = tree->sizeHintForRow(0);
        QVERIFY(rowHeight > 0);
        const int rows = tree->viewport()->height() / rowHeight;
        QVERIFY2(rows >= 8, qPrintable(QStringLiteral("%1 rows").arg(rows)));
    }

    void noFieldYetListsOnlyEarlierModules()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.welcomePage()->openExampleButton()->click();
        MappingPanel *panel = window.mappingPanel();

        // Module 1's settings, no field chosen: nothing runs before it, so no "Run module 1"
        // and no values of its own, as once a field of it is chosen.
        window.editModule(1);
        QVERIFY(!panel->targetField());
        QCOMPARE(listedModules(panel), QList<ModuleId>());
        QVERIFY(!panel->runButton(1));
        QVERIFY(panelSays(panel, QStringLiteral("No module runs before this one")));
        window.moduleEditor()->urlField()->setFocus();
        QTRY_COMPARE(panel->targetField(), window.moduleEditor()->urlField());
        QCOMPARE(listedModules(panel), QList<ModuleId>());

        // Module 2: module 1 is offered, with its button to run it first.
        window.findChild<CanvasView *>()->setFocus();
        window.editModule(2);
        QVERIFY(!panel->targetField());
        QCOMPARE(listedModules(panel), QList<ModuleId> {1});
        QVERIFY(panel->runButton(1));
        QVERIFY(!panel->runButton(2));
    }
};

QTEST_MAIN(TestMappingDock)
#include "tst_mappingdock.moc"
