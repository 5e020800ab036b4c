#pragma once

#include "core/kinds/KindRegistry.h"
#include "core/kinds/KindRun.h"
#include "core/model/FlowGraph.h"
#include "core/model/Module.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

/// Takes bundles through a scenario's flows depth first, as Make does (docs/scenario-file.md):
/// bundle 1 goes through the whole rest of its route, and a router's routes one after another,
/// before bundle 2 starts. It asks each module's kind (KindRegistry) to run and knows no kind
/// by name; kinds without a run function of their own (http.request) go to `externalRun`.
///
/// It works in steps so that a driver can wait where a kind asks to (Sleep) without blocking:
/// call step() until it returns Finished. Not thread-safe; keeps references to the modules
/// and links, which must outlive it.
class BundleScheduler
{
public:
    /// Runs a kind that has no run function (http.request): one bundle in, 0..N out.
    using ExternalRun = std::function<Emitted(const Module &, const Bundle &, RunContext &)>;

    BundleScheduler(const QList<Module> &modules, const QList<Link> &links);

    void setExternalRun(ExternalRun run) { m_externalRun = std::move(run); }
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }

    /// One operation of a module: the bundle it got, what it output or why it failed.
    struct Operation
    {
        Bundle input;
        QList<Bundle> outputs;
        std::optional<ModuleError> error;
        /// The directive that handled the failure: "ignore", "resume", "break", "commit",
        /// "rollback"; empty when none did (or it did not fail).
        QString handledBy;
    };
    /// A bundle a link's filter stopped before it reached the module.
    struct Dropped
    {
        /// Its 1-based position among the bundles its source emitted in that operation; a
        /// module that outputs one bundle per operation (a request, a router) keeps the
        /// number of the bundle it received, so that items stay numbered down a route.
        int bundle = 0;
        QString reason; ///< plain words: the condition and both values
    };
    struct ModuleTrace
    {
        QList<Operation> operations;
        QList<Dropped> dropped;
        QStringList warnings;
    };
    struct Incomplete
    {
        ModuleId module = 0;
        int bundle = 0;
        QString error;
    };
    enum class Status { Success, Warning, Error };

    enum class Step {
        Continue, ///< call step() again
        Wait, ///< wait waitMs() (Stop may cancel), then call step() again
        Finished, ///< the run is over: see status()
    };
    Step step();
    /// Runs every step, without waiting where a kind asks to (for tests and dry runs).
    void runToEnd();
    /// How long the last Wait step asked for.
    int waitMs() const { return m_waitMs; }

    Status status() const { return m_status; }
    /// Per module, what happened; modules that never ran are absent.
    const QHash<ModuleId, ModuleTrace> &traces() const { return m_traces; }
    /// Modules in the order they first ran.
    const QList<ModuleId> &ranOrder() const { return m_ranOrder; }
    const QList<Incomplete> &incomplete() const { return m_incomplete; }
    /// Why the run stopped early (an unhandled failure, Commit, Rollback); empty otherwise.
    QString stopReason() const { return m_stopReason; }

private:
    /// Where a failure's error route leads back to: the module that failed, with its bundle.
    struct ErrorScope
    {
        ModuleId failed = 0;
        Bundle input;
        MappingContext context; ///< the outputs before the failed module
        int bundle = 0; ///< the failed bundle's position among its source's
        qsizetype operation = 0; ///< index of the failed operation in its trace
        /// The scope the failed module itself ran in (an error route inside an error route).
        std::shared_ptr<const ErrorScope> outer;
    };
    struct Task
    {
        enum Kind { Run, Routes, Aggregate } kind = Run;
        ModuleId module = 0;
        Bundle bundle; ///< Run: the input; Routes: the output going on
        MappingContext context; ///< the outputs of the modules before
        int position = 0; ///< Run/Routes: 1-based position of the bundle among its source's
        qsizetype route = 0; ///< Routes: the next route to try
        bool anyPassed = false; ///< Routes: whether an earlier route let the bundle through
        std::shared_ptr<const ErrorScope> scope; ///< set inside an error route
    };

    void start(ModuleId module);
    void runModule(Task task);
    void continueRoutes(Task task);
    void finishAggregation(const Task &task);
    /// Passes `bundle`, output by `from`, along `link` (its filter first).
    void deliver(const Link &link, const Task &from);
    void handleFailure(const Task &task, const ModuleError &error, qsizetype operation);
    void handleDirective(const Module &module, const Task &task, ErrorDirective directive);
    void stop(Status status, const QString &reason);
    ModuleTrace &trace(ModuleId id);

    const QList<Module> &m_modules;
    const QList<Link> &m_links;
    FlowGraph m_graph;
    QHash<ModuleId, qsizetype> m_moduleAt;
    /// source -> the aggregators that collect its operations' bundles
    QHash<ModuleId, QList<ModuleId>> m_aggregatorsOf;
    /// aggregator -> what reached it in the current operation of its source (a stack: the
    /// same source may run again inside its own operation only through another flow)
    QHash<ModuleId, std::vector<CollectedBundles>> m_collecting;
    ExternalRun m_externalRun;
    QTimeZone m_zone = QTimeZone::systemTimeZone();

    std::vector<Task> m_tasks;
    QList<ModuleId> m_starts;
    qsizetype m_nextStart = 0;
    QHash<QString, QJsonValue> m_cycleVariables;
    QHash<QString, QJsonValue> m_executionVariables;
    QHash<ModuleId, ModuleTrace> m_traces;
    QList<ModuleId> m_ranOrder;
    QList<Incomplete> m_incomplete;
    Status m_status = Status::Success;
    QString m_stopReason;
    bool m_stopped = false;
    int m_waitMs = 0;
};
