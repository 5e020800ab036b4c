#include "core/run/FlowRun.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/FlowGraph.h"

#include <QJsonDocument>
#include <QTimer>

FlowRun::FlowRun(const QList<Module> &modules, const QList<Link> &links, QObject *parent)
    : QObject(parent)
    , m_modules(modules)
{
    m_at.reserve(m_modules.size());
    for (qsizetype i = 0; i < m_modules.size(); ++i)
        m_at.insert(m_modules.at(i).id, i);
    for (const Link &link : links) {
        if (!link.onError && !m_before.contains(link.to))
            m_before.insert(link.to, link.from);
    }
    m_scheduler = new BundleScheduler(graphOf(modules, links), this, this);
    connect(m_scheduler, &BundleScheduler::operationStarted, this, &FlowRun::operationStarted);
    connect(m_scheduler, &BundleScheduler::operationFinished, this, &FlowRun::operationFinished);
    connect(m_scheduler, &BundleScheduler::finished, this, &FlowRun::finished);
}

FlowRun::~FlowRun()
{
    // The scheduler is a child: make sure it is gone before the steps it calls.
    delete m_scheduler;
    m_scheduler = nullptr;
    delete m_wait;
}

void FlowRun::setHttpRun(HttpRun run, std::function<void()> cancel)
{
    m_http = std::move(run);
    m_cancelHttp = std::move(cancel);
}

void FlowRun::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    m_scheduler->setTimeZone(zone);
}

void FlowRun::start(const MappingContext &base)
{
    m_cycleVariables.clear();
    m_executionVariables.clear();
    MappingContext context = base;
    if (!context.timeZone.isValid())
        context.timeZone = m_zone;
    m_scheduler->start(context);
}

void FlowRun::retry(const MappingContext &base, const IncompleteRecord &incomplete)
{
    m_cycleVariables.clear();
    m_executionVariables.clear();
    MappingContext context = base;
    if (!context.timeZone.isValid())
        context.timeZone = m_zone;
    for (auto it = incomplete.outputs.constBegin(); it != incomplete.outputs.constEnd(); ++it)
        context.moduleOutputs.insert(it.key(), it.value());
    m_scheduler->startFrom(context, incomplete.module, incomplete.bundle);
}

void FlowRun::runAlone(const MappingContext &base, int id, const QHash<int, QJsonValue> &outputs)
{
    m_cycleVariables.clear();
    m_executionVariables.clear();
    MappingContext context = base;
    if (!context.timeZone.isValid())
        context.timeZone = m_zone;
    for (auto it = outputs.constBegin(); it != outputs.constEnd(); ++it)
        context.moduleOutputs.insert(it.key(), it.value());
    m_scheduler->startFrom(context, id, 1, true);
}

const Module *FlowRun::module(int id) const
{
    const auto it = m_at.constFind(id);
    return it == m_at.cend() ? nullptr : &m_modules.at(*it);
}

StepResult FlowRun::resultOf(const Emitted &emitted, const QJsonValue &input)
{
    StepResult result;
    result.input = input;
    result.outputs = emitted.bundles;
    result.error = emitted.error;
    return result;
}

RunContext FlowRun::runContext(const MappingContext &mapping)
{
    // The variables move in and out: a copy would be detached by each Set variables.
    RunContext context;
    context.mapping = mapping;
    context.cycleVariables = std::move(m_cycleVariables);
    context.executionVariables = std::move(m_executionVariables);
    return context;
}

void FlowRun::keepVariables(RunContext &context)
{
    m_cycleVariables = std::move(context.cycleVariables);
    m_executionVariables = std::move(context.executionVariables);
}

QJsonValue FlowRun::configJson(const Module &module)
{
    // An operation's input is its module's settings, the same for every operation of a run:
    // one shared value, not one copy per operation.
    auto it = m_configJson.find(module.id);
    if (it == m_configJson.end()) {
        it = m_configJson.insert(module.id, module.settings.toJson());
        // A mapping can only read the count by naming it.
        if (QJsonDocument(it->toObject()).toJson().contains("operationsConsumed"))
            m_readsOperationCount.insert(module.id);
    }
    return *it;
}

