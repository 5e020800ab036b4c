#pragma once

#include "core/flow/CollectedBundles.h"
#include "core/flow/Filter.h"
#include "core/flow/ModuleError.h"
#include "core/mapping/MappingContext.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

/// What a module's error route ends with (docs/flow-control.md).
enum class FlowDirective {
    None, ///< an ordinary module
    Ignore,
    Resume,
    Commit,
    Rollback,
    Break,
};

/// A link leaving a module: where bundles go next, through an optional filter.
struct BundleRoute
{
    int to = 0;
    Filter filter;
    /// Taken only when no other route of the same module let the bundle through.
    bool fallback = false;
};

/// One module as the scheduler sees it: where its bundles go, and what it is for the flow.
/// The scheduler knows no kind of module by name; everything else is the steps' business.
struct BundleNode
{
    int id = 0;
    /// The links leaving it, in order: one for most modules, a router's routes for a router.
    QList<BundleRoute> routes;
    /// The first module of its error route; 0 when it has none.
    int errorRoute = 0;
    /// For an aggregator: the module whose operation's bundles it collects (its feeder).
    int aggregatorSource = 0;
    FlowDirective directive = FlowDirective::None;
    /// For Break: how many times the failed module is tried again, and how far apart.
    int breakCount = 0;
    int breakIntervalSeconds = 0;
};

/// The shape of a scenario: its modules and where each run starts.
struct BundleGraph
{
    QHash<int, BundleNode> nodes;
    /// The modules that start the run, each with one empty bundle, in this order.
    QList<int> starts;
};

/// One try of an operation (Break tries a module again, and so does a request
/// that retries when the server is busy).
struct AttemptRecord
{
    qint64 atMs = 0; ///< since the run started
    QString result; ///< "succeeded", or the error in words
    int statusCode = 0; ///< for a request: the HTTP status of this try; 0 when no answer came
};

/// What one operation of a module did.
struct StepResult
{
    /// What the module worked on (a request as sent, the list iterated…), for the inspector.
    QJsonValue input;
    /// The bundles it emits, in order (none, one, or one per item).
    QList<QJsonValue> outputs;
    std::optional<ModuleError> error;
    QStringList warnings;
    /// For a request: the HTTP status of its answer; 0 when there was none (or another kind).
    int statusCode = 0;
    /// For a request that retried: its tries before the last, `atMs` counted from when the
    /// operation started.
    QList<AttemptRecord> earlierAttempts;
    qint64 lastAttemptMs = 0; ///< when the last try started, counted the same way
    /// For a request that fetched several pages (docs/pagination.md): each page before the
    /// last, kept as an operation of its own; this result is the last page. The module gives
    /// out the outputs of all of them, in order.
    std::vector<StepResult> pages;
    /// For a page: when it started, counted from when the operation started, and how long it
    /// took (-1: until the result came).
    qint64 pageStartMs = 0;
    qint64 pageDurationMs = -1;
};

/// How the modules do their work: the runner implements this for every kind of module.
class FlowSteps
{
public:
    virtual ~FlowSteps() = default;
    /// Runs one operation of module `id` on one bundle, whose earlier outputs are in
    /// `context`. Calls `done` exactly once, before returning or later. Keep nothing of
    /// `context` once the mappings are evaluated: a copy kept makes the next step copy it.
    virtual void run(int id, const MappingContext &context, std::function<void(StepResult)> done)
        = 0;
    /// Aggregator `id` takes its part of one bundle that reached it (in `context`) into
    /// `into`, at once: the context is not kept.
    virtual void collect(int id, const MappingContext &context, CollectedBundles &into) = 0;
    /// An aggregator's one operation: `collected` holds the parts of every bundle that
    /// reached it during one operation of its source; `base` is the source's input context.
    virtual StepResult aggregate(
        int id, const MappingContext &base, const CollectedBundles &collected)
        = 0;
    /// Stops the operation under way, if any: its `done` must not be called afterwards.
    virtual void cancel() { }
    /// A flow starts from one of the graph's starts: one cycle, in Make's words.
    virtual void cycleStarted() { }
};

struct OperationRecord
{
    /// Which bundle: its 1-based position among those its source emitted.
    int bundle = 1;
    bool failed = false;
    /// For a failure an error route dealt with: "ignore", "resume", "break", "commit" or
    /// "rollback"; empty otherwise.
    QString handledBy;
    QJsonValue input;
    QList<QJsonValue> outputs;
    std::optional<ModuleError> error;
    qint64 durationMs = 0;
    QList<AttemptRecord> attempts;
    QStringList warnings;
};

/// A bundle a filter stopped on the link into a module.
struct DroppedRecord
{
    int bundle = 1;
    QString reason;
};

struct ModuleFlowRecord
{
    QList<OperationRecord> operations;
    QList<DroppedRecord> dropped;
    QStringList warnings; ///< from filters on the link into it
};

/// A bundle Break gave up on: the rest of the run went on without it.
struct IncompleteRecord
{
    int module = 0;
    int bundle = 1;
    QString error;
    /// The outputs of the modules before it on its route, as its mappings saw them: what a
    /// retry of this bundle starts from (BundleScheduler::startFrom).
    QHash<int, QJsonValue> outputs;
};

