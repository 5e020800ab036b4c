#include "core/run/BundleScheduler.h"

#include "core/flow/Filter.h"
#include "core/kinds/KindRegistry.h"

#include <QJsonObject>

#include <algorithm>

BundleScheduler::BundleScheduler(const QList<Module> &modules, const QList<Link> &links)
    : m_modules(modules)
    , m_links(links)
    , m_graph(modules, links)
{
    for (qsizetype i = 0; i < modules.size(); ++i) {
        const Module &m = modules.at(i);
        m_moduleAt.insert(m.id, i);
        const ModuleId source = m.settings.data() ? m.settings.data()->aggregationSource() : 0;
        if (source != 0)
            m_aggregatorsOf[source].append(m.id);
    }
    m_starts = m_graph.starts();
}

BundleScheduler::ModuleTrace &BundleScheduler::trace(ModuleId id)
{
    if (!m_traces.contains(id))
        m_ranOrder.append(id);
    return m_traces[id];
}

void BundleScheduler::runToEnd()
{
    while (step() != Step::Finished) { }
}

BundleScheduler::Step BundleScheduler::step()
{
    m_waitMs = 0;
    if (m_stopped)
        return Step::Finished;
    if (m_tasks.empty()) {
        if (m_nextStart >= m_starts.size()) {
            m_stopped = true;
            return Step::Finished;
        }
        start(m_starts.at(m_nextStart++));
        return Step::Continue;
    }
    Task task = std::move(m_tasks.back());
    m_tasks.pop_back();
    switch (task.kind) {
    case Task::Run:
        runModule(std::move(task));
        break;
    case Task::Routes:
        continueRoutes(std::move(task));
        break;
    case Task::Aggregate:
        finishAggregation(task);
        break;
    }
    if (m_stopped)
        return Step::Finished;
    return m_waitMs > 0 ? Step::Wait : Step::Continue;
}

void BundleScheduler::start(ModuleId module)
{
    // Each flow is a cycle of its own: what Set variables kept for the cycle is forgotten.
    m_cycleVariables.clear();
    Task task;
    task.module = module;
    task.bundle = QJsonObject {};
    task.position = 1;
    m_tasks.push_back(std::move(task));
}

void BundleScheduler::runModule(Task task)
{
    const Module &module = m_modules.at(m_moduleAt.value(task.module));
    const KindInfo *kind = KindRegistry::find(module.type);
    ModuleTrace &record = trace(module.id);
    record.operations.append(Operation {task.bundle, {}, std::nullopt, {}});
    const qsizetype operation = record.operations.size() - 1;

    if (kind && kind->directive != ErrorDirective::None) {
        if (task.scope)
            handleDirective(module, task, kind->directive);
        return;
    }

    RunContext context;
    context.mapping = task.context;
    context.cycleVariables = m_cycleVariables;
    context.executionVariables = m_executionVariables;
    context.zone = m_zone;
    Emitted emitted;
    if (kind && kind->placeholder) {
        emitted = Emitted::failure(ModuleErrorType::RuntimeError,
            QStringLiteral("%1 is a module of another app; Scenarist keeps it for export but "
                           "cannot run it.")
                .arg(module.displayName()));
    } else if (kind && kind->run && module.settings.data()) {
        emitted = kind->run(*module.settings.data(), task.bundle, context);
    } else if (kind && kind->aggregate && module.settings.data()) {
        // Reached outside an operation of its source: it aggregates this one bundle.
        emitted = kind->aggregate(*module.settings.data(), {task.context}, context);
    } else if (m_externalRun) {
        emitted = m_externalRun(module, task.bundle, context);
    } else {
        emitted = Emitted::failure(ModuleErrorType::RuntimeError,
            QStringLiteral("%1 cannot run here.").arg(module.displayName()));
    }
    m_cycleVariables = context.cycleVariables;
    m_executionVariables = context.executionVariables;

    Operation &done = m_traces[module.id].operations[operation];
    if (emitted.failed()) {
        done.error = emitted.error;
        handleFailure(task, *emitted.error, operation);
        return;
    }
    done.outputs = emitted.bundles;
    m_waitMs = emitted.waitMs;

    // Aggregators of this module collect what reaches them while its bundles go through the
    // rest of their routes; they output once all have (pushed first: it runs last).
    const QList<ModuleId> aggregators = m_aggregatorsOf.value(module.id);
    if (!aggregators.isEmpty()) {
        for (ModuleId a : aggregators)
            m_collecting[a].push_back({});
        Task finish;
        finish.kind = Task::Aggregate;
        finish.module = module.id;
        finish.context = task.context;
        finish.position = task.position;
        finish.scope = task.scope;
        m_tasks.push_back(std::move(finish));
    }
    for (qsizetype i = emitted.bundles.size() - 1; i >= 0; --i) {
        Task next;
        next.kind = Task::Routes;
        next.module = module.id;
        next.bundle = emitted.bundles.at(i);
        next.context = task.context;
        next.context.moduleOutputs.insert(module.id, emitted.bundles.at(i));
        next.position = emitted.bundles.size() == 1 ? task.position : int(i + 1);
        next.scope = task.scope;
        m_tasks.push_back(std::move(next));
    }
}

