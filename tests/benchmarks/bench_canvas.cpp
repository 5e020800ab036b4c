// bench_canvas: panning the canvas of a large scenario (issue 13). The largest real Make
// export among the fixtures (by module count) is imported as the editor imports it, then a
// router with 10 routes of 100 modules each (requests, Set variables, Parse JSON, with labels)
// is added after its last module through the Scenario API, and the canvas auto-aligns it. The
// canvas (CanvasView, 1280x800) is panned diagonally in 200 steps, each frame drawn whole
// (viewport()->repaint()), at 100 % and zoomed out to show every module; the frame times are
// printed as median, p95 and max. Qt Test's QBENCHMARK also times one frame.
//
// Target: under 16 ms a frame. Figures only; it fails only when the scenario does not load.
// Usage: QT_QPA_PLATFORM=offscreen bench_canvas [Qt Test options], or under Xvfb (xcb).

#include "BenchSupport.h"

#include "core/io/MakeBlueprint.h"
#include "core/kinds/KindRegistry.h"
#include "core/model/Scenario.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QScrollBar>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

QString realExportsDir()
{
    const QString given = qEnvironmentVariable("SCENARIST_FIXTURES_DIR");
    return (given.isEmpty() ? QStringLiteral(SCENARIST_FIXTURES_DIR) : given)
        + QStringLiteral("/make-blueprints/real");
}

/// One module of a route: requests, Set variables and Parse JSON in turn, labelled as
/// people label them.
Module routeModule(int route, int step)
{
    Module module;
    switch (step % 3) {
    case 0:
        module.type = Module::httpRequestType();
        module.label = QStringLiteral("Get the order lines, part %1").arg(step + 1);
        module.config.method = QStringLiteral("GET");
        module.config.url
            = QStringLiteral("https://api.example.com/v2/orders/{{1.id}}/lines?page=%1").arg(step);
        break;
    case 1: {
        module.type = QStringLiteral("flow.setVariables");
        module.label = QStringLiteral("Keep the total of route %1").arg(route + 1);
        break;
    }
    default:
        module.type = QStringLiteral("json.parse");
        module.label = QStringLiteral("Read the answer");
        break;
    }
    if (const KindInfo *kind = KindRegistry::find(module.type); kind && kind->makeDefault)
        module.settings = kind->makeDefault();
    return module;
}

} // namespace

class BenchCanvas : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Scenario> m_scenario;
    std::unique_ptr<QUndoStack> m_undo;
    std::unique_ptr<ScenarioScene> m_scene;
    std::unique_ptr<CanvasView> m_view;
    QSet<QString> m_printed;
    ModuleId m_routerId = 0;
    bool m_grid = false;

    /// One frame: the view moved by `delta` viewport pixels, then drawn whole.
    void panFrame(const QPoint &delta)
    {
        m_view->horizontalScrollBar()->setValue(m_view->horizontalScrollBar()->value() + delta.x());
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->value() + delta.y());
        m_view->viewport()->repaint();
    }