enum class FlowStatus {
    Success,
    Warning, ///< finished, with incomplete bundles
    Error, ///< a failure no route dealt with, a Rollback, or stopped
};

struct FlowRecord
{
    QHash<int, ModuleFlowRecord> modules;
    /// Module ids in the order they first ran.
    QList<int> order;
    QList<IncompleteRecord> incomplete;
    FlowStatus status = FlowStatus::Success;
    /// Why the run stopped early, in words; empty when it ran to the end.
    QString stopReason;
    int stoppedAt = 0; ///< the module that stopped it (failure, Commit, Rollback), or 0
};

/// Moves bundles through a scenario as Make does (docs/flow-control.md): depth-first, so
/// that bundle 1 goes through the whole rest of its route, and a router's routes one after
/// another, before bundle 2 starts; filters on links drop bundles with a reason; aggregators
/// collect what one operation of their source produced; a failure runs the module's error
/// route and its directive. The work of each module is FlowSteps'. Iterative, never
/// recursive, so that long chains and many bundles cannot exhaust the stack.
class BundleScheduler : public QObject
{
    Q_OBJECT
public:
    BundleScheduler(BundleGraph graph, FlowSteps *steps, QObject *parent = nullptr);
    ~BundleScheduler() override;

    /// Where dates without a zone in filters are read.
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }
    /// The longest Break waits between two tries, whatever Retry-After asks (default 300 s).
    void setMaxRetryWaitSeconds(int seconds) { m_maxRetryWaitSeconds = seconds; }

    /// Runs from the starts, each module's mappings seeing `base` (named roots…).
    void start(const MappingContext &base);
    /// Runs one bundle again from module `module` (an incomplete bundle, Make's "Retry"):
    /// mappings see `base`, whose module outputs are those the bundle had; the rest of its
    /// route follows as in a whole run. The record numbers it `bundle`.
    /// With `alone`, only that module runs ("Run this module only"): its outputs are kept,
    /// not passed on, and a failure ends the run without its error route.
    void startFrom(const MappingContext &base, int module, int bundle, bool alone = false);
    /// Stops at once: the operation under way is cancelled and the run ends as an error.
    void cancel();
    bool isRunning() const { return m_running; }
    const FlowRecord &record() const { return m_record; }
    /// Operations finished so far in this run (Break's tries are not operations of their own):
    /// Make's {{operationsConsumed}}.
    int operationCount() const { return m_operationCount; }

signals:
    void operationStarted(int id);
    void operationFinished(int id, bool failed);
    void finished(FlowStatus status);

private:
    struct ErrorScope;
    struct Frame;
    /// One output set while walking down a route, and what it replaced.
    struct TrailEntry
    {
        int module = 0;
        std::optional<QJsonValue> previous;
    };

    /// Resets the run's state to start from `base`.
    void begin(const MappingContext &base);
    void pump();
    void step();
    void runFrame(const Frame &frame);
    void aggregateFrame(const Frame &frame);
    void onResult(const Frame &frame, const StepResult &result, qint64 startedMs);
    void emitNext();
    void route(int from, const std::shared_ptr<ErrorScope> &scope, int bundle);
    bool passes(const BundleRoute &route, const MappingContext &context, int bundle);
    void deliver(int to, const std::shared_ptr<ErrorScope> &scope, int bundle);
    void setOutput(int module, const QJsonValue &output);
    void pushEmit(int node, size_t mark, int bundle, const std::shared_ptr<ErrorScope> &scope,
        const QList<QJsonValue> &outputs);
    /// Keeps one operation of `node` (noting when the module first ran) and says so.
    void recordOperation(int node, const OperationRecord &operation);
    OperationRecord operationOf(int bundle, const StepResult &result, qint64 startedMs) const;
    void rollBack(size_t mark);
    MappingContext context() const;
    void handleDirective(const Frame &frame);
    void retry(const std::shared_ptr<ErrorScope> &scope);
    void stop(FlowStatus status, int module, const QString &reason);
    void finish();
    ModuleFlowRecord &recordOf(int id);
    const BundleNode &node(int id) const;
    qint64 elapsedMs() const;

    BundleGraph m_graph;
    FlowSteps *m_steps = nullptr;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    int m_maxRetryWaitSeconds = 300;
    QHash<int, QList<int>> m_aggregatorsOf; ///< source module -> its aggregators, by id
    QSet<int> m_startSet;
    MappingContext m_base;
    /// The outputs the current bundle sees: one map for the whole walk, changed on the way
    /// down and put back on the way up (m_trail), so that a bundle's context costs nothing
    /// to extend however long the chain.
    QHash<int, QJsonValue> m_outputs;
    std::vector<TrailEntry> m_trail;
    std::vector<Frame> m_stack;
    FlowRecord m_record;
    FlowStatus m_stopStatus = FlowStatus::Success;
    QElapsedTimer m_clock;
    quint64 m_generation = 0; ///< tells a late answer of a cancelled run from this one
    bool m_running = false;
    bool m_waiting = false; ///< an operation or a Break wait is under way
    bool m_inPump = false;
    int m_operationCount = 0;
    int m_alone = 0; ///< the one module to run, or 0 for a whole run
    bool m_resumeQueued = false; ///< the rest of a long pump waits in the event loop
    bool m_stopped = false;
};
