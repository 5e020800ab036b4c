#pragma once

#include "core/flow/BundleScheduler.h"
#include "core/model/HttpRequestSpec.h"
#include "core/model/Module.h"
#include "core/run/HttpExchange.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QStringList>

enum class ModuleRunStatus { Idle, Running, Succeeded, Failed, Skipped };

/// Plain words for a status, as shown to people ("succeeded", "not run", ...).
QString statusText(ModuleRunStatus status);
/// The status keys of `scenarist-run --output json`: succeeded, failed, skipped (and idle,
/// running for completeness).
QString statusKey(ModuleRunStatus status);

/// One operation of one module: what it was asked to do after mapping, what it sent and
/// received. Lives beside the scenario, never inside it, and is never saved.
struct ModuleRun
{
    ModuleId moduleId = 0;
    ModuleRunStatus status = ModuleRunStatus::Idle;
    HttpRequestSpec request; ///< the configuration after mapping
    HttpExchange exchange; ///< the request as sent and the response
    QJsonObject output; ///< the mappable output bundle; empty unless succeeded
    QString error; ///< plain words; set when failed
    QStringList warnings; ///< e.g. a mapped path that was missing
    QStringList secretValues; ///< values to mask wherever the request is shown
    /// A secret this module was not allowed to send where it sends it (nothing was sent).
    struct SecretRefusal
    {
        QString secret; ///< the name, as in {{secrets.NAME}}
        QString origin; ///< where the module would have sent it
    };
    QList<SecretRefusal> secretRefusals;
    QDateTime startedAt;
    qint64 durationMs = 0;
    int operations = 0; ///< how many times the module ran in this run (the canvas bubble)
    /// Each try of a request that retried when the server was busy, `atMs` counted from when
    /// the module started; empty when it was sent once.
    QList<AttemptRecord> attempts;

    /// The input bundle: {method, url, headers:[{name,value}], body} as sent, with secret
    /// values replaced by ******** unless `revealSecrets`.
    QJsonObject inputBundle(bool revealSecrets = false) const;
    /// Replaces every secret value in `text` with ********.
    QString masked(const QString &text) const;
};

/// The results of the latest run, keyed by module id.
class RunResult
{
public:
    void clear()
    {
        m_runs.clear();
        m_skipped.clear();
        m_secretsSentTo.clear();
        m_flowRecord.reset();
    }
    bool contains(ModuleId id) const { return m_runs.contains(id) || m_skipped.contains(id); }
    /// The module's record; one that never ran in this run has status Idle (or Skipped).
    ModuleRun run(ModuleId id) const;
    ModuleRun &operator[](ModuleId id);
    /// Forgets the module's record (a new run of it starts).
    void remove(ModuleId id)
    {
        m_runs.remove(id);
        m_skipped.remove(id);
    }
    /// Marks a module as not run, without a whole record: a run that stops early may leave
    /// 100,000 modules skipped.
    void markSkipped(ModuleId id);
    ModuleRunStatus status(ModuleId id) const;
    QList<ModuleId> moduleIds() const;
    /// Output bundles of the modules that succeeded: what later mappings see.
    QHash<int, QJsonValue> outputs() const;
    /// The large bodies among them (their bundles' data is null): MappingContext::largeData.
    QHash<int, LargeBodyPtr> largeOutputs() const;
    /// Where each secret went in this run: name -> origins, in the order first sent.
    const QMap<QString, QStringList> &secretsSentTo() const { return m_secretsSentTo; }
    void recordSecretSent(const QString &name, const QString &origin);
    /// What a run of flows did (docs/flow-control.md): each module's operations and dropped
    /// bundles, the bundles Break gave up on, how it ended. Null after a straight chain of
    /// requests.
    void setFlowRecord(const FlowRecord &record) { m_flowRecord = record; }
    const FlowRecord *flowRecord() const { return m_flowRecord ? &*m_flowRecord : nullptr; }

private:
    QHash<ModuleId, ModuleRun> m_runs;
    QSet<ModuleId> m_skipped; ///< skipped modules that have no record of their own
    QMap<QString, QStringList> m_secretsSentTo;
    std::optional<FlowRecord> m_flowRecord;
};
