// bench_operations: the inspector on a module that ran 10,000 times (docs/flow-control.md).
// Prints the time from setRun() to the first paint of the operation selector, then the
// longest stall while scrolling the selector through every operation (page by page, as a
// scroll bar drag does) and while stepping through every one with the arrow key (each step
// shows that operation's input and output). Target: every stall under 50 ms. Figures only;
// it never fails on time. Run with QT_QPA_PLATFORM=offscreen (or under Xvfb).

#include "BenchSupport.h"

#include "ui/inspector/InspectorPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QJsonArray>
#include <QListView>
#include <QScrollBar>
#include <QTest>

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

class PaintCounter : public QObject
{
public:
    int paints = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

/// A request's operation of a realistic size: its request as sent and a small item answer.
OperationRecord operation(int i)
{
    OperationRecord op;
    op.bundle = i;
    op.durationMs = 3 + i % 7;
    op.input = QJsonObject {
        {QStringLiteral("method"), QStringLiteral("GET")},
        {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8080/api/items/%1").arg(i)},
        {QStringLiteral("headers"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("Accept")},
                {QStringLiteral("value"), QStringLiteral("application/json")}}}},
        {QStringLiteral("body"), QString()},
    };
    QJsonObject data {{QStringLiteral("id"), i},
        {QStringLiteral("name"), QStringLiteral("Item %1").arg(i)},
        {QStringLiteral("price"), i * 0.25}, {QStringLiteral("tags"), QJsonArray {"a", "b", "c"}}};
    op.outputs
        = {QJsonObject {{QStringLiteral("statusCode"), 200}, {QStringLiteral("data"), data}}};
    if (i % 500 == 0) {
        op.failed = true;
        op.handledBy = QStringLiteral("resume");
        op.error = ModuleError {
            ModuleErrorType::RuntimeError, QStringLiteral("The server said 500."), 500};
        op.outputs.clear();
    }
    return op;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int count = 10000;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--operations") == 0)
            count = std::atoi(argv[i + 1]);
    }

    ModuleFlowRecord record;
    record.operations.reserve(count);
    for (int i = 1; i <= count; ++i)
        record.operations.append(operation(i));
    Module module;
    module.id = 4;
    module.type = QStringLiteral("flow.setVariables");
    ModuleRun run;
    run.moduleId = 4;
    run.status = ModuleRunStatus::Succeeded;
    run.operations = count;

    InspectorPanel inspector;
    inspector.resize(520, 800);
    inspector.show();
    QTest::qWaitForWindowExposed(&inspector);
    QListView *list = inspector.operationList();
    PaintCounter counter;
    list->viewport()->installEventFilter(&counter);

    // First paint: from handing over the record to the selector drawn on screen.
    QElapsedTimer clock;
    clock.start();
    inspector.setRun(module, run, &record);
    while (counter.paints == 0 && clock.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double firstPaint = clock.nsecsElapsed() / 1e6;

    // Scrolling: the selector page by page to the end, each page painted at once.
    std::vector<double> pageStalls;
    QScrollBar *bar = list->verticalScrollBar();
    for (int value = 0; value <= bar->maximum(); value += std::max(1, bar->pageStep())) {
        clock.restart();
        bar->setValue(value);
        list->viewport()->repaint();
        QCoreApplication::processEvents();
        pageStalls.push_back(clock.nsecsElapsed() / 1e6);
    }

    // Stepping: arrow down through every operation, each one's input and output shown.
    list->setFocus();
    inspector.setCurrentOperation(0);
    std::vector<double> stepStalls;
    stepStalls.reserve(count);
    for (int i = 1; i < count; ++i) {
        clock.restart();
        QTest::keyClick(list, Qt::Key_Down);
        inspector.repaint();
        QCoreApplication::processEvents();
        stepStalls.push_back(clock.nsecsElapsed() / 1e6);
    }
    const bool reachedEnd = inspector.currentOperation() == count - 1;

    std::printf("Inspector on a module with %d operations:\n", count);
    std::printf("  first paint of the operation selector   %8.1f ms\n", firstPaint);
    std::printf("  scrolling %zu pages: median %.2f ms, longest stall %.1f ms\n", pageStalls.size(),
        bench::median(pageStalls), bench::maximum(pageStalls));
    std::printf("  arrow through %zu operations: median %.2f ms, longest stall %.1f ms%s\n",
        stepStalls.size(), bench::median(stepStalls), bench::maximum(stepStalls),
        reachedEnd ? "" : " (did NOT reach the last operation)");
    // The slowest steps, to see what makes them slow.
    std::vector<std::pair<double, int>> slowest;
    for (size_t i = 0; i < stepStalls.size(); ++i)
        slowest.emplace_back(stepStalls[i], int(i) + 2);
    std::sort(slowest.rbegin(), slowest.rend());
    std::printf("  slowest steps:");
    for (size_t i = 0; i < std::min<size_t>(5, slowest.size()); ++i)
        std::printf(" operation %d %.1f ms;", slowest[i].second, slowest[i].first);
    std::printf("\n");
    std::printf("  target: every stall under 50 ms; peak RSS %.0f MB\n", bench::peakRssMb());
    return reachedEnd ? 0 : 1;
}
