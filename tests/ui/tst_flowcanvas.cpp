#include "UiTestSupport.h"
#include "core/kinds/KindRegistry.h"
#include "core/kinds/ignore/IgnoreKind.h"
#include "core/kinds/iterator/IteratorKind.h"
#include "core/kinds/router/RouterKind.h"
#include "core/model/Scenario.h"
#include "ui/MainWindow.h"
#include "ui/canvas/AddHandleItem.h"
#include "ui/canvas/LinkItem.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/RouteOrderDialog.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/commands/RemoveModuleCommand.h"
#include "ui/commands/UnlinkCommand.h"
#include "ui/kinds/KindPicker.h"
#include "ui/mapping/MappingTreeModel.h"

#include <QAction>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <memory>

/// Routes, fallbacks and error routes drawn and edited on the canvas (docs/flow-control.md):
/// each edit one undo step, and what the canvas shows follows the scenario.
class TestFlowCanvas : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /// 1 a request, 2 a router, 3 and 4 requests on its routes (3 first).
    static void fillRouter(Scenario &scenario)
    {
        Module request;
        request.id = 1;
        scenario.addModule(request);
        Module router;
        router.id = 2;
        router.type = RouterConfig::typeName();
        router.settings = KindRegistry::find(router.type)->makeDefault();
        router.position = QPointF(300, 0);
        scenario.addModule(router);
        for (ModuleId id : {3, 4}) {
            Module route;
            route.id = id;
            route.position = QPointF(600, (id - 3) * 200);
            scenario.addModule(route);
        }
        scenario.link(1, 2);
        scenario.link(2, 3);
        scenario.link(2, 4);
    }

    /// The texts of the actions of module `id`'s right-click menu.
    static QStringList menuTexts(ScenarioScene *scene, ModuleId id)
    {
        std::unique_ptr<QMenu> menu(scene->createModuleMenu(id));
        QStringList texts;
        for (QAction *action : menu->actions()) {
            if (!action->isSeparator())
                texts << action->text();
        }
        return texts;
    }
    static QAction *menuAction(QMenu *menu, const QString &text)
    {
        for (QAction *action : menu->actions()) {
            if (action->text() == text)
                return action;
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void aRouterOffersRoutesAndOthersAnErrorHandler()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        fillRouter(*window.scenario());
        const QStringList router = menuTexts(window.scene(), 2);
        QVERIFY(router.contains(QStringLiteral("Add a route")));
        QVERIFY(router.contains(QStringLiteral("Order routes…")));
        QVERIFY(!router.contains(QStringLiteral("Add a module after")));
        QVERIFY(!router.contains(QStringLiteral("Add error handler")));
        // A router does nothing alone.
        QVERIFY(!router.contains(QStringLiteral("Run this module only")));
        const QStringList request = menuTexts(window.scene(), 3);
        QVERIFY(request.contains(QStringLiteral("Add error handler")));
        QVERIFY(!request.contains(QStringLiteral("Add a route")));
    }

    void addARouteFromTheRouterMenu()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        Scenario &scenario = *window.scenario();
        fillRouter(scenario);
        window.undoStack()->clear();
        std::unique_ptr<QMenu> menu(window.scene()->createModuleMenu(2));
        QAction *add = menuAction(menu.get(), QStringLiteral("Add a route"));
        QVERIFY(add);
        add->trigger();
        QCOMPARE(scenario.modules().size(), 5);
        const ModuleId added = scenario.modules().last().id;
        QCOMPARE(scenario.routeTargets(2), (QList<ModuleId> {3, 4, added}));
        // Drawn below the routes the router had: the new one is the last.
        QVERIFY(window.scene()->moduleItem(added)->pos().y()
            > window.scene()->moduleItem(4)->pos().y());
        QCOMPARE(window.undoStack()->count(), 1);
        window.undoStack()->undo();
        QCOMPARE(scenario.routeTargets(2), (QList<ModuleId> {3, 4}));
    }

    void orderRoutesIsOneUndoStep()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        Scenario &scenario = *window.scenario();
        fillRouter(scenario);
        Link filtered = *scenario.findLink(2, 3);
        filtered.filter.name = QStringLiteral("Big orders");
        filtered.filter.conditions = {{FilterCondition {QStringLiteral("{{1.data.total}}"),
            QStringLiteral("number:greater"), QStringLiteral("100")}}};
        scenario.updateLink(filtered);
        window.undoStack()->clear();

        RouteOrderDialog dialog(scenario, 2);
        QCOMPARE(dialog.list()->count(), 2);
        QVERIFY(dialog.list()->item(0)->text().contains(QLatin1String("Big orders")));
        QVERIFY(!dialog.upButton()->isEnabled());
        dialog.list()->setCurrentRow(1);
        QVERIFY(dialog.upButton()->isEnabled());
        dialog.upButton()->click();
        QCOMPARE(dialog.order(), (QList<ModuleId> {4, 3}));

        window.scene()->orderRoutes(2, dialog.order());
        QCOMPARE(scenario.routeTargets(2), (QList<ModuleId> {4, 3}));
        // The filter stays on its route.
        QCOMPARE(scenario.findLink(2, 3)->filter.name, QStringLiteral("Big orders"));
        QCOMPARE(window.undoStack()->count(), 1);
        window.undoStack()->undo();
        QCOMPARE(scenario.routeTargets(2), (QList<ModuleId> {3, 4}));
        window.undoStack()->redo();
        QCOMPARE(scenario.routeTargets(2), (QList<ModuleId> {4, 3}));
        // Names that are not exactly the routes change nothing.
        QVERIFY(!scenario.setRouteOrder(2, {4}));
        QVERIFY(!scenario.setRouteOrder(2, {4, 4}));
        QCOMPARE(scenario.routeTargets(2), (QList<ModuleId> {4, 3}));
    }

    void theFallbackMarkMovesAndShows()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        Scenario &scenario = *window.scenario();
        fillRouter(scenario);
        window.undoStack()->clear();
        ScenarioScene *scene = window.scene();
        QVERIFY(scene->setFallbackRoute(2, 3, true));
        QVERIFY(scenario.findLink(2, 3)->fallback);
        QVERIFY(scene->linkItem(2, 3)->isFallback());
        QVERIFY(scene->linkItem(2, 3)->toolTip().contains(QLatin1String("Fallback route")));
        // A router has one fallback: marking another moves it, in one step.
        QVERIFY(scene->setFallbackRoute(2, 4, true));
        QVERIFY(!scenario.findLink(2, 3)->fallback);
        QVERIFY(scenario.findLink(2, 4)->fallback);
        QVERIFY(!scene->linkItem(2, 3)->isFallback());
        QCOMPARE(window.undoStack()->count(), 2);
        window.undoStack()->undo();
        QVERIFY(scenario.findLink(2, 3)->fallback);
        QVERIFY(!scenario.findLink(2, 4)->fallback);
        QVERIFY(scene->linkItem(2, 3)->isFallback());
        // Not a route of a router: no fallback.
        QVERIFY(!scene->setFallbackRoute(1, 2, true));
    }

    void anErrorHandlerGetsItsOwnRouteAndLook()
    {
        MainWindow::Options options = UiTestSupport::windowOptions(m_dir);
        KindPicker::Place asked = KindPicker::Place::Flow;
        options.chooseKind = [&asked](QWidget *, KindPicker::Place place) {
            asked = place;
            return IgnoreConfig::typeName();
        };
        MainWindow window(options);
        Scenario &scenario = *window.scenario();
        Module request;
        request.id = 1;
        scenario.addModule(request);
        window.undoStack()->clear();

        std::unique_ptr<QMenu> menu(window.scene()->createModuleMenu(1));
        QAction *handler = menuAction(menu.get(), QStringLiteral("Add error handler"));
        QVERIFY(handler && handler->isEnabled());
        handler->trigger();
        QCOMPARE(asked, KindPicker::Place::ErrorRoute);
        QCOMPARE(scenario.modules().size(), 2);
        const ModuleId ignore = scenario.modules().last().id;
        QCOMPARE(scenario.module(ignore).type, IgnoreConfig::typeName());
        const Link *route = scenario.findLink(1, ignore);
        QVERIFY(route && route->onError);
        // Drawn apart: hollow red dots, the directive small as a flag, below its module.
        QVERIFY(window.scene()->linkItem(1, ignore)->isErrorRoute());
        QVERIFY(window.scene()->moduleItem(ignore)->isDirective());
        QVERIFY(window.scene()->moduleItem(ignore)->radius() < ModuleItem::Radius);
        QVERIFY(!window.scene()->moduleItem(1)->isDirective());
        QVERIFY(window.scene()->moduleItem(ignore)->pos().y()
            > window.scene()->moduleItem(1)->pos().y());
        // The "+" stays on the bundles' flow, not on the error route.
        QCOMPARE(window.scene()->addHandle()->afterModule(), ModuleId(1));
        // One error handler per module.
        std::unique_ptr<QMenu> again(window.scene()->createModuleMenu(1));
        QVERIFY(!menuAction(again.get(), QStringLiteral("Add error handler"))->isEnabled());
        QCOMPARE(window.undoStack()->count(), 1);
        QVERIFY(window.undoStack()->text(0).contains(QLatin1String("error handler")));
        window.undoStack()->undo();
        QCOMPARE(scenario.modules().size(), 1);
        QVERIFY(scenario.links().isEmpty());
    }

    void directivesAreOfferedOnlyOnErrorRoutes()
    {
        const KindPicker flow;
        const KindPicker errors(nullptr, KindPicker::Place::ErrorRoute);
        for (const KindInfo &kind : KindRegistry::kinds()) {
            if (kind.directive == FlowDirective::None)
                continue;
            QVERIFY2(!flow.visibleTypes().contains(kind.type), qPrintable(kind.type));
            QVERIFY2(errors.visibleTypes().contains(kind.type), qPrintable(kind.type));
        }
        // On an error route the directives come first.
        const KindInfo *first = KindRegistry::find(errors.visibleTypes().first());
        QVERIFY(first);
        QVERIFY(first->directive != FlowDirective::None);
        QCOMPARE(errors.currentType(), first->type);
        QCOMPARE(errors.windowTitle(), QStringLiteral("Add an error handler"));
    }

    void undoingADeleteKeepsTheLinkWhereAndAsItWas()
    {
        Scenario scenario;
        fillRouter(scenario);
        Link filtered = *scenario.findLink(2, 3);
        filtered.filter.name = QStringLiteral("Big orders");
        filtered.filter.conditions
            = {{FilterCondition {QStringLiteral("{{1.ok}}"), QStringLiteral("exist"), {}}}};
        filtered.fallback = false;
        scenario.updateLink(filtered);
        const QList<Link> before = scenario.links();
        QUndoStack stack;
        stack.push(new UnlinkCommand(&scenario, 2, 3));
        QCOMPARE(scenario.routeTargets(2), (QList<ModuleId> {4}));
        stack.undo();
        // The same filter, and still route 1.
        QCOMPARE(scenario.links(), before);
        stack.push(new RemoveModuleCommand(&scenario, 3));
        stack.undo();
        QCOMPARE(scenario.links(), before);
        stack.push(new RemoveModuleCommand(&scenario, 2));
        QVERIFY(scenario.links().isEmpty());
        stack.undo();
        QCOMPARE(scenario.links(), before);
    }

    void anIteratorsOwnFieldsHavePlainNames()
    {
        MappingTreeModel model;
        MappingSource iterator;
        iterator.id = 3;
        iterator.label = QStringLiteral("Iterator");
        iterator.type = IteratorConfig::typeName();
        iterator.hasOutput = true;
        iterator.output = QJsonObject {{QStringLiteral("name"), QStringLiteral("Ada")},
            {QStringLiteral("__IMTINDEX__"), 2}, {QStringLiteral("__IMTLENGTH__"), 5}};
        model.setSources({iterator});
        QStandardItem *module = model.moduleItem(3);
        QVERIFY(module);
        QStandardItem *position
            = MappingTreeModel::child(module, QStringLiteral("Bundle order position"));
        QVERIFY(position);
        QCOMPARE(position->data(MappingTreeModel::ExpressionRole).toString(),
            QStringLiteral("3.__IMTINDEX__"));
        QStandardItem *total
            = MappingTreeModel::child(module, QStringLiteral("Total number of bundles"));
        QVERIFY(total);
        QCOMPARE(total->data(MappingTreeModel::ExpressionRole).toString(),
            QStringLiteral("3.__IMTLENGTH__"));
        // The item's own fields, and no raw names; no request parts (status, headers).
        QStandardItem *name = MappingTreeModel::child(module, QStringLiteral("name"));
        QVERIFY(name);
        QCOMPARE(name->data(MappingTreeModel::ExpressionRole).toString(), QStringLiteral("3.name"));
        QVERIFY(!MappingTreeModel::child(module, QStringLiteral("__IMTINDEX__")));
        QVERIFY(!MappingTreeModel::child(module, QStringLiteral("statusCode")));

        // Before any run, the position and the count can be picked already.
        iterator.hasOutput = false;
        iterator.output = {};
        model.setSources({iterator});
        QVERIFY(
            MappingTreeModel::child(model.moduleItem(3), QStringLiteral("Bundle order position")));
        QVERIFY(!MappingTreeModel::child(model.moduleItem(3), QStringLiteral("statusCode")));
    }
};

QTEST_MAIN(TestFlowCanvas)
#include "tst_flowcanvas.moc"
