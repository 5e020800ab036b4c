#include "core/flow/BundleScheduler.h"

#include <QJsonObject>
#include <QTimer>

#include <algorithm>

/// A failure whose error route is under way: what the directive at its end acts on.
struct BundleScheduler::ErrorScope
{
    int failedNode = 0;
    size_t mark = 0; ///< the trail's height at the failed module's input
    int bundle = 1;
    ModuleError error;
    int operation = 0; ///< index of the failed operation in its module's record
    /// The error route the failed module itself was in, if any.
    std::shared_ptr<ErrorScope> outer;
    int triesLeft = 0;
    int intervalSeconds = 0;
    bool handled = false;
};

/// One piece of work on the scheduler's stack.
struct BundleScheduler::Frame
{
    enum class Kind {
        Run, ///< run one operation of `node` on the outputs as of `mark`
        Emit, ///< send `node`'s outputs on, one bundle at a time
        Aggregate, ///< the one operation of aggregator `node` on `collected`
    };
    Kind kind = Kind::Run;
    int node = 0;
    /// The trail's height that this frame's context is at: the outputs of the modules
    /// before it on its route. Anything set later belongs to routes already walked.
    size_t mark = 0;
    /// Run: an output to set first (a failed module's error, for its error route).
    std::optional<QPair<int, QJsonValue>> preset;
    int bundle = 1;
    std::shared_ptr<ErrorScope> scope;
    QList<QJsonValue> outputs; ///< Emit: the bundles to send on
    int next = 0; ///< Emit: how many were sent
    /// Emit of a source module: the bundles that reached each of its aggregators.
    QHash<int, CollectedBundles> collected;
};

namespace {

QString directiveName(FlowDirective directive)
{
    switch (directive) {
    case FlowDirective::Ignore:
        return QStringLiteral("ignore");
    case FlowDirective::Resume:
        return QStringLiteral("resume");
    case FlowDirective::Commit:
        return QStringLiteral("commit");
    case FlowDirective::Rollback:
        return QStringLiteral("rollback");
    case FlowDirective::Break:
        return QStringLiteral("break");
    case FlowDirective::None:
        break;
    }
    return {};
}

} // namespace

BundleScheduler::BundleScheduler(BundleGraph graph, FlowSteps *steps, QObject *parent)
    : QObject(parent)
    , m_graph(std::move(graph))
    , m_steps(steps)
{
    for (auto it = m_graph.nodes.cbegin(); it != m_graph.nodes.cend(); ++it) {
        if (it->aggregatorSource != 0)
            m_aggregatorsOf[it->aggregatorSource].append(it->id);
    }
    m_startSet = QSet<int>(m_graph.starts.cbegin(), m_graph.starts.cend());
    for (QList<int> &aggregators : m_aggregatorsOf)
        std::sort(aggregators.begin(), aggregators.end());
}

BundleScheduler::~BundleScheduler() = default;

void BundleScheduler::start(const MappingContext &base)
{
    if (m_running)
        return;
    begin(base);
    for (auto it = m_graph.starts.crbegin(); it != m_graph.starts.crend(); ++it) {
        Frame frame;
        frame.node = *it;
        m_stack.push_back(std::move(frame));
    }
    pump();
}

void BundleScheduler::startFrom(const MappingContext &base, int module, int bundle, bool alone)
{
    if (m_running)
        return;
    begin(base);
    m_alone = alone ? module : 0;
    Frame frame;
    frame.node = module;
    frame.bundle = bundle;
    m_stack.push_back(std::move(frame));
    pump();
}

void BundleScheduler::begin(const MappingContext &base)
{
    ++m_generation;
    m_record = FlowRecord();
    m_stack.clear();
    m_base = base;
    m_outputs = base.moduleOutputs;
    m_base.moduleOutputs.clear();
    m_trail.clear();
    m_stopped = false;
    m_waiting = false;
    m_operationCount = 0;
    m_stopStatus = FlowStatus::Success;
    m_alone = 0;
    m_running = true;
    m_clock.start();
}

void BundleScheduler::cancel()
{
    if (!m_running)
        return;
    ++m_generation;
    if (m_waiting)
        m_steps->cancel();
    m_waiting = false;
    stop(FlowStatus::Error, 0, tr("Stopped before the end."));
    pump();
}

