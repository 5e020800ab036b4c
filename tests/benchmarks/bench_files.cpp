// bench_files: a scenario of 1,000 modules - save and load times, then the canvas built from
// it and painted offscreen (1400x900) frame by frame while panning. Prints figures only.
// Usage (offscreen): QT_QPA_PLATFORM=offscreen bench_files [--modules N]

#include "BenchSupport.h"

#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUndoStack>

#include <cstdio>

namespace {

double msSince(const QElapsedTimer &timer)
{
    return timer.nsecsElapsed() / 1e6;
}

// A module as people build them: a mapped URL, headers, a JSON body with mappings, a note.
Module makeModule(ModuleId id)
{
    Module module;
    module.id = id;
    module.label = QStringLiteral("Step %1: update the order").arg(id);
    module.position = QPointF(((id - 1) % 40) * 300, ((id - 1) / 40) * 220);
    module.note = QStringLiteral("Sends the order of the previous step to the shop.");
    HttpRequestSpec &config = module.config;
    config.method = QStringLiteral("POST");
    config.url = id > 1
        ? QStringLiteral("https://api.example.com/orders/{{%1.data.id}}").arg(id - 1)
        : QStringLiteral("https://api.example.com/orders");
    config.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")},
        {QStringLiteral("Authorization"), QStringLiteral("Bearer {{1.data.access_token}}")},
        {QStringLiteral("X-Request-Id"), QStringLiteral("step-%1").arg(id)}};
    config.query = {{QStringLiteral("page"), QStringLiteral("1")}};
    config.bodyType = BodyType::Raw;
    config.rawContent = QStringLiteral("{\"name\": \"Order %1\", \"price\": 12.5, \"previous\": "
                                       "\"{{%2.data.name}}\"}")
                            .arg(id)
                            .arg(qMax(1, id - 1));
    return module;
}

struct PanFigures
{
    double median = 0;
    double worst = 0;
    int inView = 0;
};

// Paints `frames` frames, scrolling by `step` pixels between them, back and forth around the
// starting point (10 frames one way, 10 back), as a hand dragging the canvas would.
PanFigures pan(CanvasView &view, ScenarioScene &scene, int frames, int step)
{
    view.grab(); // fills the caches, as the first frame on screen would
    QScrollBar *h = view.horizontalScrollBar();
    QScrollBar *v = view.verticalScrollBar();
    std::vector<double> times;
    for (int i = 0; i < frames; ++i) {
        const int direction = (i / 10) % 2 ? -1 : 1;
        h->setValue(h->value() + direction * step);
        v->setValue(v->value() + (i % 2 ? step / 2 : -step / 2));
        QElapsedTimer timer;
        timer.start();
        view.grab();
        times.push_back(msSince(timer));
    }
    PanFigures figures;
    figures.median = bench::median(times);
    figures.worst = bench::maximum(times);
    const QRectF visible = view.mapToScene(view.viewport()->rect()).boundingRect();
    for (auto *item : scene.moduleItems()) {
        if (visible.intersects(item->sceneBoundingRect()))
            ++figures.inView;
    }
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption count(QStringLiteral("modules"), QStringLiteral("How many modules."),
        QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption only(QStringLiteral("only"),
        QStringLiteral("Only this part: file or canvas (for profiling)."), QStringLiteral("PART"));
    parser.addOptions({count, only});
    parser.process(app);
    const QString part = parser.value(only);
    const int moduleCount = qBound(2, parser.value(count).toInt(), 100000);

    ScenarioDocument document;
    document.name = QStringLiteral("Big scenario");
    for (int i = 1; i <= moduleCount; ++i) {
        document.modules << makeModule(i);
        if (i > 1)
            document.links << Link {i - 1, i};
    }
    document.nextId = moduleCount + 1;

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.scenario.json"));
    std::vector<double> saveTimes;
    std::vector<double> serializeTimes;
    std::vector<double> loadTimes;
    std::vector<double> applyTimes;
    QString error;
    const int rounds = part == QLatin1String("canvas") ? 0 : 7;
    for (int round = 0; round < rounds; ++round) {
        // Save as the editor does: from the live Scenario to a document, then to disk.
        Scenario live;
        document.applyTo(live);
        QElapsedTimer timer;
        timer.start();
        const ScenarioDocument snapshot = ScenarioDocument::fromScenario(live);
        if (!ScenarioFile::save(snapshot, path, &error)) {
            QTextStream(stderr) << "bench_files: " << error << '\n';
            return 1;
        }
        saveTimes.push_back(msSince(timer));
        timer.restart();
        const QByteArray bytes = ScenarioFile::serialize(snapshot);
        serializeTimes.push_back(msSince(timer));
        Q_UNUSED(bytes);

        timer.restart();
        const std::optional<ScenarioDocument> loaded = ScenarioFile::load(path, &error);
        loadTimes.push_back(msSince(timer));
        if (!loaded || loaded->modules.size() != moduleCount) {
            QTextStream(stderr) << "bench_files: could not read back: " << error << '\n';
            return 1;
        }
        Scenario reopened;
        timer.restart();
        loaded->applyTo(reopened);
        applyTimes.push_back(msSince(timer));
    }
    if (rounds > 0)
        std::printf("   file: %d modules, %.1f MB; save (to document, serialize, QSaveFile) median "
                    "%.1f ms (serialize alone %.1f ms); load (read, parse, check) median %.1f ms, "
                    "into the Scenario %.1f ms; %d rounds\n",
            moduleCount, QFileInfo(path).size() / 1048576.0, bench::median(saveTimes),
            bench::median(serializeTimes), bench::median(loadTimes), bench::median(applyTimes),
            rounds);

    if (part == QLatin1String("file"))
        return 0;

    // The canvas: items built from the model, then frames while panning.
    Scenario scenario;
    QUndoStack stack;
    ScenarioScene scene(&scenario, &stack);
    CanvasView view(&scene);
    view.resize(1400, 900);
    view.show();
    QElapsedTimer timer;
    timer.start();
    document.applyTo(scenario);
    const double buildMs = msSince(timer);
    QCoreApplication::processEvents();
    timer.restart();
    view.fitAll();
    view.grab();
    const double firstFrameMs = msSince(timer);
    std::printf("   canvas: %d modules built in %.1f ms; first frame with all in view %.1f ms\n",
        moduleCount, buildMs, firstFrameMs);

    const int frames = 40;
    struct Zoom
    {
        const char *name;
        qreal zoom; // 0: fit all
    };
    for (const Zoom &zoom : {Zoom {"all in view", 0}, Zoom {"50 %", 0.5}, Zoom {"100 %", 1.0}}) {
        if (zoom.zoom == 0)
            view.fitAll();
        else
            view.setZoom(zoom.zoom);
        const PanFigures figures = pan(view, scene, frames, 23);
        std::printf("   canvas panning at %s (%d modules in view): median %.1f ms a frame, "
                    "worst %.1f ms, %d frames\n",
            zoom.name, figures.inView, figures.median, figures.worst, frames);
    }
    std::printf("   peak RSS %.0f MB\n", bench::peakRssMb());
    return 0;
}
