#include "run/ScenarioRunner.h"

#include "model/Scenario.h"
#include "run/HttpExecutor.h"
#include "run/RequestMapper.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QTimer>

ScenarioRunner::ScenarioRunner(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_executor(new HttpExecutor(m_network, this))
{
    connect(m_executor, &HttpExecutor::finished, this, &ScenarioRunner::finishModule);
    // {{sandbox.url}} points at the built-in sandbox API; whoever starts it on another port
    // says so with setNamedRoot().
    setNamedRoot(QStringLiteral("sandbox"),
                 QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8765")}});
}

ScenarioRunner::~ScenarioRunner()
{
    m_executor->cancel();
}

void ScenarioRunner::setNamedRoot(const QString &name, const QJsonValue &value)
{
    m_namedRoots.insert(name, value);
}

void ScenarioRunner::setMaxResponseBytes(qint64 bytes)
{
    m_executor->setMaxResponseBytes(bytes);
}

void ScenarioRunner::clearResults()
{
    if (!m_running)
        m_results.clear();
}

void ScenarioRunner::runAll(const Scenario &scenario)
{
    start(scenario, scenario.runOrder(), true);
}

void ScenarioRunner::runModule(const Scenario &scenario, ModuleId id)
{
    if (scenario.contains(id))
        start(scenario, {id}, false);
}

void ScenarioRunner::start(const Scenario &scenario, const QList<ModuleId> &order, bool fresh)
{
    if (m_running)
        return;
    // Work on a snapshot: editing the scenario during a run must not change what runs.
    m_queue.clear();
    for (ModuleId id : order)
        m_queue.append(scenario.module(id));
    if (fresh)
        m_results.clear();
    for (const Module &m : std::as_const(m_queue)) {
        ModuleRun &run = m_results[m.id];
        run = ModuleRun{};
        run.moduleId = m.id;
    }
    // One cookie jar per run, shared only by the modules that ask for it.
    delete m_cookies;
    m_cookies = new QNetworkCookieJar(this);
    m_running = true;
    m_failed = false;
    const quint64 run = ++m_runGeneration;
    emit runStarted();
    // Start on the next turn of the event loop, so that callers can connect first and the
    // window repaints before any work. A run cancelled and restarted before then must not
    // get a second start from the first one's timer.
    QTimer::singleShot(0, this, [this, run] {
        if (run == m_runGeneration)
            runNext();
    });
}

void ScenarioRunner::runNext()
{
    if (!m_running)
        return;
    if (m_queue.isEmpty()) {
        endRun();
        return;
    }
    const Module module = m_queue.takeFirst();
    m_current = module.id;
    ModuleRun &run = m_results[module.id];
    run.status = ModuleRunStatus::Running;
    run.startedAt = QDateTime::currentDateTimeUtc();
    run.operations = 1;
    m_clock.start();
    emit moduleStarted(module.id);
    if (!m_running || m_current != module.id)
        return; // a receiver cancelled the run: send nothing

    if (module.type == Module::foreignType()) {
        // An imported module of another app: say which one, so people know what to replace.
        const QString foreignName = module.foreign.value(QStringLiteral("module")).toString();
        failCurrent(QStringLiteral("This module is a placeholder for \u201c%1\u201d, a module "
                                   "Scenarist cannot run: only HTTP \u201cMake a request\u201d "
                                   "modules can. Replace it with an HTTP module or delete it.")
                        .arg(foreignName.isEmpty() ? module.displayName() : foreignName));
        return;
    }
    if (module.type != Module::httpRequestType()) {
        failCurrent(QStringLiteral("This module (%1) cannot run in Scenarist: only HTTP "
                                   "\u201cMake a request\u201d modules can.")
                        .arg(module.type));
        return;
    }

    MappingContext context;
    context.moduleOutputs = m_results.outputs();
    context.namedRoots = m_namedRoots;
    const RequestMapper::Result mapped = RequestMapper::resolve(module.config, context);
    run.request = mapped.request;
    run.warnings = mapped.warnings;
    run.secretValues = mapped.secretValues;
    if (!mapped.ok()) {
        failCurrent(mapped.error);
        return;
    }
    m_executor->execute(mapped.request, m_cookies);
}

void ScenarioRunner::finishModule(const HttpExchange &exchange)
{
    if (!m_running || m_current == 0)
        return;
    ModuleRun &run = m_results[m_current];
    run.exchange = exchange;
    run.durationMs = m_clock.elapsed();
    run.warnings += exchange.warnings;
    if (!exchange.ok()) {
        failCurrent(exchange.errorMessage);
        return;
    }
    run.output = exchange.outputBundle();
    run.status = ModuleRunStatus::Succeeded;
    const ModuleId id = m_current;
    m_current = 0;
    emit moduleFinished(id, run.status);
    runNext();
}

void ScenarioRunner::failCurrent(const QString &error)
{
    ModuleRun &run = m_results[m_current];
    run.status = ModuleRunStatus::Failed;
    run.error = error;
    run.output = QJsonObject{};
    if (run.durationMs == 0)
        run.durationMs = m_clock.elapsed();
    const ModuleId id = m_current;
    m_current = 0;
    m_failed = true;
    emit moduleFinished(id, ModuleRunStatus::Failed);
    skipRest();
    endRun();
}

void ScenarioRunner::skipRest()
{
    for (const Module &m : std::as_const(m_queue)) {
        m_results[m.id].status = ModuleRunStatus::Skipped;
        emit moduleFinished(m.id, ModuleRunStatus::Skipped);
    }
    m_queue.clear();
}

void ScenarioRunner::cancel()
{
    if (!m_running)
        return;
    m_executor->cancel();
    if (m_current != 0) {
        failCurrent(QStringLiteral("You stopped the run before this module finished."));
        return;
    }
    skipRest();
    m_failed = true;
    endRun();
}

void ScenarioRunner::endRun()
{
    if (!m_running)
        return;
    m_running = false;
    emit runFinished(!m_failed);
}