void BundleScheduler::pump()
{
    if (m_inPump)
        return;
    m_inPump = true;
    // Kinds that answer at once (an iterator, variables, aggregators) could keep the thread
    // for seconds: after a slice of work the rest goes on from the event loop, so that the
    // window stays responsive and Stop is heard between two operations.
    constexpr qint64 sliceNs = 20 * 1000 * 1000;
    QElapsedTimer slice;
    slice.start();
    int steps = 0;
    while (m_running && !m_waiting && !m_stopped && !m_stack.empty()) {
        step();
        if ((++steps & 63) == 0 && slice.nsecsElapsed() > sliceNs) {
            if (m_running && !m_waiting && !m_stopped && !m_stack.empty()) {
                m_inPump = false;
                if (!m_resumeQueued) {
                    m_resumeQueued = true;
                    QMetaObject::invokeMethod(
                        this,
                        [this]() {
                            m_resumeQueued = false;
                            pump();
                        },
                        Qt::QueuedConnection);
                }
                return;
            }
        }
    }
    m_inPump = false;
    if (m_running && !m_waiting && (m_stopped || m_stack.empty()))
        finish();
}

void BundleScheduler::step()
{
    Frame &top = m_stack.back();
    switch (top.kind) {
    case Frame::Kind::Emit:
        emitNext();
        return;
    case Frame::Kind::Run: {
        const Frame frame = std::move(top);
        m_stack.pop_back();
        runFrame(frame);
        return;
    }
    case Frame::Kind::Aggregate: {
        const Frame frame = std::move(top);
        m_stack.pop_back();
        aggregateFrame(frame);
        return;
    }
    }
}

const BundleNode &BundleScheduler::node(int id) const
{
    static const BundleNode none;
    const auto it = m_graph.nodes.constFind(id);
    return it == m_graph.nodes.cend() ? none : *it;
}

ModuleFlowRecord &BundleScheduler::recordOf(int id)
{
    auto it = m_record.modules.find(id);
    if (it == m_record.modules.end())
        it = m_record.modules.insert(id, ModuleFlowRecord());
    return *it;
}

qint64 BundleScheduler::elapsedMs() const
{
    return m_clock.elapsed();
}

void BundleScheduler::pushEmit(int node, size_t mark, int bundle,
    const std::shared_ptr<ErrorScope> &scope, const QList<QJsonValue> &outputs)
{
    Frame emitting;
    emitting.kind = Frame::Kind::Emit;
    emitting.node = node;
    emitting.mark = mark;
    emitting.bundle = bundle;
    emitting.scope = scope;
    emitting.outputs = outputs;
    m_stack.push_back(std::move(emitting));
}

void BundleScheduler::recordOperation(int node, const OperationRecord &operation)
{
    ModuleFlowRecord &record = recordOf(node);
    if (record.operations.isEmpty())
        m_record.order.append(node);
    record.operations.append(operation);
    ++m_operationCount;
    emit operationFinished(node, operation.failed);
}

OperationRecord BundleScheduler::operationOf(
    int bundle, const StepResult &result, qint64 startedMs) const
{
    OperationRecord operation;
    operation.bundle = bundle;
    operation.failed = result.error.has_value();
    operation.input = result.input;
    operation.outputs = result.outputs;
    operation.error = result.error;
    operation.durationMs = result.pageDurationMs >= 0
        ? result.pageDurationMs
        : elapsedMs() - startedMs - result.pageStartMs;
    for (AttemptRecord attempt : result.earlierAttempts) {
        attempt.atMs += startedMs;
        operation.attempts.append(attempt);
    }
    operation.attempts.append({startedMs + result.lastAttemptMs,
        result.error ? result.error->message : QStringLiteral("succeeded"), result.statusCode});
    operation.warnings = result.warnings;
    return operation;
}

void BundleScheduler::setOutput(int module, const QJsonValue &output)
{
    const auto it = m_outputs.find(module);
    if (it == m_outputs.end()) {
        m_trail.push_back({module, std::nullopt});
        m_outputs.insert(module, output);
    } else {
        m_trail.push_back({module, *it});
        *it = output;
    }
}

void BundleScheduler::rollBack(size_t mark)
{
    while (m_trail.size() > mark) {
        TrailEntry &entry = m_trail.back();
        if (entry.previous)
            m_outputs.insert(entry.module, *entry.previous);
        else
            m_outputs.remove(entry.module);
        m_trail.pop_back();
    }
}