void BundleScheduler::continueRoutes(Task task)
{
    const QList<const Link *> routes = m_graph.routes(task.module);
    for (qsizetype k = task.route; k < routes.size(); ++k) {
        const Link &link = *routes.at(k);
        if (link.fallback)
            continue;
        const FilterVerdict verdict = evaluate(link.filter, task.context, m_zone);
        if (!verdict.warnings.isEmpty())
            trace(link.to).warnings.append(verdict.warnings);
        if (!verdict.passed) {
            trace(link.to).dropped.append(Dropped {task.position, verdict.reason});
            continue;
        }
        // The rest of the routes wait until this one is done with the bundle.
        Task rest = task;
        rest.route = k + 1;
        rest.anyPassed = true;
        m_tasks.push_back(std::move(rest));
        deliver(link, task);
        return;
    }
    if (task.anyPassed)
        return;
    for (const Link *link : routes) {
        if (!link->fallback)
            continue;
        const FilterVerdict verdict = evaluate(link->filter, task.context, m_zone);
        if (verdict.passed)
            deliver(*link, task);
        else
            trace(link->to).dropped.append(Dropped {task.position, verdict.reason});
    }
}

void BundleScheduler::deliver(const Link &link, const Task &from)
{
    auto collecting = m_collecting.find(link.to);
    if (collecting != m_collecting.end() && !collecting->empty()) {
        collecting->back().append(from.context);
        return;
    }
    Task next;
    next.module = link.to;
    next.bundle = from.bundle;
    next.context = from.context;
    next.position = from.position;
    next.scope = from.scope;
    m_tasks.push_back(std::move(next));
}

void BundleScheduler::finishAggregation(const Task &task)
{
    const QList<ModuleId> aggregators = m_aggregatorsOf.value(task.module);
    // Pushed in reverse so that the aggregator with the smallest number goes on first.
    for (auto it = aggregators.crbegin(); it != aggregators.crend(); ++it) {
        const ModuleId a = *it;
        CollectedBundles collected = std::move(m_collecting[a].back());
        m_collecting[a].pop_back();
        const Module &module = m_modules.at(m_moduleAt.value(a));
        const KindInfo *kind = KindRegistry::find(module.type);
        RunContext context;
        context.mapping = task.context;
        context.cycleVariables = m_cycleVariables;
        context.executionVariables = m_executionVariables;
        context.zone = m_zone;
        ModuleTrace &record = trace(a);
        const QJsonObject input {{QStringLiteral("bundles"), collected.size()}};
        record.operations.append(Operation {input, {}, std::nullopt, {}});
        const qsizetype operation = record.operations.size() - 1;
        const Emitted emitted = kind && kind->aggregate
            ? kind->aggregate(*module.settings.data(), collected, context)
            : Emitted::failure(ModuleErrorType::RuntimeError,
                QStringLiteral("%1 cannot aggregate.").arg(module.displayName()));
        Task self;
        self.module = a;
        self.bundle = input;
        self.context = task.context;
        self.position = task.position;
        self.scope = task.scope;
        if (emitted.failed()) {
            m_traces[a].operations[operation].error = emitted.error;
            handleFailure(self, *emitted.error, operation);
            if (m_stopped)
                return;
            continue;
        }
        m_traces[a].operations[operation].outputs = emitted.bundles;
        for (qsizetype i = emitted.bundles.size() - 1; i >= 0; --i) {
            Task next = self;
            next.kind = Task::Routes;
            next.bundle = emitted.bundles.at(i);
            next.context.moduleOutputs.insert(a, emitted.bundles.at(i));
            next.position = int(i + 1);
            m_tasks.push_back(std::move(next));
        }
    }
}

void BundleScheduler::handleFailure(const Task &task, const ModuleError &error, qsizetype operation)
{
    const Module &module = m_modules.at(m_moduleAt.value(task.module));
    const Link *route = m_graph.errorRoute(task.module);
    if (!route) {
        stop(Status::Error,
            QStringLiteral("%1 (module %2) failed: %3")
                .arg(module.displayName())
                .arg(module.id)
                .arg(error.message));
        return;
    }
    // An error route without a directive acts as Ignore.
    m_traces[task.module].operations[operation].handledBy = QStringLiteral("ignore");
    auto scope = std::make_shared<ErrorScope>();
    scope->failed = task.module;
    scope->input = task.bundle;
    scope->context = task.context;
    scope->bundle = task.position;
    scope->operation = operation;
    scope->outer = task.scope;
    Task handler;
    handler.module = route->to;
    handler.bundle = QJsonObject {{QStringLiteral("error"), error.toJson()}};
    handler.context = task.context;
    handler.context.moduleOutputs.insert(task.module, handler.bundle);
    handler.position = task.position;
    handler.scope = scope;
    const FilterVerdict verdict = evaluate(route->filter, handler.context, m_zone);
    if (!verdict.passed) {
        trace(route->to).dropped.append(Dropped {task.position, verdict.reason});
        return;
    }
    m_tasks.push_back(std::move(handler));
}

