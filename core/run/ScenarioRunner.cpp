#include "core/run/ScenarioRunner.h"

#include "core/model/Scenario.h"
#include "core/run/BusyRetry.h"
#include "core/run/ClientCertificate.h"
#include "core/run/FlowRun.h"
#include "core/run/HttpExecutor.h"
#include "core/run/MappingContextBuilder.h"
#include "core/run/RequestMapper.h"
#include "core/run/SecretProvider.h"
#include "core/run/TypedFilePaths.h"
#include "core/trust/LocalFileAccess.h"
#include "core/trust/Origin.h"
#include "core/trust/SecretBindings.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QSet>
#include <QTimeZone>
#include <QTimer>
#include <QUuid>

#include <algorithm>

ScenarioRunner::ScenarioRunner(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_executor(new HttpExecutor(m_network, this))
    , m_tokenCache(new TokenCache(m_network, this))
{
    m_ownTokenCache = m_tokenCache;
    connect(m_executor, &HttpExecutor::finished, this, &ScenarioRunner::finishModule);
    m_retryWait = new QTimer(this);
    m_retryWait->setSingleShot(true);
    // Precise: a coarse timer may end a wait of seconds early, before Retry-After has passed.
    m_retryWait->setTimerType(Qt::PreciseTimer);
    connect(m_retryWait, &QTimer::timeout, this, &ScenarioRunner::sendAgain);
    // {{sandbox.url}} points at the built-in sandbox API; whoever starts it on another port
    // says so with setNamedRoot().
    setNamedRoot(QStringLiteral("sandbox"),
        QJsonObject {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8765")}});
}

ScenarioRunner::~ScenarioRunner()
{
    m_executor->cancel();
}

void ScenarioRunner::setNamedRoot(const QString &name, const QJsonValue &value)
{
    m_namedRoots.insert(name, value);
}

void ScenarioRunner::setInProcessSandbox(const QUrl &baseUrl)
{
    m_sandboxOrigin = Origin::of(baseUrl);
}

void ScenarioRunner::setSecretProvider(SecretProvider *provider)
{
    m_secretProvider = provider;
}

void ScenarioRunner::setTokenCache(TokenCache *cache)
{
    m_tokenCache = cache ? cache : m_ownTokenCache;
}

void ScenarioRunner::setMaxResponseBytes(qint64 bytes)
{
    m_executor->setMaxResponseBytes(bytes);
    // Token requests obey the same limit as modules.
    m_ownTokenCache->setMaxResponseBytes(bytes);
    if (m_tokenCache)
        m_tokenCache->setMaxResponseBytes(bytes);
}

void ScenarioRunner::setLargeBodyThreshold(qint64 bytes)
{
    m_executor->setLargeBodyThreshold(bytes);
}

void ScenarioRunner::clearResults()
{
    if (!m_running)
        m_results.clear();
}

void ScenarioRunner::runAll(const Scenario &scenario)
{
    if (isPlainChain(scenario))
        start(scenario, scenario.runOrder(), true);
    else
        startFlows(scenario);
}

bool ScenarioRunner::isPlainChain(const Scenario &scenario)
{
    for (const Module &module : scenario.modules()) {
        if (module.type != Module::httpRequestType() && module.type != Module::foreignType())
            return false;
        // Each page is an operation of its own, which only a run of flows lists.
        if (module.type == Module::httpRequestType() && module.config.pagination.enabled())
            return false;
    }
    for (const Link &link : scenario.links()) {
        if (!link.isPlain())
            return false;
    }
    return true;
}

const FlowRecord *ScenarioRunner::flowRecord() const
{
    return m_flow ? &m_flow->record() : nullptr;
}

void ScenarioRunner::retryIncomplete(const Scenario &scenario, const IncompleteRecord &incomplete)
{
    if (scenario.contains(incomplete.module))
        startFlows(scenario, incomplete);
}

void ScenarioRunner::startFlows(
    const Scenario &scenario, const std::optional<IncompleteRecord> &retry, bool alone)
{
    if (m_running)
        return;
    m_snapshot = scenario.modules();
    m_queue.clear();
    m_connections = scenario.connections();
    m_runSecrets.clear();
    if (alone && retry)
        m_results.remove(retry->module);
    else
        m_results.clear();
    m_alone = alone;
    delete m_cookies;
    m_cookies = new QNetworkCookieJar(this);
    delete m_flow;
    m_flow = new FlowRun(scenario.modules(), scenario.links(), this);
    beginRun(scenario);
    if (m_timeZone.isValid())
        m_flow->setTimeZone(m_timeZone);
    m_flow->setHttpRun(
        [this](const Module &module, const MappingContext &context,
            std::function<void(StepResult)> done) { runOperation(module, context, done); },
        [this] {
            m_retryWait->stop();
            m_executor->cancel();
            m_operationDone = nullptr;
            m_operationContext.reset();
            m_current = 0;
        });
    // Requests keep their own records (runOperation); other kinds' come from the flow's.
    QSet<ModuleId> requests;
    for (const Module &module : std::as_const(m_snapshot)) {
        if (module.type == Module::httpRequestType())
            requests.insert(module.id);
    }
    m_flow->setOperationCountReader([this](MappingContext &context, int operations) {
        addSystemVariables(context, operations);
    });
    connect(m_flow, &FlowRun::operationFinished, this, [this, requests](int id, bool) {
        if (!requests.contains(id))
            recordKindOperation(id);
    });
    connect(m_flow, &FlowRun::finished, this, &ScenarioRunner::finishFlows);
    m_running = true;
    m_failed = false;
    const quint64 run = ++m_runGeneration;
    emit runStarted();
    QTimer::singleShot(0, this, [this, run, retry] {
        if (run != m_runGeneration || !m_flow)
            return;
        // Other kinds than requests see the run's own variables as they were when it started.
        MappingContext base = MappingContextBuilder::build(nullptr, m_namedRoots, m_runSecrets);
        addSystemVariables(base, -1);
        if (retry && m_alone)
            m_flow->runAlone(base, retry->module, retry->outputs);
        else if (retry)
            m_flow->retry(base, *retry);
        else
            m_flow->start(base);
    });
}

void ScenarioRunner::beginRun(const Scenario &scenario)
{
    m_executionId = QUuid::createUuid().toString(QUuid::Id128);
    m_triggerTimestamp = QDateTime::currentSecsSinceEpoch();
    // Make numbers its scenarios; ours have no number, so the id is one derived from the
    // scenario's name: the same on every run and every computer.
    const QByteArray digest
        = QCryptographicHash::hash(scenario.name().toUtf8(), QCryptographicHash::Sha1);
    m_scenarioId = QString::number(digest.left(4).toHex().toULongLong(nullptr, 16));
    m_timeZone = QTimeZone(scenario.timeZone().toUtf8());
    m_chainOperations = 0;
}

void ScenarioRunner::addSystemVariables(MappingContext &context, int operationsConsumed) const
{
    context.namedRoots.insert(QStringLiteral("executionId"), m_executionId);
    context.namedRoots.insert(QStringLiteral("scenarioId"), m_scenarioId.toLongLong());
    context.namedRoots.insert(
        QStringLiteral("triggerTimestamp"), static_cast<double>(m_triggerTimestamp));
    if (operationsConsumed >= 0)
        context.namedRoots.insert(QStringLiteral("operationsConsumed"), operationsConsumed);
}

void ScenarioRunner::runOperation(
    const Module &module, const MappingContext &context, std::function<void(StepResult)> done)
{
    m_operationContext = context;
    m_operationDone = std::move(done);
    m_current = module.id;
    const int operations = m_results.run(module.id).operations;
    ModuleRun fresh;
    fresh.moduleId = module.id;
    fresh.status = ModuleRunStatus::Running;
    fresh.startedAt = QDateTime::currentDateTimeUtc();
    fresh.operations = operations + 1;
    m_results[module.id] = fresh;
    m_clock.start();
    emit moduleStarted(module.id);
    if (!m_running || m_current != module.id)
        return;
    if (!checkLocalFiles(module))
        return;
    lookUpSecrets(module);
}

void ScenarioRunner::recordKindOperation(ModuleId id)
{
    const ModuleFlowRecord record = m_flow->record().modules.value(id);
    if (record.operations.isEmpty())
        return;
    const OperationRecord &last = record.operations.last();
    ModuleRun &run = m_results[id];
    run.moduleId = id;
    run.operations = int(record.operations.size());
    run.durationMs = last.durationMs;
    run.warnings = last.warnings + record.warnings;
    if (last.failed) {
        run.status = ModuleRunStatus::Failed;
        run.error = last.error ? last.error->message : QString();
        run.output = QJsonObject {};
    } else {
        run.status = ModuleRunStatus::Succeeded;
        run.error.clear();
        run.output = last.outputs.isEmpty() ? QJsonObject {} : last.outputs.first().toObject();
    }
    emit moduleFinished(id, run.status);
}

void ScenarioRunner::finishFlows(FlowStatus status)
{
    if (!m_running || !m_flow)
        return;
    const FlowRecord &record = m_flow->record();
    for (const Module &module : std::as_const(m_snapshot)) {
        // Run alone, the others keep what they showed.
        if (m_alone)
            break;
        if (!record.modules.contains(module.id)
            || record.modules.value(module.id).operations.isEmpty()) {
            if (!m_results.contains(module.id)) {
                m_results.markSkipped(module.id);
                emit moduleFinished(module.id, ModuleRunStatus::Skipped);
            }
        }
    }
    m_lastStatus = status;
    if (m_alone && m_results.flowRecord()) {
        // Run alone: the other modules keep the operations of the run before, so that the
        // inspector still lists them; how it ended is this run's.
        FlowRecord merged = *m_results.flowRecord();
        for (auto it = record.modules.cbegin(); it != record.modules.cend(); ++it)
            merged.modules.insert(it.key(), it.value());
        merged.incomplete = record.incomplete;
        merged.status = record.status;
        merged.stopReason = record.stopReason;
        merged.stoppedAt = record.stoppedAt;
        m_results.setFlowRecord(merged);
    } else {
        m_results.setFlowRecord(record);
    }
    m_failed = status != FlowStatus::Success;
    m_running = false;
    emit runFinished(status == FlowStatus::Success);
}

void ScenarioRunner::runModule(const Scenario &scenario, ModuleId id)
{
    if (!scenario.contains(id))
        return;
    const Module &module = scenario.module(id);
    const QString type = module.type;
    if ((type == Module::httpRequestType() && !module.config.pagination.enabled())
        || type == Module::foreignType()) {
        start(scenario, {id}, false);
        return;
    }
    // Another kind runs through the flow engine, on what the modules before it gave last.
    IncompleteRecord alone;
    alone.module = id;
    alone.outputs = m_results.outputs();
    startFlows(scenario, alone, true);
}

void ScenarioRunner::start(const Scenario &scenario, const QList<ModuleId> &order, bool fresh)
{
    if (m_running)
        return;
    // Work on a snapshot: editing the scenario during a run must not change what runs. The
    // list is shared, not copied (the scenario copies its own on the next edit), and the
    // queue holds positions in it: 100,000 modules cost a few megabytes, not a copy of each.
    m_snapshot = scenario.modules();
    QHash<ModuleId, qsizetype> positions;
    positions.reserve(m_snapshot.size());
    for (qsizetype i = 0; i < m_snapshot.size(); ++i)
        positions.insert(m_snapshot.at(i).id, i);
    m_queue.clear();
    m_queue.reserve(order.size());
    for (ModuleId id : order) {
        const auto found = positions.constFind(id);
        if (found != positions.constEnd())
            m_queue.append(*found);
    }
    m_connections = scenario.connections();
    // Secrets are looked up once per run (a keychain may ask the user), then reused.
    m_runSecrets.clear();
    if (fresh)
        m_results.clear();
    else {
        for (qsizetype position : std::as_const(m_queue))
            m_results.remove(m_snapshot.at(position).id);
    }
    // One cookie jar per run, shared only by the modules that ask for it.
    delete m_cookies;
    m_cookies = new QNetworkCookieJar(this);
    delete m_flow;
    m_flow = nullptr;
    beginRun(scenario);
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
    const Module module = m_snapshot.at(m_queue.takeFirst());
    m_current = module.id;
    ++m_chainOperations;
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
        failCurrent(QCoreApplication::translate("ScenarioRunner",
            "This module is a placeholder for \u201c%1\u201d, a module "
            "Scenarist cannot run: only HTTP \u201cMake a request\u201d "
            "modules can. Replace it with an HTTP module or delete it.")
                        .arg(foreignName.isEmpty() ? module.displayName() : foreignName));
        return;
    }
    if (module.type != Module::httpRequestType()) {
        failCurrent(QCoreApplication::translate("ScenarioRunner",
            "This module (%1) cannot run in Scenarist: only HTTP "
            "\u201cMake a request\u201d modules can.")
                        .arg(module.type));
        return;
    }

    if (!checkLocalFiles(module))
        return;
    lookUpSecrets(module);
}

namespace {

/// The origin a request spec's URL goes to, as the executor reads it.
QString originOf(const QString &url)
{
    return Origin::of(QUrl(url.trimmed(), QUrl::TolerantMode));
}

/// The names behind what a mapping read: "*" (the whole secrets object) stands for all of
/// the secrets the run has.
QStringList expandSecretNames(const QStringList &read, const QJsonObject &secrets)
{
    QStringList names;
    for (const QString &name : read) {
        const QStringList expanded
            = name == QLatin1String("*") ? secrets.keys() : QStringList {name};
        for (const QString &one : expanded) {
            if (!names.contains(one))
                names.append(one);
        }
    }
    return names;
}

} // namespace

bool ScenarioRunner::checkLocalFiles(const Module &module)
{
    const HttpRequestSpec &spec = module.config;
    // Typed paths are checked under the rules for typed paths; computed ones (a mapping)
    // only once mapped, by the executor, under the stricter rules.
    FileAccessPolicy policy = m_fileConsent.policyFor(true);
    const FileAccessPolicy typedPolicy = m_fileConsent.policyFor(false);
    const QStringList typedPaths = TypedFilePaths::of(spec, findConnection(spec.connection));
    for (const QString &path : typedPaths) {
        QString canonical;
        const QString refused = LocalFileAccess::check(path, typedPolicy, &canonical);
        if (!refused.isEmpty()) {
            failCurrent(refused);
            return false;
        }
        policy.allowedFiles.append(canonical);
    }
    m_executor->setFileAccessPolicy(policy);
    return true;
}

QStringList ScenarioRunner::refuseSecretSends(const QList<QPair<QString, QString>> &sends,
    const QStringList &fromProvider, QList<ModuleRun::SecretRefusal> *refused)
{
    QStringList refusals;
    for (const auto &[name, origin] : sends) {
        if (origin.isEmpty() || origin == m_sandboxOrigin)
            continue; // not a web address (refused before sending), or this process itself
        // Values given to the runner directly (tests, embedding) are the caller's choice.
        if (!fromProvider.contains(name) || !m_secretProvider)
            continue;
        const SecretProvider::Reach reach = m_secretProvider->reach(name);
        if (reach.anywhere || Origin::isAllowed(origin, reach.origins))
            continue;
        if (!reach.recorded && m_bindSecretsOnFirstUse) {
            m_secretProvider->allowOrigin(name, origin);
            continue;
        }
        if (refused)
            refused->append({name, origin});
        refusals.append(SecretBindings::refusal(name, reach.origins, origin));
    }
    return refusals;
}

bool ScenarioRunner::checkSecretReach(const QList<QPair<QString, QString>> &sends)
{
    const QJsonObject given = m_namedRoots.value(QStringLiteral("secrets")).toObject();
    QStringList fromProvider;
    for (auto it = m_runSecrets.constBegin(); it != m_runSecrets.constEnd(); ++it) {
        if (given.value(it.key()).toString().isEmpty())
            fromProvider.append(it.key());
    }
    ModuleRun &run = m_results[m_current];
    const QStringList refusals = refuseSecretSends(sends, fromProvider, &run.secretRefusals);
    if (!refusals.isEmpty()) {
        failCurrent(refusals.join(QLatin1Char(' ')));
        return false;
    }
    for (const auto &[name, origin] : sends) {
        if (!origin.isEmpty())
            m_results.recordSecretSent(name, origin);
    }
    return true;
}

void ScenarioRunner::lookUpSecrets(const Module &module)
{
    m_currentModule = module;
    m_auth = ConnectionUse {};
    m_attempts.clear();
    m_attemptStartedMs = 0;
    m_retryWait->stop();
    m_paging.reset();
    m_pages.clear();
    m_pageStartedMs = 0;
    m_secretNames = RequestMapper::secretNames(module.config);
    m_executor->setClientIdentity({});
    if (module.config.effectiveAuthentication() == AuthType::Connection) {
        const auto connection = std::find_if(m_connections.cbegin(), m_connections.cend(),
            [&](const Connection &c) { return c.id == module.config.connection; });
        if (connection == m_connections.cend()) {
            failCurrent(module.config.connection.isEmpty()
                    ? QCoreApplication::translate("ScenarioRunner",
                        "This module signs in with a connection, but none "
                        "is chosen. Choose one in its Authentication "
                        "settings.")
                    : QCoreApplication::translate("ScenarioRunner",
                        "This module signs in with the connection "
                        "\u201c%1\u201d, which is not in the scenario. "
                        "Choose another in its Authentication settings.")
                          .arg(module.config.connection));
            return;
        }
        m_auth.active = true;
        m_auth.expiredStatusCodes = connection->expiredStatusCodes;
        for (const QString &name : RequestMapper::secretNames(*connection)) {
            if (!m_secretNames.contains(name))
                m_secretNames.append(name);
        }
    }
    const QJsonObject given = m_namedRoots.value(QStringLiteral("secrets")).toObject();
    QStringList needed;
    for (const QString &name : std::as_const(m_secretNames)) {
        if (given.value(name).toString().isEmpty() && !m_runSecrets.contains(name))
            needed.append(name);
    }
    m_missingSecrets.clear();
    if (needed.isEmpty()) {
        afterSecrets();
        return;
    }
    if (!m_secretProvider) {
        failCurrent(SecretProvider::missingMessageWithoutProvider(needed.first()));
        return;
    }
    m_pendingSecrets = static_cast<int>(needed.size());
    const quint64 generation = m_runGeneration;
    const ModuleId id = module.id;
    for (const QString &name : std::as_const(needed)) {
        m_secretProvider->lookup(
            name, this, [this, generation, id, name](const std::optional<QString> &value) {
                if (!m_running || generation != m_runGeneration || m_current != id)
                    return; // the run was stopped or moved on meanwhile
                if (value && !value->isEmpty())
                    m_runSecrets.insert(name, *value);
                else
                    m_missingSecrets.append(name);
                if (--m_pendingSecrets == 0)
                    afterSecrets();
            });
        if (!m_running || generation != m_runGeneration || m_current != id)
            return;
    }
}

void ScenarioRunner::afterSecrets()
{
    for (const QString &name : std::as_const(m_secretNames)) {
        if (m_missingSecrets.contains(name)) {
            failCurrent(m_secretProvider ? m_secretProvider->missingMessage(name)
                                         : SecretProvider::missingMessageWithoutProvider(name));
            return;
        }
    }
    mapAndSend();
}

void ScenarioRunner::mapAndSend()
{
    const Module &module = m_currentModule;
    ModuleRun &run = m_results[module.id];
    MappingContext context = MappingContextBuilder::build(
        m_operationContext ? nullptr : &m_results, m_namedRoots, m_runSecrets);
    if (m_operationContext) {
        // A flow's request maps from the outputs on its bundle's way; nothing of them is kept
        // once mapped, so the flow goes on without copying them.
        context.moduleOutputs = std::move(m_operationContext->moduleOutputs);
        context.largeData = m_results.largeOutputs();
        context.timeZone = m_operationContext->timeZone;
        m_operationContext.reset();
    } else if (m_timeZone.isValid()) {
        context.timeZone = m_timeZone;
    }
    addSystemVariables(context, m_flow ? m_flow->operationCount() : m_chainOperations - 1);
    const RequestMapper::Result mapped = RequestMapper::resolve(module.config, context);
    run.request = mapped.request;
    run.warnings = mapped.warnings;
    run.secretValues = mapped.secretValues;
    if (!mapped.ok()) {
        failCurrent(mapped.error);
        return;
    }
    const QJsonObject secrets = context.namedRoots.value(QStringLiteral("secrets")).toObject();
    const QString moduleOrigin = originOf(mapped.request.url);
    QList<QPair<QString, QString>> sends;
    for (const QString &name : expandSecretNames(mapped.secretsRead, secrets))
        sends.append({name, moduleOrigin});
    if (module.config.pagination.enabled() && m_operationDone) {
        m_paging.emplace(module.config.pagination, module.id);
        const QString problem = m_paging->resolve(context, mapped.request, &run.warnings);
        if (!problem.isEmpty()) {
            failCurrent(problem);
            return;
        }
    }
    m_executor->setSecretValues(run.secretValues);
    m_sentRequest = mapped.request;
    if (module.config.effectiveAuthentication() != AuthType::Connection) {
        if (checkSecretReach(sends))
            executePage(mapped.request);
        return;
    }
    const Connection *connection = findConnection(module.config.connection);
    const RequestMapper::ConnectionResult resolved
        = RequestMapper::resolveConnection(*connection, context);
    for (const QString &warning : resolved.warnings)
        run.warnings.append(
            QCoreApplication::translate("ScenarioRunner", "Connection \u201c%1\u201d, %2")
                .arg(connection->displayName(), warning));
    for (const QString &secret : resolved.secretValues) {
        if (!run.secretValues.contains(secret))
            run.secretValues.append(secret);
    }
    if (!resolved.ok()) {
        failCurrent(QCoreApplication::translate("ScenarioRunner", "Connection \u201c%1\u201d, %2")
                        .arg(connection->displayName(), resolved.error));
        return;
    }
    // The client secret goes to the token endpoint, and the token got with it (a value
    // computed from it) to the module's server: both must be places it may go. The other
    // types' secrets go to the module's server only.
    const bool tokenEndpoint = connection->usesTokenEndpoint();
    const QString tokenOrigin = originOf(resolved.credentials.tokenUrl);
    for (const QString &name : expandSecretNames(resolved.secretsRead, secrets)) {
        if (tokenEndpoint)
            sends.append({name, tokenOrigin});
        sends.append({name, moduleOrigin});
    }
    if (!checkSecretReach(sends))
        return;
    if (!resolved.certificateFile.isEmpty()) {
        QString error;
        const ClientIdentity identity
            = ClientCertificate::load(resolved.certificateFile, resolved.privateKeyFile,
                resolved.certificatePassword, m_executor->fileAccessPolicy(), &error);
        if (identity.isNull()) {
            failCurrent(
                QCoreApplication::translate("ScenarioRunner", "Connection \u201c%1\u201d: %2")
                    .arg(connection->displayName(), error));
            return;
        }
        m_executor->setClientIdentity(identity);
    }
    m_auth.credentials = resolved.credentials;
    // Checked here, not when resolving: signing in resolves the connection before it has one.
    if (connection->isAuthorizationCode() && m_auth.credentials.refreshToken.isEmpty()) {
        failCurrent(QCoreApplication::translate("ScenarioRunner",
            "The connection \u201c%1\u201d is not signed in: click Sign in "
            "under Connections.")
                        .arg(connection->displayName()));
        return;
    }
    if (!resolved.signingKeyFile.isEmpty() && m_auth.credentials.signingKey.trimmed().isEmpty()) {
        // A key file is a local file like any other: read only with the user's consent
        // (a typed path was checked with the module's files, TypedFilePaths).
        const LocalFileRead key
            = LocalFileAccess::read(resolved.signingKeyFile, m_executor->fileAccessPolicy());
        if (!key.ok()) {
            failCurrent(QCoreApplication::translate(
                "ScenarioRunner", "Connection \u201c%1\u201d, private key file: %2")
                            .arg(connection->displayName(), key.error));
            return;
        }
        m_auth.credentials.signingKey = key.data;
        m_auth.credentials.signingKeyName
            = QCoreApplication::translate("ScenarioRunner", "The private key file \u201c%1\u201d")
                  .arg(resolved.signingKeyFile);
        const QString keyText = QString::fromUtf8(key.data);
        if (!run.secretValues.contains(keyText))
            run.secretValues.append(keyText);
    }
    m_auth.credentials.timeoutSeconds = mapped.request.timeoutSeconds;
    m_auth.request = mapped.request;
    // The connection's Authorization (or API key header) replaces one typed into the module.
    QStringList replaced;
    if (tokenEndpoint)
        replaced.append(QStringLiteral("Authorization"));
    for (const NameValue &header : resolved.headers)
        replaced.append(header.name.trimmed());
    QStringList dropped;
    m_auth.request.headers.erase(
        std::remove_if(m_auth.request.headers.begin(), m_auth.request.headers.end(),
            [&](const NameValue &h) {
                const bool drop = replaced.contains(h.name.trimmed(), Qt::CaseInsensitive);
                if (drop && !dropped.contains(h.name.trimmed(), Qt::CaseInsensitive))
                    dropped.append(h.name.trimmed());
                return drop;
            }),
        m_auth.request.headers.end());
    for (const QString &header : std::as_const(dropped))
        run.warnings.append(QCoreApplication::translate("ScenarioRunner",
            "The module's own %1 header was not sent: "
            "the connection \u201c%2\u201d signs the request "
            "in.")
                                .arg(header, connection->displayName()));
    if (tokenEndpoint) {
        requestToken();
        return;
    }
    // A fixed key, token or password: no token to fetch, nothing that expires.
    m_auth.request.headers += resolved.headers;
    m_auth.request.query += resolved.query;
    m_auth.active = false;
    m_sentRequest = m_auth.request;
    m_executor->setSecretValues(run.secretValues);
    executePage(m_sentRequest);
}

const Connection *ScenarioRunner::findConnection(const QString &id) const
{
    for (const Connection &c : m_connections) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

void ScenarioRunner::requestToken()
{
    if (!m_tokenCache) {
        failCurrent(QCoreApplication::translate(
            "ScenarioRunner", "No token cache is available to sign in with a connection."));
        return;
    }
    const quint64 generation = m_runGeneration;
    const ModuleId id = m_current;
    m_tokenCache->token(
        m_auth.credentials, this, [this, generation, id](const TokenResult &result) {
            if (!m_running || generation != m_runGeneration || m_current != id)
                return;
            ModuleRun &run = m_results[id];
            run.warnings += result.busyTries;
            if (!result.ok()) {
                failCurrent(result.error);
                return;
            }
            m_auth.accessToken = result.token.accessToken;
            if (!run.secretValues.contains(result.token.accessToken))
                run.secretValues.append(result.token.accessToken);
            HttpRequestSpec request = m_auth.request;
            request.headers.append({QStringLiteral("Authorization"), result.token.authorization()});
            m_executor->setSecretValues(run.secretValues);
            executePage(request);
        });
}

void ScenarioRunner::executePage(const HttpRequestSpec &base)
{
    if (!m_paging) {
        m_executor->execute(base, m_cookies);
        return;
    }
    QString error;
    const HttpRequestSpec page = m_paging->request(base, &error);
    if (!error.isEmpty()) {
        failCurrent(error);
        return;
    }
    m_executor->execute(page, m_cookies);
}

void ScenarioRunner::nextPage(ModuleRun &run, const QList<QJsonValue> &outputs)
{
    StepResult page;
    page.input = run.inputBundle();
    page.outputs = outputs;
    page.warnings = run.warnings;
    page.statusCode = run.exchange.gotResponse ? run.exchange.statusCode : 0;
    page.earlierAttempts = m_attempts;
    page.lastAttemptMs = m_attemptStartedMs;
    page.pageStartMs = m_pageStartedMs;
    page.pageDurationMs = m_clock.elapsed() - m_pageStartedMs;
    m_pages.push_back(page);
    ++run.operations; // the canvas bubble counts each page
    run.warnings.clear();
    run.attempts.clear();
    m_attempts.clear();
    m_pageStartedMs = m_attemptStartedMs = m_clock.elapsed();
    if (m_auth.active)
        requestToken();
    else
        executePage(m_sentRequest);
}

void ScenarioRunner::finishModule(const HttpExchange &exchange)
{
    if (!m_running || m_current == 0)
        return;
    ModuleRun &run = m_results[m_current];
    if (m_auth.active && !m_auth.retried && exchange.gotResponse
        && m_auth.expiredStatusCodes.contains(exchange.statusCode)) {
        // The token was refused: drop it, get a new one and send the request once more.
        m_auth.retried = true;
        run.warnings.append(QCoreApplication::translate("ScenarioRunner",
            "The server answered %1 to the token of the "
            "connection \u201c%2\u201d, so it was treated as "
            "expired: a new token was fetched and the request "
            "sent again.")
                                .arg(exchange.statusCode)
                                .arg(m_auth.credentials.connectionName));
        if (m_tokenCache)
            m_tokenCache->discard(m_auth.credentials, m_auth.accessToken);
        requestToken();
        return;
    }
    if (retryWhenBusy(exchange))
        return;
    // A status that ends the pages is their end, not a failure; that page gives nothing.
    const bool lastPageStatus
        = m_paging && exchange.gotResponse && m_paging->stopsAtStatus(exchange.statusCode);
    run.exchange = exchange;
    run.durationMs = m_clock.elapsed();
    run.warnings += exchange.warnings;
    if (!m_attempts.isEmpty()) {
        run.attempts = m_attempts;
        run.attempts.append({m_attemptStartedMs,
            exchange.ok() ? QStringLiteral("succeeded") : exchange.errorMessage,
            exchange.gotResponse ? exchange.statusCode : 0});
    }
    if (!exchange.ok() && !lastPageStatus) {
        failCurrent(exchange.errorMessage);
        return;
    }
    run.output = exchange.outputBundle();
    // The bundle holds its own copy of a text body; share it rather than keep two (a 100 MB
    // answer would otherwise stay in memory twice for the whole run).
    if (!exchange.largeData)
        run.exchange.data = run.output.value(QStringLiteral("data"));
    QList<QJsonValue> outputs {run.output};
    if (lastPageStatus) {
        outputs.clear();
    } else if (m_paging) {
        const Paginator::Page page = m_paging->take(exchange, run.output, m_namedRoots);
        run.warnings += page.warnings;
        if (!page.error.isEmpty()) {
            failCurrent(page.error);
            return;
        }
        outputs = page.outputs;
        if (page.more) {
            nextPage(run, outputs);
            return;
        }
    }
    run.status = ModuleRunStatus::Succeeded;
    const ModuleId id = m_current;
    m_current = 0;
    emit moduleFinished(id, run.status);
    if (m_operationDone) {
        StepResult result;
        result.input = run.inputBundle();
        result.outputs = outputs;
        result.warnings = run.warnings;
        result.statusCode = exchange.statusCode;
        result.earlierAttempts = m_attempts;
        result.lastAttemptMs = m_attemptStartedMs;
        result.pages = std::exchange(m_pages, {});
        result.pageStartMs = m_pageStartedMs;
        const auto done = std::exchange(m_operationDone, nullptr);
        m_operationContext.reset();
        done(result);
        return;
    }
    runNext();
}

bool ScenarioRunner::retryWhenBusy(const HttpExchange &exchange)
{
    const HttpRequestSpec &spec = m_currentModule.config;
    if (!spec.retryWhenBusy || m_attempts.size() + 1 >= spec.retryMaxTries)
        return false;
    if (!BusyRetry::isBusy(exchange))
        return false;
    QString result = exchange.errorMessage;
    if (result.isEmpty())
        result = QCoreApplication::translate("ScenarioRunner", "The server answered %1.")
                     .arg(exchange.statusCode);
    m_attempts.append({m_attemptStartedMs, result, exchange.gotResponse ? exchange.statusCode : 0});
    // Never longer than the module's longest wait.
    m_retryWait->start(int(
        BusyRetry::waitMs(exchange, m_attempts.size(), qint64(spec.retryMaxWaitSeconds) * 1000)));
    return true;
}

void ScenarioRunner::sendAgain()
{
    if (!m_running || m_current == 0)
        return;
    m_attemptStartedMs = m_clock.elapsed();
    if (m_auth.active) {
        requestToken();
        return;
    }
    executePage(m_sentRequest);
}

void ScenarioRunner::failCurrent(const QString &error)
{
    ModuleRun &run = m_results[m_current];
    run.status = ModuleRunStatus::Failed;
    run.error = error;
    run.output = QJsonObject {};
    if (run.durationMs == 0)
        run.durationMs = m_clock.elapsed();
    const ModuleId id = m_current;
    m_current = 0;
    if (m_operationDone) {
        // A flow's request: its error route (if any) decides what happens next.
        emit moduleFinished(id, ModuleRunStatus::Failed);
        ModuleError failure {ModuleErrorType::RuntimeError, error};
        const HttpExchange &exchange = run.exchange;
        if (exchange.timedOut) {
            failure.type = ModuleErrorType::ModuleTimeoutError;
        } else if (!exchange.gotResponse) {
            failure.type = exchange.timings.anythingSent() ? ModuleErrorType::ConnectionError
                                                           : ModuleErrorType::DataError;
        } else {
            failure.statusCode = exchange.statusCode;
            if (exchange.statusCode == 429)
                failure.type = ModuleErrorType::RateLimitError;
            else if (exchange.statusCode == 401)
                failure.type = ModuleErrorType::InvalidAccessTokenError;
            failure.retryAfterSeconds = exchange.retryAfterSeconds();
        }
        StepResult result;
        result.input = run.inputBundle();
        result.error = failure;
        result.statusCode = exchange.gotResponse ? exchange.statusCode : 0;
        result.earlierAttempts = m_attempts;
        result.lastAttemptMs = m_attemptStartedMs;
        result.pages = std::exchange(m_pages, {});
        result.pageStartMs = m_pageStartedMs;
        const auto done = std::exchange(m_operationDone, nullptr);
        m_operationContext.reset();
        done(result);
        return;
    }
    m_failed = true;
    emit moduleFinished(id, ModuleRunStatus::Failed);
    skipRest();
    endRun();
}

void ScenarioRunner::skipRest()
{
    for (qsizetype position : std::as_const(m_queue)) {
        const ModuleId id = m_snapshot.at(position).id;
        m_results.markSkipped(id);
        emit moduleFinished(id, ModuleRunStatus::Skipped);
    }
    m_queue.clear();
}

void ScenarioRunner::cancel()
{
    if (!m_running)
        return;
    m_retryWait->stop();
    // A token request under way, or the wait for a busy token endpoint, stops too.
    if (m_auth.active && m_tokenCache)
        m_tokenCache->cancel(m_auth.credentials);
    if (m_flow && m_flow->isRunning()) {
        if (m_current != 0) {
            ModuleRun &run = m_results[m_current];
            run.status = ModuleRunStatus::Failed;
            run.error = QCoreApplication::translate(
                "ScenarioRunner", "You stopped the run before this module finished.");
            emit moduleFinished(m_current, ModuleRunStatus::Failed);
        }
        m_flow->stop(); // cancels the request under way, then finishes as an error
        return;
    }
    m_executor->cancel();
    if (m_current != 0) {
        failCurrent(QCoreApplication::translate(
            "ScenarioRunner", "You stopped the run before this module finished."));
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
    m_lastStatus = m_failed ? FlowStatus::Error : FlowStatus::Success;
    m_running = false;
    emit runFinished(!m_failed);
}