MappingContext BundleScheduler::context() const
{
    MappingContext context = m_base;
    context.moduleOutputs = m_outputs;
    return context;
}

void BundleScheduler::runFrame(const Frame &frame)
{
    if (!m_graph.nodes.contains(frame.node)) {
        stop(FlowStatus::Error, frame.node,
            tr("A link leads to module %1, which is not in the scenario.").arg(frame.node));
        return;
    }
    rollBack(frame.mark);
    Frame current = frame;
    if (frame.preset) {
        setOutput(frame.preset->first, frame.preset->second);
        current.mark = m_trail.size();
        current.preset.reset();
    }
    if (node(frame.node).directive != FlowDirective::None) {
        handleDirective(current);
        return;
    }
    if (!frame.scope && m_startSet.contains(frame.node))
        m_steps->cycleStarted();
    recordOf(frame.node);
    emit operationStarted(frame.node);
    const quint64 generation = m_generation;
    const qint64 startedMs = elapsedMs();
    m_waiting = true;
    m_steps->run(
        frame.node, context(), [this, generation, frame = current, startedMs](StepResult result) {
            if (generation != m_generation || !m_waiting)
                return;
            m_waiting = false;
            onResult(frame, result, startedMs);
            pump();
        });
}

void BundleScheduler::aggregateFrame(const Frame &frame)
{
    recordOf(frame.node);
    emit operationStarted(frame.node);
    const qint64 startedMs = elapsedMs();
    rollBack(frame.mark);
    const StepResult result
        = m_steps->aggregate(frame.node, context(), frame.collected.value(frame.node));
    onResult(frame, result, startedMs);
}

void BundleScheduler::onResult(const Frame &frame, const StepResult &result, qint64 startedMs)
{
    // Each page of a request that fetched several is an operation of its own.
    QList<QJsonValue> pagesOutputs;
    for (const StepResult &page : result.pages) {
        recordOperation(frame.node, operationOf(frame.bundle, page, startedMs));
        pagesOutputs += page.outputs;
    }
    recordOperation(frame.node, operationOf(frame.bundle, result, startedMs));
    if (!result.error) {
        if (frame.node != m_alone)
            pushEmit(frame.node, frame.mark, frame.bundle, frame.scope,
                result.pages.empty() ? result.outputs : pagesOutputs + result.outputs);
        return;
    }
    const BundleNode &failed = node(frame.node);
    if (failed.errorRoute == 0 || frame.node == m_alone) {
        stop(FlowStatus::Error, frame.node, result.error->message);
        return;
    }
    ModuleFlowRecord &record = recordOf(frame.node);
    auto scope = std::make_shared<ErrorScope>();
    scope->failedNode = frame.node;
    scope->mark = frame.mark;
    scope->bundle = frame.bundle;
    scope->error = *result.error;
    scope->operation = int(record.operations.size()) - 1;
    scope->outer = frame.scope;
    // An error route without a directive at its end acts as Ignore.
    record.operations.last().handledBy = directiveName(FlowDirective::Ignore);

    Frame handler;
    handler.node = failed.errorRoute;
    handler.mark = frame.mark;
    handler.preset = qMakePair(
        frame.node, QJsonValue(QJsonObject {{QStringLiteral("error"), result.error->toJson()}}));
    handler.scope = scope;
    m_stack.push_back(std::move(handler));
}

void BundleScheduler::emitNext()
{
    Frame &top = m_stack.back();
    if (top.next < top.outputs.size()) {
        const int position = ++top.next;
        // One bundle out of one in keeps its number, so that items stay numbered down a
        // route; several get their positions.
        const int bundle = top.outputs.size() == 1 ? top.bundle : position;
        rollBack(top.mark);
        setOutput(top.node, top.outputs.at(position - 1));
        const int from = top.node;
        const std::shared_ptr<ErrorScope> scope = top.scope;
        if (top.next == top.outputs.size() && !m_aggregatorsOf.contains(from))
            m_stack.pop_back(); // its last bundle, and nothing to collect: done with it
        route(from, scope, bundle); // may push frames: `top` is gone after this
        return;
    }
    // Every bundle went its way: the aggregators fed by this operation give theirs now.
    Frame done = std::move(top);
    m_stack.pop_back();
    const QList<int> aggregators = m_aggregatorsOf.value(done.node);
    for (auto it = aggregators.crbegin(); it != aggregators.crend(); ++it) {
        Frame aggregate;
        aggregate.kind = Frame::Kind::Aggregate;
        aggregate.node = *it;
        aggregate.mark = done.mark;
        aggregate.bundle = done.bundle;
        aggregate.scope = done.scope;
        aggregate.collected.insert(*it, done.collected.value(*it));
        m_stack.push_back(std::move(aggregate));
    }
}