private slots:
    void initTestCase()
    {
        // The largest real export, by the modules it imports as.
        QString largest;
        std::optional<ScenarioDocument> document;
        const QFileInfoList files
            = QDir(realExportsDir())
                  .entryInfoList({QStringLiteral("*.blueprint.json")}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), qPrintable(realExportsDir()));
        for (const QFileInfo &file : files) {
            QFile in(file.filePath());
            QVERIFY(in.open(QIODevice::ReadOnly));
            QString error;
            QStringList report;
            std::optional<ScenarioDocument> imported = MakeBlueprint::importScenario(
                QJsonDocument::fromJson(in.readAll()).object(), &report, &error);
            QVERIFY2(imported, qPrintable(file.fileName() + QStringLiteral(": ") + error));
            if (!document || imported->modules.size() > document->modules.size()) {
                document = imported;
                largest = file.fileName();
            }
        }
        const int imported = int(document->modules.size());

        m_scenario = std::make_unique<Scenario>();
        m_undo = std::make_unique<QUndoStack>();
        m_scene = std::make_unique<ScenarioScene>(m_scenario.get(), m_undo.get());
        m_view = std::make_unique<CanvasView>(m_scene.get());
        m_view->resize(1280, 800);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));

        QElapsedTimer clock;
        clock.start();
        document->applyTo(*m_scenario);
        const QList<ModuleId> order = m_scenario->runOrder();
        QVERIFY(!order.isEmpty());
        // A router after the export's last module, 10 routes of 100 modules each.
        Module router;
        router.type = QStringLiteral("flow.router");
        router.label = QStringLiteral("Sort the orders");
        router.settings = KindRegistry::find(router.type)->makeDefault();
        const ModuleId routerId = m_scenario->addModule(router);
        m_routerId = routerId;
        QVERIFY(routerId != 0);
        QVERIFY(m_scenario->link(order.last(), routerId));
        for (int route = 0; route < 10; ++route) {
            ModuleId previous = routerId;
            for (int step = 0; step < 100; ++step) {
                const ModuleId id = m_scenario->addModule(routeModule(route, step));
                QVERIFY(id != 0);
                QVERIFY(m_scenario->link(previous, id));
                previous = id;
            }
        }
        const qint64 buildMs = clock.elapsed();
        clock.restart();
        m_view->autoArrange();
        const qint64 arrangeMs = clock.elapsed();
        QCOMPARE(m_scene->moduleItems().size(), imported + 1001);

        QRectF bounds;
        for (ModuleItem *item : m_scene->moduleItems())
            bounds |= item->sceneBoundingRect();
        std::printf("Canvas (%s, CanvasView 1280x800): %s (%d modules imported) plus a router "
                    "with 10 routes of 100 modules, %lld modules and %d links, auto-aligned "
                    "over %.0f x %.0f (built in %lld ms, aligned in %lld ms)\n",
            qPrintable(QGuiApplication::platformName()), qPrintable(largest), imported,
            static_cast<long long>(m_scene->moduleItems().size()), m_scene->linkItemCount(),
            bounds.width(), bounds.height(), static_cast<long long>(buildMs),
            static_cast<long long>(arrangeMs));
        std::fflush(stdout);
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_scene.reset();
        m_undo.reset();
        m_scenario.reset();
    }

    void pan_data()
    {
        QTest::addColumn<bool>("grid");
        QTest::addColumn<qreal>("zoom"); // 0: zoomed out to show every module
        QTest::newRow("auto-aligned, 100%") << false << 1.0;
        QTest::newRow("auto-aligned, 50%") << false << 0.5;
        QTest::newRow("auto-aligned, zoomed out") << false << 0.0;
        QTest::newRow("grid, everything in view") << true << 0.0;
    }

    void pan()
    {
        QFETCH(bool, grid);
        QFETCH(qreal, zoom);
        if (grid && !m_grid) {
            // Every module in run order, row after row, at the canvas's spacing: all of them
            // fit in the view at once (a row of 100 does not, even at the smallest zoom).
            const QList<ModuleId> order = m_scenario->runOrder();
            const int columns = int(std::ceil(std::sqrt(double(order.size()))));
            QHash<ModuleId, QPointF> positions;
            for (int i = 0; i < order.size(); ++i)
                positions.insert(order.at(i),
                    QPointF((i % columns) * ScenarioScene::ModuleSpacing, (i / columns) * 220.0));
            m_scene->moveModules(positions, QStringLiteral("Grid"));
            m_grid = true;
        }
        if (zoom == 0) {
            m_view->fitAll();
        } else {
            m_view->setZoom(zoom);
            // Where the routes fan out: many modules and links in view.
            const ModuleItem *router = m_scene->moduleItem(m_routerId);
            m_view->centerOn(router->pos() + QPointF(640 / zoom - 150, 0));
        }
        int inView = 0;
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        for (ModuleItem *item : m_scene->moduleItems())
            inView += visible.intersects(item->sceneBoundingRect()) ? 1 : 0;
        m_view->viewport()->repaint(); // the caches filled, as after the first look
        QCoreApplication::processEvents();

        const QString row = QString::fromUtf8(QTest::currentDataTag());
        if (!m_printed.contains(row)) {
            // 200 frames: 100 diagonally one way, 100 back, as a hand drags. Each drawn
            // whole, then the same again as the app draws them (the view scrolls what it
            // has and paints only the strip uncovered).
            std::vector<double> frames;
            std::vector<double> cpu;
            std::vector<double> strips;
            QElapsedTimer clock;
            for (int i = 0; i < 200; ++i) {
                const QPoint delta = i < 100 ? QPoint(9, 5) : QPoint(-9, -5);
                const double cpuStart = bench::threadCpuMs();
                clock.start();
                panFrame(delta);
                frames.push_back(clock.nsecsElapsed() / 1e6);
                cpu.push_back(bench::threadCpuMs() - cpuStart);
            }
            for (int i = 0; i < 200; ++i) {
                const QPoint delta = i < 100 ? QPoint(9, 5) : QPoint(-9, -5);
                clock.start();
                m_view->horizontalScrollBar()->setValue(
                    m_view->horizontalScrollBar()->value() + delta.x());
                m_view->verticalScrollBar()->setValue(
                    m_view->verticalScrollBar()->value() + delta.y());
                QCoreApplication::processEvents();
                strips.push_back(clock.nsecsElapsed() / 1e6);
            }
            std::printf("  %-26s zoom %3.0f %%, %4d modules in view, 200 frames:\n"
                        "    whole view repainted: median %5.2f ms, p95 %5.2f ms, max %5.1f ms "
                        "(CPU time of the UI thread: median %5.2f, p95 %5.2f, max %5.1f)\n"
                        "    as the app pans (uncovered strips): median %5.2f ms, p95 %5.2f ms, "
                        "max %5.1f ms (target: under 16 ms a frame)\n",
                qPrintable(row), m_view->zoom() * 100, inView, bench::median(frames),
                bench::percentile(frames, 95), bench::maximum(frames), bench::median(cpu),
                bench::percentile(cpu, 95), bench::maximum(cpu), bench::median(strips),
                bench::percentile(strips, 95), bench::maximum(strips));
            std::fflush(stdout);
            m_printed.insert(row);
        }
        // Qt Test's own figure: a frame one way and one back.
        QBENCHMARK
        {
            panFrame(QPoint(9, 5));
            panFrame(QPoint(-9, -5));
        }
    }
};

QTEST_MAIN(BenchCanvas)
#include "bench_canvas.moc"
