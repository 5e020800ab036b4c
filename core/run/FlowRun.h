#pragma once

#include "core/flow/BundleScheduler.h"
#include "core/kinds/KindRun.h"
#include "core/model/Module.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimeZone>

#include <functional>

class QTimer;

/// One run of a scenario's flows (docs/flow-control.md): the BundleScheduler moves bundles,
/// and each module's kind does its work through KindRegistry; an http.request goes to the
/// request runner given with setHttpRun(). Knows no kind by name.
class FlowRun : public QObject, private FlowSteps
{
    Q_OBJECT
public:
    /// Runs one request: the module, the outputs it maps from; calls `done` once.
    using HttpRun = std::function<void(
        const Module &module, const MappingContext &context, std::function<void(StepResult)> done)>;

    FlowRun(const QList<Module> &modules, const QList<Link> &links, QObject *parent = nullptr);
    ~FlowRun() override;

    /// How requests run; `cancel` stops the one under way. Without it, a request fails.
    void setHttpRun(HttpRun run, std::function<void()> cancel = {});
    /// Where dates without a zone are read (filters, kinds).
    void setTimeZone(const QTimeZone &zone);
    /// The longest Break waits between tries (default 300 s).
    void setMaxRetryWaitSeconds(int seconds) { m_scheduler->setMaxRetryWaitSeconds(seconds); }

    /// Starts from the flows' first modules; mappings see `base` (named roots…) too.
    void start(const MappingContext &base);
    /// Runs an incomplete bundle again from the module that gave up on it, with the outputs
    /// it had (docs/flow-control.md); mappings see `base` too.
    void retry(const MappingContext &base, const IncompleteRecord &incomplete);
    /// Runs module `id` alone on one bundle, its mappings seeing `outputs` (the latest of the
    /// modules before it): what it gives out is recorded, not passed on.
    void runAlone(const MappingContext &base, int id, const QHash<int, QJsonValue> &outputs);
    /// Stops at once; the run ends as an error.
    void stop() { m_scheduler->cancel(); }
    bool isRunning() const { return m_scheduler->isRunning(); }
    const FlowRecord &record() const { return m_scheduler->record(); }
    /// Operations finished so far in this run ({{operationsConsumed}}).
    int operationCount() const { return m_scheduler->operationCount(); }
    /// Called with an operation's mapping context and the operations finished before it, for
    /// a module whose settings read {{operationsConsumed}}: the runner puts it in.
    void setOperationCountReader(std::function<void(MappingContext &, int)> put)
    {
        m_putOperationCount = std::move(put);
    }

    /// The scheduler's view of a scenario: routes, filters, error routes, aggregators'
    /// sources, directives and retries, each asked of the module's kind.
    static BundleGraph graphOf(const QList<Module> &modules, const QList<Link> &links);
    /// What a kind's operation gave, in the scheduler's terms.
    static StepResult resultOf(const Emitted &emitted, const QJsonValue &input);

signals:
    void operationStarted(int id);
    void operationFinished(int id, bool failed);
    void finished(FlowStatus status);

private:
    void run(int id, const MappingContext &context, std::function<void(StepResult)> done) override;
    StepResult aggregate(
        int id, const MappingContext &base, const CollectedBundles &collected) override;
    void collect(int id, const MappingContext &context, CollectedBundles &into) override;
    void cancel() override;
    void cycleStarted() override { m_cycleVariables.clear(); }
    const Module *module(int id) const;
    RunContext runContext(const MappingContext &mapping);
    void keepVariables(RunContext &context);
    QJsonValue configJson(const Module &module);

    QList<Module> m_modules;
    QHash<int, qsizetype> m_at;
    QHash<int, int> m_before; ///< module -> the module whose link brings it its bundles
    HttpRun m_http;
    std::function<void()> m_cancelHttp;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    QHash<QString, QJsonValue> m_cycleVariables;
    QHash<QString, QJsonValue> m_executionVariables;
    std::function<void(MappingContext &, int)> m_putOperationCount;
    QSet<int> m_readsOperationCount; ///< modules whose settings name operationsConsumed
    QHash<int, QJsonValue> m_configJson; ///< each module's settings as an operation's input
    QTimer *m_wait = nullptr;
    bool m_httpUnderWay = false;
    BundleScheduler *m_scheduler = nullptr;
};