bool BundleScheduler::passes(const BundleRoute &route, const MappingContext &context, int bundle)
{
    if (route.filter.isEmpty())
        return true;
    const FilterVerdict verdict = evaluate(route.filter, context, m_zone);
    if (!verdict.warnings.isEmpty() || !verdict.passed) {
        ModuleFlowRecord &record = recordOf(route.to);
        for (const QString &warning : verdict.warnings) {
            if (!record.warnings.contains(warning))
                record.warnings.append(warning);
        }
        if (!verdict.passed)
            record.dropped.append({bundle, verdict.reason});
    }
    return verdict.passed;
}

void BundleScheduler::route(int from, const std::shared_ptr<ErrorScope> &scope, int bundle)
{
    const BundleNode &source = node(from);
    bool filtered = false;
    for (const BundleRoute &route : source.routes)
        filtered = filtered || !route.filter.isEmpty();
    const MappingContext context = filtered ? this->context() : MappingContext();
    QList<int> targets;
    const BundleRoute *fallback = nullptr;
    for (const BundleRoute &route : source.routes) {
        if (route.fallback) {
            if (!fallback)
                fallback = &route;
            continue;
        }
        if (passes(route, context, bundle))
            targets.append(route.to);
    }
    if (targets.isEmpty() && fallback && passes(*fallback, context, bundle))
        targets.append(fallback->to);
    // Pushed last first, so that the first route runs first.
    for (auto it = targets.crbegin(); it != targets.crend(); ++it)
        deliver(*it, scope, bundle);
}

void BundleScheduler::deliver(int to, const std::shared_ptr<ErrorScope> &scope, int bundle)
{
    const int source = node(to).aggregatorSource;
    if (source == 0) {
        Frame frame;
        frame.node = to;
        frame.mark = m_trail.size();
        frame.bundle = bundle;
        frame.scope = scope;
        m_stack.push_back(std::move(frame));
        return;
    }
    // An aggregator collects into the operation of its source that is under way.
    for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
        if (it->kind == Frame::Kind::Emit && it->node == source) {
            CollectedBundles &into = it->collected[to];
            if (!into.failed())
                m_steps->collect(to, context(), into);
            return;
        }
    }
    recordOf(to);
    stop(FlowStatus::Error, to,
        tr("Module %1 collects the bundles of module %2, but module %2 does not come before "
           "it on its route.")
            .arg(to)
            .arg(source));
}

void BundleScheduler::handleDirective(const Frame &frame)
{
    const BundleNode &directive = node(frame.node);
    ModuleFlowRecord &own = recordOf(frame.node);
    const std::shared_ptr<ErrorScope> scope = frame.scope;
    if (!scope || scope->handled) {
        // Outside an error route, or a second directive for a failure already dealt with.
        const QString warning = scope
            ? tr("This failure was already dealt with by another directive.")
            : tr("This directive is not on an error route, so it does nothing.");
        if (!own.warnings.contains(warning))
            own.warnings.append(warning);
        return;
    }
    scope->handled = true;
    OperationRecord operation;
    operation.bundle = frame.bundle;
    operation.attempts.append({elapsedMs(), QStringLiteral("succeeded")});
    OperationRecord &failed = recordOf(scope->failedNode).operations[scope->operation];
    failed.handledBy = directiveName(directive.directive);

    if (directive.directive != FlowDirective::Resume)
        recordOperation(frame.node, operation);
    switch (directive.directive) {
    case FlowDirective::None:
    case FlowDirective::Ignore:
        return;
    case FlowDirective::Commit:
        stop(FlowStatus::Success, frame.node,
            tr("Commit after module %1 failed: the run stopped here, and what was done stays.")
                .arg(scope->failedNode));
        return;
    case FlowDirective::Rollback:
        stop(FlowStatus::Error, frame.node,
            tr("Rollback after module %1 failed: %2")
                .arg(scope->failedNode)
                .arg(scope->error.message));
        return;
    case FlowDirective::Break:
        scope->triesLeft = directive.breakCount;
        scope->intervalSeconds = directive.breakIntervalSeconds;
        retry(scope);
        return;
    case FlowDirective::Resume:
        break;
    }
    // Resume: the directive's mapped output stands in for the failed module's.
    emit operationStarted(frame.node);
    const quint64 generation = m_generation;
    const qint64 startedMs = elapsedMs();
    m_waiting = true;
    m_steps->run(
        frame.node, context(), [this, generation, frame, scope, startedMs](StepResult result) {
            if (generation != m_generation || !m_waiting)
                return;
            m_waiting = false;
            recordOperation(frame.node, operationOf(frame.bundle, result, startedMs));
            if (result.error) {
                stop(FlowStatus::Error, frame.node, result.error->message);
            } else {
                pushEmit(
                    scope->failedNode, scope->mark, scope->bundle, scope->outer, result.outputs);
            }
            pump();
        });
}

