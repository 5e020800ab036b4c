#include "UiTestSupport.h"
#include "core/io/ScenarioDocument.h"
#include "core/model/FlowGraph.h"
#include "core/model/Scenario.h"
#include "ui/MainWindow.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/FlowLayout.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

/// Auto-align lays each flow out as a tree a person can read: no module on another, a
/// router's routes top to bottom in their order, never crossing, error routes below.
class TestFlowLayout : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static Module module(ModuleId id, const QString &type = Module::httpRequestType())
    {
        Module m;
        m.id = id;
        m.type = type;
        m.position = QPointF(37 * id % 500, -53 * id % 400); // somewhere messy
        return m;
    }

    static Link errorRoute(ModuleId from, ModuleId to)
    {
        Link l {from, to};
        l.onError = true;
        return l;
    }

    /// What a person would find unreadable on the canvas after Auto-align, or empty.
    static QString layoutProblem(const Scenario &scenario, const ScenarioScene &scene)
    {
        const QList<ModuleItem *> items = scene.moduleItems();
        if (items.size() != scenario.modules().size())
            return QStringLiteral("not every module is on the canvas");
        // Sorted by x, so that only neighbours in x need comparing.
        QList<ModuleItem *> byX = items;
        std::sort(byX.begin(), byX.end(),
            [](ModuleItem *a, ModuleItem *b) { return a->pos().x() < b->pos().x(); });
        for (qsizetype i = 0; i < byX.size(); ++i) {
            const QRectF a = byX.at(i)->sceneBoundingRect();
            for (qsizetype j = i + 1; j < byX.size(); ++j) {
                const QRectF b = byX.at(j)->sceneBoundingRect();
                if (b.left() >= a.right())
                    break;
                if (a.intersects(b)) {
                    return QStringLiteral("modules %1 and %2 overlap")
                        .arg(byX.at(i)->moduleId())
                        .arg(byX.at(j)->moduleId());
                }
            }
        }

        const FlowGraph graph(scenario.modules(), scenario.links());
        auto y = [&scene](ModuleId id) { return scene.moduleItem(id)->pos().y(); };
        // The rows each module's branch takes (the module and all that follows it).
        QHash<ModuleId, std::pair<qreal, qreal>> branch;
        const QList<ModuleId> order = graph.flowOrder();
        for (auto it = order.crbegin(); it != order.crend(); ++it) {
            std::pair<qreal, qreal> range {y(*it), y(*it)};
            QList<ModuleId> next;
            for (const Link *l : graph.routes(*it))
                next.append(l->to);
            if (const Link *e = graph.errorRoute(*it))
                next.append(e->to);
            for (ModuleId n : next) {
                range.first = std::min(range.first, branch.value(n).first);
                range.second = std::max(range.second, branch.value(n).second);
            }
            branch.insert(*it, range);
        }
        for (ModuleId id : order) {
            const QList<const Link *> routes = graph.routes(id);
            for (qsizetype i = 1; i < routes.size(); ++i) {
                const ModuleId above = routes.at(i - 1)->to;
                const ModuleId below = routes.at(i)->to;
                if (y(above) >= y(below)) {
                    return QStringLiteral("module %1: route to %2 is not above the route to %3")
                        .arg(id)
                        .arg(above)
                        .arg(below);
                }
                if (branch.value(above).second >= branch.value(below).first) {
                    return QStringLiteral("module %1: the routes to %2 and %3 cross")
                        .arg(id)
                        .arg(above)
                        .arg(below);
                }
            }
            if (const Link *e = graph.errorRoute(id)) {
                if (y(e->to) <= y(id))
                    return QStringLiteral("module %1: error route not below it").arg(id);
                if (scene.moduleItem(e->to)->pos().x() <= scene.moduleItem(id)->pos().x())
                    return QStringLiteral("module %1: error route not right of it").arg(id);
                for (const Link *r : routes) {
                    if (branch.value(r->to).second >= branch.value(e->to).first) {
                        return QStringLiteral("module %1: error route not below route to %2")
                            .arg(id)
                            .arg(r->to);
                    }
                }
            }
        }
        return QString();
    }

    /// Opens the document in a window as a user sees it, then presses Auto-align.
    static void autoAlign(MainWindow &window)
    {
        QUndoStack *stack = window.undoStack();
        const int before = stack->count();
        window.canvasView()->autoArrangeAction()->trigger();
        // One undo step, or none when every module was in place already (some Make exports
        // are laid out just so).
        if (stack->count() != before) {
            QCOMPARE(stack->count(), before + 1);
            QCOMPARE(stack->undoText(), QStringLiteral("Auto-align modules"));
        }
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    // The pure layout on a small flow, every position exact.
    void positionsOfASmallFlow()
    {
        // 1 → router 2 (routes to 4, then 3) and an error route to 6; 3 → 5; 7 alone;
        // 8 and 9 in a circle (no start).
        const QList<Module> modules {module(1), module(2, QStringLiteral("flow.router")), module(3),
            module(4), module(5), module(6), module(7), module(8), module(9)};
        const QList<Link> links {{1, 2}, {2, 4}, {2, 3}, {3, 5}, errorRoute(1, 6), {8, 9}, {9, 8}};
        const QHash<ModuleId, QPointF> at
            = FlowLayout::arrange(modules, links, QPointF(10, 20), QSizeF(100, 50));
        QCOMPARE(at.size(), modules.size());
        QCOMPARE(at.value(1), QPointF(10, 20));
        QCOMPARE(at.value(2), QPointF(110, 20)); // in line with its first route
        QCOMPARE(at.value(4), QPointF(210, 20)); // the first route, on top
        QCOMPARE(at.value(3), QPointF(210, 70));
        QCOMPARE(at.value(5), QPointF(310, 70));
        QCOMPARE(at.value(6), QPointF(110, 120)); // the error route, below all of the above
        QCOMPARE(at.value(7), QPointF(10, 170)); // the next flow below
        QCOMPARE(at.value(8), QPointF(10, 220));
        QCOMPARE(at.value(9), QPointF(110, 220));
    }

    void realExportsAreReadable_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(SCENARIST_FIXTURES_DIR "/make-blueprints/real"));
        const QStringList files = dir.entryList({QStringLiteral("*.blueprint.json")}, QDir::Files);
        QCOMPARE(files.size(), 12);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }

    // Every real Make export, opened as a user opens it, then Auto-align.
    void realExportsAreReadable()
    {
        QFETCH(QString, path);
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        UiTestSupport::answerNextMessageBox(QMessageBox::Ok, nullptr); // the import report
        QVERIFY(window.openFile(path));
        QVERIFY(window.scenario()->modules().size() > 1);
        QVERIFY(!window.scenario()->links().isEmpty());
        autoAlign(window);
        const QString problem = layoutProblem(*window.scenario(), *window.scene());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Routers in routers, 8 deep, each with two routes: 511 modules, no route crossing another.
    void routersNestedEightDeep()
    {
        ScenarioDocument doc;
        ModuleId next = 1;
        doc.modules.append(module(next++));
        QList<ModuleId> level {1};
        for (int depth = 0; depth < 8; ++depth) {
            QList<ModuleId> deeper;
            for (ModuleId parent : std::as_const(level)) {
                // A router after each module of this level, with two routes.
                const ModuleId router = next++;
                doc.modules.append(module(router, QStringLiteral("flow.router")));
                doc.links.append({parent, router});
                for (int route = 0; route < 2; ++route) {
                    const ModuleId first = next++;
                    doc.modules.append(module(first));
                    doc.links.append({router, first});
                    deeper.append(first);
                }
                if (depth % 3 == 0) {
                    const ModuleId handler = next++;
                    doc.modules.append(module(handler));
                    doc.links.append(errorRoute(parent, handler));
                }
            }
            level = deeper;
        }
        doc.nextId = next;
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1280, 800);
        window.show();
        window.session()->replaceDocument(doc, EditingSession::Origin());
        autoAlign(window);
        const QString problem = layoutProblem(*window.scenario(), *window.scene());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // The deepest routes are 8 routers and 8 routes (16 columns) right of the start.
        qreal right = 0;
        for (ModuleItem *item : window.scene()->moduleItems())
            right = std::max(right, item->pos().x());
        QCOMPARE(
            right - window.scenario()->module(1).position.x(), 16 * ScenarioScene::ModuleSpacing);
    }

    // A long chain stays on one line, left to right, and does not take long.
    void longChainOnTheCanvas()
    {
        constexpr int count = 10000;
        ScenarioDocument doc;
        for (ModuleId id = 1; id <= count; ++id) {
            doc.modules.append(module(id));
            if (id > 1)
                doc.links.append({id - 1, id});
        }
        doc.nextId = count + 1;
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        window.session()->replaceDocument(doc, EditingSession::Origin());
        QElapsedTimer clock;
        clock.start();
        autoAlign(window);
        qInfo("Auto-align of a chain of %d modules on the canvas: %lld ms", count, clock.elapsed());
        const QPointF start = window.scenario()->module(1).position;
        for (ModuleId id = 1; id <= count; ++id) {
            QCOMPARE(window.scene()->moduleItem(id)->pos(),
                start + QPointF((id - 1) * ScenarioScene::ModuleSpacing, 0));
        }
    }

    // The layout itself takes no stack per module: 100,000 in a chain.
    void hundredThousandInAChain()
    {
        constexpr int count = 100000;
        QList<Module> modules;
        QList<Link> links;
        for (ModuleId id = 1; id <= count; ++id) {
            modules.append(module(id));
            if (id > 1)
                links.append({id - 1, id});
        }
        QElapsedTimer clock;
        clock.start();
        const QHash<ModuleId, QPointF> at
            = FlowLayout::arrange(modules, links, QPointF(), QSizeF(300, 200));
        qInfo("FlowLayout of a chain of %d modules: %lld ms", count, clock.elapsed());
        QCOMPARE(at.size(), count);
        QCOMPARE(at.value(count), QPointF((count - 1) * 300.0, 0));
    }
};

QTEST_MAIN(TestFlowLayout)
#include "tst_flowlayout.moc"
