#pragma once

#include "core/flow/BundleScheduler.h"
#include "core/model/Connection.h"
#include "core/model/Module.h"
#include "core/run/RunResult.h"
#include "core/run/SecretProvider.h"
#include "core/run/TokenCache.h"
#include "core/trust/FileConsent.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QTimeZone>
#include <QUrl>

#include <functional>
#include <optional>

class FlowRun;
class HttpExecutor;
class QNetworkAccessManager;
class QNetworkCookieJar;
class QTimer;
class Scenario;

/// Runs a scenario's modules, one operation at a time, asynchronously. A straight chain of
/// requests runs in link order; the first failing module stops the run and later modules are
/// marked skipped. A scenario with flow modules (iterators, routers, aggregators…), filters
/// or error routes runs its bundles through FlowRun (docs/flow-control.md), this runner
/// sending each request. Results live in results(), beside the scenario, and are never saved.
class ScenarioRunner : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioRunner(QObject *parent = nullptr);
    ~ScenarioRunner() override;

    /// Runs every module, from a fresh result. Does nothing if a run is under way.
    void runAll(const Scenario &scenario);
    /// Runs one module, mapping from the latest outputs of the modules before it.
    void runModule(const Scenario &scenario, ModuleId id);
    /// Runs a bundle the last run could not finish again, from the module that gave up on it
    /// with what it had then, and the rest of its route (docs/flow-control.md). The result
    /// replaces the last run's.
    void retryIncomplete(const Scenario &scenario, const IncompleteRecord &incomplete);
    /// Stops the run at once: the running module fails with "stopped", the rest are skipped.
    void cancel();
    bool isRunning() const { return m_running; }

    const RunResult &results() const { return m_results; }
    /// How the last run ended: success, warning (bundles left incomplete) or error.
    FlowStatus lastStatus() const { return m_lastStatus; }
    /// Operations, dropped and incomplete bundles of the last run of flows; null after a
    /// straight chain of requests.
    const FlowRecord *flowRecord() const;
    /// Forgets every result (e.g. when another scenario is opened).
    void clearResults();

    /// Named mapping roots such as "secrets" ({{secrets.NAME}}).
    void setNamedRoot(const QString &name, const QJsonValue &value);
    QJsonValue namedRoot(const QString &name) const { return m_namedRoots.value(name); }
    QHash<QString, QJsonValue> namedRoots() const { return m_namedRoots; }
    /// Where {{secrets.NAME}} values come from. Values given with setNamedRoot("secrets")
    /// come first; a secret that neither has fails the module that needs it, naming it.
    void setSecretProvider(SecretProvider *provider);
    SecretProvider *secretProvider() const { return m_secretProvider; }
    /// The token cache of connections. The runner has one of its own, shared by all its
    /// runs; give another to share tokens with other runners (not owned).
    void setTokenCache(TokenCache *cache);
    TokenCache *tokenCache() const { return m_tokenCache; }
    /// What the run may read from this computer (multipart files, CA certificates); see
    /// FileConsent. The default: the app's rules for a scenario of the user's own.
    void setFileConsent(const FileConsent &consent) { m_fileConsent = consent; }
    const FileConsent &fileConsent() const { return m_fileConsent; }
    /// Whether a keychain secret with no record of places yet may be bound to where this
    /// run first sends it (true for the user's own scenario, false for one from elsewhere).
    void setBindSecretsOnFirstUse(bool bind) { m_bindSecretsOnFirstUse = bind; }
    /// The origin of the sandbox API this process serves itself: a secret sent there never
    /// leaves the process, so it may always go there.
    void setInProcessSandbox(const QUrl &baseUrl);
    /// The rule of docs/sharing-scenarios-safely.md for sending each secret of `sends`
    /// (name, origin) whose value came from the secret provider (`fromProvider`): a secret
    /// with no record yet is bound where it goes when setBindSecretsOnFirstUse() allows.
    /// Returns the refusals in plain words (empty: all may go), and lists them in *refused.
    QStringList refuseSecretSends(const QList<QPair<QString, QString>> &sends,
        const QStringList &fromProvider, QList<ModuleRun::SecretRefusal> *refused = nullptr);
    void setMaxResponseBytes(qint64 bytes);
    /// Responses from this size on are kept as bytes and read in parts (LargeBody).
    void setLargeBodyThreshold(qint64 bytes);
    QNetworkAccessManager *network() const { return m_network; }

signals:
    void runStarted();
    void moduleStarted(ModuleId id);
    void moduleFinished(ModuleId id, ModuleRunStatus status);
    /// The run ended: `ok` when its status is success (see lastStatus()): every module that
    /// ran succeeded, or its failures were dealt with by Ignore, Resume or Commit.
    void runFinished(bool ok);