void BundleScheduler::retry(const std::shared_ptr<ErrorScope> &scope)
{
    if (scope->triesLeft <= 0) {
        // What the module saw when it failed, so that the bundle can be retried later.
        rollBack(scope->mark);
        m_record.incomplete.append(
            {scope->failedNode, scope->bundle, scope->error.message, m_outputs});
        return;
    }
    --scope->triesLeft;
    int waitSeconds = qMax(0, scope->intervalSeconds);
    if (scope->error.retryAfterSeconds > waitSeconds)
        waitSeconds = qMin(scope->error.retryAfterSeconds, m_maxRetryWaitSeconds);
    const quint64 generation = m_generation;
    m_waiting = true;
    // Precise: a coarse timer may end a wait of seconds 5% early, before Retry-After has passed.
    const qint64 waitMs = qint64(waitSeconds) * 1000;
    QTimer::singleShot(waitMs, Qt::PreciseTimer, this, [this, generation, scope]() {
        if (generation != m_generation || !m_waiting)
            return;
        emit operationStarted(scope->failedNode);
        const qint64 startedMs = elapsedMs();
        rollBack(scope->mark);
        m_steps->run(
            scope->failedNode, context(), [this, generation, scope, startedMs](StepResult result) {
                if (generation != m_generation || !m_waiting)
                    return;
                m_waiting = false;
                OperationRecord &operation
                    = recordOf(scope->failedNode).operations[scope->operation];
                for (AttemptRecord attempt : result.earlierAttempts) {
                    attempt.atMs += startedMs;
                    operation.attempts.append(attempt);
                }
                operation.attempts.append({startedMs + result.lastAttemptMs,
                    result.error ? result.error->message : QStringLiteral("succeeded"),
                    result.statusCode});
                operation.durationMs += elapsedMs() - startedMs;
                emit operationFinished(scope->failedNode, result.error.has_value());
                if (result.error) {
                    scope->error = *result.error;
                    operation.error = result.error;
                    retry(scope);
                } else {
                    // A bundle whose retry succeeds is a success.
                    operation.failed = false;
                    operation.error.reset();
                    operation.handledBy.clear();
                    operation.input = result.input;
                    // A request that fetched pages gives all of them here, in this try.
                    QList<QJsonValue> outputs;
                    for (const StepResult &page : result.pages)
                        outputs += page.outputs;
                    operation.outputs = outputs + result.outputs;
                    operation.warnings = result.warnings;
                    pushEmit(scope->failedNode, scope->mark, scope->bundle, scope->outer,
                        operation.outputs);
                }
                pump();
            });
    });
}

void BundleScheduler::stop(FlowStatus status, int module, const QString &reason)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stopStatus = status;
    m_record.stoppedAt = module;
    m_record.stopReason = reason;
    m_stack.clear();
}

void BundleScheduler::finish()
{
    if (!m_running)
        return;
    m_running = false;
    m_stack.clear();
    if (m_stopped && m_stopStatus == FlowStatus::Error)
        m_record.status = FlowStatus::Error;
    else if (!m_record.incomplete.isEmpty())
        m_record.status = FlowStatus::Warning;
    else
        m_record.status = FlowStatus::Success;
    emit finished(m_record.status);
}