void FlowRun::run(int id, const MappingContext &context, std::function<void(StepResult)> done)
{
    const Module *found = module(id);
    const KindInfo *kind = found ? KindRegistry::find(found->type) : nullptr;
    if (!found || !kind) {
        StepResult result;
        result.error = ModuleError {ModuleErrorType::DataError,
            found ? tr("This module is of a kind Scenarist does not know (%1).").arg(found->type)
                  : tr("There is no module %1 in the scenario.").arg(id)};
        done(result);
        return;
    }
    if (kind->configIsHttpRequest) {
        if (!m_http) {
            StepResult result;
            result.error = ModuleError {
                ModuleErrorType::RuntimeError, tr("Requests cannot be sent in this run.")};
            done(result);
            return;
        }
        m_httpUnderWay = true;
        m_http(*found, context, [this, done](StepResult result) {
            m_httpUnderWay = false;
            done(result);
        });
        return;
    }
    if (!kind->run) {
        StepResult result;
        const QString name = found->foreign.value(QStringLiteral("module")).toString();
        result.error = ModuleError {ModuleErrorType::RuntimeError,
            tr("This module is a placeholder for \u201c%1\u201d, a module Scenarist cannot run. "
               "Replace it or delete it.")
                .arg(name.isEmpty() ? found->displayName() : name)};
        done(result);
        return;
    }
    RunContext run = runContext(context);
    const QJsonValue input = configJson(*found);
    if (m_putOperationCount && m_readsOperationCount.contains(id))
        m_putOperationCount(run.mapping, operationCount());
    const Emitted emitted
        = kind->run(*found->settings.data(), context.moduleOutputs.value(m_before.value(id)), run);
    keepVariables(run);
    const StepResult result = resultOf(emitted, input);
    if (emitted.waitMs <= 0 || emitted.error) {
        done(result);
        return;
    }
    // Sleep: waits without blocking; Stop ends the wait at once.
    delete m_wait;
    m_wait = new QTimer;
    m_wait->setSingleShot(true);
    m_wait->setTimerType(Qt::PreciseTimer); // never shorter than asked (coarse: up to 5% early)
    QObject::connect(m_wait, &QTimer::timeout, [done, result]() { done(result); });
    m_wait->start(emitted.waitMs);
}

void FlowRun::collect(int id, const MappingContext &context, CollectedBundles &into)
{
    const Module *found = module(id);
    const KindInfo *kind = found ? KindRegistry::find(found->type) : nullptr;
    if (kind && kind->collect && found->settings.data())
        kind->collect(*found->settings.data(), context, into);
}

StepResult FlowRun::aggregate(int id, const MappingContext &base, const CollectedBundles &collected)
{
    const Module *found = module(id);
    const KindInfo *kind = found ? KindRegistry::find(found->type) : nullptr;
    if (!kind || !kind->collect || !kind->aggregate || !found->settings.data()) {
        StepResult result;
        result.error = ModuleError {
            ModuleErrorType::DataError, tr("Module %1 cannot collect bundles.").arg(id)};
        return result;
    }
    RunContext run = runContext(base);
    const Emitted emitted = kind->aggregate(*found->settings.data(), collected, run);
    keepVariables(run);
    return resultOf(emitted, configJson(*found));
}

void FlowRun::cancel()
{
    if (m_wait)
        m_wait->stop();
    if (m_httpUnderWay && m_cancelHttp)
        m_cancelHttp();
    m_httpUnderWay = false;
}

BundleGraph FlowRun::graphOf(const QList<Module> &modules, const QList<Link> &links)
{
    const FlowGraph flows(modules, links);
    BundleGraph graph;
    graph.starts = flows.starts();
    for (const Module &module : modules) {
        BundleNode node;
        node.id = module.id;
        for (const Link *link : flows.routes(module.id))
            node.routes.append(BundleRoute {link->to, link->filter, link->fallback});
        if (const Link *error = flows.errorRoute(module.id))
            node.errorRoute = error->to;
        if (const KindConfigData *config = module.settings.data()) {
            node.aggregatorSource = config->aggregationSource();
            node.breakCount = config->retries().count;
            node.breakIntervalSeconds = config->retries().intervalSeconds;
        }
        if (const KindInfo *kind = KindRegistry::find(module.type))
            node.directive = kind->directive;
        graph.nodes.insert(module.id, node);
    }
    return graph;
}