private:
    void start(const Scenario &scenario, const QList<ModuleId> &order, bool fresh);
    /// True for what ran before flows existed: requests (and placeholders) on plain links.
    static bool isPlainChain(const Scenario &scenario);
    /// Runs the flows from their starts, or only `retry` when given; with `alone`, only
    /// retry.module runs, and the other modules keep their latest results.
    void startFlows(const Scenario &scenario, const std::optional<IncompleteRecord> &retry = {},
        bool alone = false);
    /// One request of a flow: `context` holds the outputs of the modules before it on the
    /// bundle's way; `done` gets the outcome instead of the next module starting.
    void runOperation(
        const Module &module, const MappingContext &context, std::function<void(StepResult)> done);
    void finishFlows(FlowStatus status);
    /// What every run of a scenario starts with: a new execution id, the start time, the
    /// scenario's id and time zone (docs/mapping-functions.md, "System variables").
    void beginRun(const Scenario &scenario);
    /// Adds {{executionId}}, {{scenarioId}}, {{triggerTimestamp}} and, when known (>= 0),
    /// {{operationsConsumed}} to `context`'s named roots.
    void addSystemVariables(MappingContext &context, int operationsConsumed) const;
    /// The record of a module of another kind, from its last operation in the flow record.
    void recordKindOperation(ModuleId id);
    void runNext();
    void lookUpSecrets(const Module &module);
    void afterSecrets();
    void mapAndSend();
    void requestToken();
    /// Fails the current module, sending nothing, when a typed file path may not be read.
    bool checkLocalFiles(const Module &module);
    /// Fails the current module, sending nothing, when a secret would go where it may not.
    /// `sends` pairs each secret name read with the origin it would go to.
    bool checkSecretReach(const QList<QPair<QString, QString>> &sends);
    void finishModule(const HttpExchange &exchange);
    /// When the current module retries when the server is busy and this answer says it is
    /// (docs/scenario-file.md), records the try, waits and sends the request again: true.
    bool retryWhenBusy(const HttpExchange &exchange);
    /// The run's connection with this id, or null.
    const Connection *findConnection(const QString &id) const;
    /// Sends the current module's request (again), with a fresh token for a connection.
    void sendAgain();
    void failCurrent(const QString &error);
    void skipRest();
    void endRun();

    QNetworkAccessManager *m_network = nullptr;
    HttpExecutor *m_executor = nullptr;
    QNetworkCookieJar *m_cookies = nullptr;
    RunResult m_results;
    QHash<QString, QJsonValue> m_namedRoots;
    QPointer<SecretProvider> m_secretProvider;
    QPointer<TokenCache> m_tokenCache;
    TokenCache *m_ownTokenCache = nullptr;

    QList<Connection> m_connections; ///< snapshot taken when the run starts
    QHash<QString, QString> m_runSecrets; ///< secret values looked up during this run
    FileConsent m_fileConsent;
    bool m_bindSecretsOnFirstUse = true;
    QString m_sandboxOrigin;
    Module m_currentModule;
    QStringList m_secretNames; ///< secrets the current module needs
    QStringList m_missingSecrets;
    int m_pendingSecrets = 0;
    /// The current module's connection: its credentials, the token sent, and whether the
    /// request was already retried after an "expired" answer.
    struct ConnectionUse
    {
        bool active = false;
        ClientCredentials credentials;
        QList<int> expiredStatusCodes;
        QString accessToken;
        bool retried = false;
        HttpRequestSpec request; ///< the mapped request, without the Authorization header
    };
    ConnectionUse m_auth;
    HttpRequestSpec m_sentRequest; ///< the current module's mapped request, to send again
    QList<AttemptRecord> m_attempts; ///< the current module's tries before the one under way
    qint64 m_attemptStartedMs = 0; ///< when the try under way started, on m_clock
    QTimer *m_retryWait = nullptr; ///< the wait before the next try; Stop ends it

    FlowRun *m_flow = nullptr;
    bool m_alone = false; ///< the flow run is "Run this module only"
    std::optional<MappingContext> m_operationContext; ///< set while a flow's request runs
    std::function<void(StepResult)> m_operationDone;
    FlowStatus m_lastStatus = FlowStatus::Success;

    QString m_executionId; ///< 32 hex digits, new for each run
    QString m_scenarioId;
    qint64 m_triggerTimestamp = 0; ///< when the run started, in Unix seconds
    QTimeZone m_timeZone; ///< the scenario's; invalid: the computer's
    int m_chainOperations = 0; ///< modules started so far in a straight chain's run

    QList<Module> m_snapshot; ///< the scenario's modules when the run started (shared)
    QList<qsizetype> m_queue; ///< positions in m_snapshot of the modules still to run
    ModuleId m_current = 0;
    QElapsedTimer m_clock;
    bool m_running = false;
    bool m_failed = false;
    quint64 m_runGeneration = 0; ///< tells a stale start of an earlier run from this one
};