void BundleScheduler::handleDirective(
    const Module &module, const Task &task, ErrorDirective directive)
{
    const ErrorScope &scope = *task.scope;
    Operation &failed = m_traces[scope.failed].operations[scope.operation];
    const Module &failedModule = m_modules.at(m_moduleAt.value(scope.failed));
    switch (directive) {
    case ErrorDirective::None:
    case ErrorDirective::Ignore:
        failed.handledBy = QStringLiteral("ignore");
        return;
    case ErrorDirective::Commit:
        failed.handledBy = QStringLiteral("commit");
        stop(Status::Success,
            QStringLiteral("A Commit module (module %1) ended the run.").arg(module.id));
        return;
    case ErrorDirective::Rollback:
        failed.handledBy = QStringLiteral("rollback");
        stop(Status::Error,
            QStringLiteral("A Rollback module (module %1) ended the run after %2 (module %3) "
                           "failed: %4")
                .arg(module.id)
                .arg(failedModule.displayName())
                .arg(failedModule.id)
                .arg(failed.error ? failed.error->message : QString()));
        return;
    case ErrorDirective::Resume: {
        failed.handledBy = QStringLiteral("resume");
        const KindInfo *kind = KindRegistry::find(module.type);
        RunContext context;
        context.mapping = task.context;
        context.zone = m_zone;
        const Emitted substitute = kind && kind->run && module.settings.data()
            ? kind->run(*module.settings.data(), task.bundle, context)
            : Emitted::one(QJsonObject {});
        if (substitute.failed()) {
            stop(Status::Error,
                QStringLiteral("The Resume module (module %1) failed: %2")
                    .arg(module.id)
                    .arg(substitute.error->message));
            return;
        }
        m_traces[module.id].operations.last().outputs = substitute.bundles;
        // The failed module's bundle goes on with the substitute as its output.
        Task next;
        next.kind = Task::Routes;
        next.module = scope.failed;
        next.bundle = substitute.bundles.value(0, QJsonObject {});
        next.context = scope.context;
        next.context.moduleOutputs.insert(scope.failed, next.bundle);
        next.position = scope.bundle;
        next.scope = scope.outer;
        m_tasks.push_back(std::move(next));
        return;
    }
    case ErrorDirective::Break: {
        failed.handledBy = QStringLiteral("break");
        // Retried at once: waiting the interval (and Retry-After) is the network runner's
        // part; the kinds run here give the same answer every time.
        const auto *config = module.settings.data();
        const int count = config ? config->toJson().value(QStringLiteral("count")).toInt(0) : 0;
        const KindInfo *kind = KindRegistry::find(failedModule.type);
        for (int attempt = 0; attempt < count; ++attempt) {
            RunContext context;
            context.mapping = scope.context;
            context.cycleVariables = m_cycleVariables;
            context.executionVariables = m_executionVariables;
            context.zone = m_zone;
            Emitted again;
            if (kind && kind->run && failedModule.settings.data())
                again = kind->run(*failedModule.settings.data(), scope.input, context);
            else if (m_externalRun)
                again = m_externalRun(failedModule, scope.input, context);
            else
                break;
            if (again.failed())
                continue;
            m_cycleVariables = context.cycleVariables;
            m_executionVariables = context.executionVariables;
            Operation &retried = m_traces[scope.failed].operations[scope.operation];
            retried.error.reset();
            retried.outputs = again.bundles;
            for (qsizetype i = again.bundles.size() - 1; i >= 0; --i) {
                Task next;
                next.kind = Task::Routes;
                next.module = scope.failed;
                next.bundle = again.bundles.at(i);
                next.context = scope.context;
                next.context.moduleOutputs.insert(scope.failed, again.bundles.at(i));
                next.position = int(i + 1);
                next.scope = scope.outer;
                m_tasks.push_back(std::move(next));
            }
            return;
        }
        m_incomplete.append(Incomplete {
            scope.failed, scope.bundle, failed.error ? failed.error->message : QString()});
        m_status = std::max(m_status, Status::Warning);
        return;
    }
    }
}

void BundleScheduler::stop(Status status, const QString &reason)
{
    m_status = std::max(m_status, status);
    m_stopReason = reason;
    m_stopped = true;
    m_tasks.clear();
}
