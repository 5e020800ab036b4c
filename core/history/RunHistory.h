#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

/// What started a run.
enum class RunTrigger { App, Headless, Schedule };
/// How a run ended, as the JSON report says it: success, warning (bundles left incomplete)
/// or error.
enum class HistoryStatus { Success, Warning, Error };

QString triggerKey(RunTrigger trigger); ///< "app", "headless", "schedule"
QString outcomeKey(HistoryStatus outcome); ///< "success", "warning", "error"

/// One operation of a run as the history keeps it: texts already masked and cut
/// (RunRecorder). A bundle a filter stopped is a row of its own, status "filtered", its
/// reason in `error`.
struct HistoryOperation
{
    int moduleId = 0;
    QString moduleType;
    QString moduleName;
    int bundle = 1; ///< which bundle of its module's input (1 for a straight chain)
    QString status; ///< "succeeded", "failed" or "filtered"
    QString input; ///< JSON text
    QString output; ///< JSON text
    QString error;
    qint64 durationMs = 0;
    int attempts = 1;
};

/// A bundle Break gave up on (Make's incomplete execution), kept until it is retried or
/// marked resolved (docs/run-history.md). Texts are masked as the operations' are.
struct HistoryIncomplete
{
    enum class State { Open, Retried, Resolved };

    qint64 id = 0; ///< given by the database
    qint64 runId = 0; ///< the run that left it (which retention may have forgotten since)
    QString scenarioPath;
    int moduleId = 0; ///< the module that failed on it, where a retry starts
    int bundle = 1;
    QString error;
    /// JSON text: the outputs of the modules before it, as its mappings saw them
    /// ({"<module id>": output}), masked.
    QString context;
    QJsonObject inputs; ///< the scenario inputs of its run
    QDateTime createdAt;
    State state = State::Open;
    QDateTime resolvedAt; ///< when it was retried or resolved; invalid while open
};

/// One run in the history.
struct HistoryRun
{
    qint64 id = 0; ///< given by the database
    QString scenarioPath; ///< absolute; the key of retention and "Delete history"
    QString scenarioName;
    QString contentHash; ///< RunHistory::contentHash() of the scenario as it ran
    QDateTime startedAt;
    QDateTime endedAt;
    RunTrigger trigger = RunTrigger::Headless;
    HistoryStatus status = HistoryStatus::Success;
    int operationCount = 0; ///< operations that ran (not the filtered rows)
    /// The scenario inputs the run had ({{var.input.NAME}}, docs/scenario-inputs.md).
    QJsonObject inputs;
    QList<HistoryOperation> operations; ///< filled by record(); operations() reads them back
    /// Bundles it left incomplete: record() writes them; incomplete() reads them back.
    QList<HistoryIncomplete> incomplete;
};

/// The run history (docs/run-history.md): an SQLite file by default, or a PostgreSQL
/// database shared by a team (a postgresql://user@host:port/db location). Each thread gets a
/// connection of its own; SQLite runs in WAL mode with a busy timeout, so that the app and
/// scenarist-run may write at once.
class RunHistory
{
public:
    static constexpr int DefaultKeepRuns = 100;

    /// The file shared by the app and scenarist-run: run-history.sqlite in the app's data
    /// folder (QStandardPaths::AppDataLocation of Scenarist, ~/.local/share/Scenarist/Scenarist).
    static QString defaultLocation();
    /// SCENARIST_HISTORY_DB when set, else defaultLocation().
    static QString locationFromEnvironment();
    /// A SHA-256 of a scenario's bytes, in hex.
    static QString contentHash(const QByteArray &content);
    /// The key of a scenario file in the history, the same for the app and scenarist-run:
    /// its canonical absolute path (the absolute path while the file does not exist).
    static QString scenarioKey(const QString &file);

    /// A history at `location`: a file path, or a postgresql:// URL.
    explicit RunHistory(const QString &location);
    ~RunHistory();
    RunHistory(const RunHistory &) = delete;
    RunHistory &operator=(const RunHistory &) = delete;

    /// Opens the database (creating or updating its tables). False with plain words in
    /// `error` when it cannot be used.
    bool open(QString *error);
    bool isPostgres() const { return m_postgres; }
    /// The file or URL it was made with.
    QString location() const { return m_location; }
    /// The location for messages: the file, or the URL without its password.
    QString displayLocation() const;

    /// How many runs of each scenario are kept (DefaultKeepRuns); older ones go when a run is
    /// recorded.
    void setKeepRuns(int runs) { m_keepRuns = runs; }
    int keepRuns() const { return m_keepRuns; }

    /// Writes `run` and its operations in one transaction, then forgets the scenario's runs
    /// beyond keepRuns(). The new run's id, or -1 with `error` set.
    qint64 record(const HistoryRun &run, QString *error);
    /// The runs of `scenarioPath` (all scenarios when empty), newest first, without their
    /// operations.
    QList<HistoryRun> runs(const QString &scenarioPath, QString *error);
    /// What the History panel lists (docs/run-history.md): the runs of `scenarioPath` that
    /// ended as `status` (every run when empty; else outcomeKey()), newest first, at most
    /// `limit` (0: all). Only id, content hash, times, trigger, status, operation count and
    /// inputs are read: no scenario name or path, no operations. With `sameFileName`, runs
    /// of a file of the same name anywhere count too (a team's history, where each machine
    /// keeps the scenario in a folder of its own).
    QList<HistoryRun> runList(const QString &scenarioPath, const QString &status, int limit,
        QString *error, bool sameFileName = false);
    /// The operations of run `runId`, in the order they ran.
    QList<HistoryOperation> operations(qint64 runId, QString *error);
    /// The incomplete executions of `scenarioPath` (all scenarios when empty), newest first;
    /// only the open ones with `openOnly`.
    QList<HistoryIncomplete> incomplete(const QString &scenarioPath, bool openOnly, QString *error);
    /// Marks incomplete execution `id` retried or resolved (or open again); false with
    /// `error` set when it is not there.
    bool setIncompleteState(qint64 id, HistoryIncomplete::State state, QString *error);
    /// Replaces the error of incomplete execution `id` (a retry failed again: `text` is the
    /// new error, already masked); false with `error` set when it is not there.
    bool setIncompleteError(qint64 id, const QString &text, QString *error);
    /// Deletes every run and incomplete execution of `scenarioPath`; how many runs went, or
    /// -1 with `error` set.
    int deleteHistory(const QString &scenarioPath, QString *error);

private:
    QSqlDatabase database(QString *error);
    bool exec(QSqlDatabase &db, const QString &statement, QString *error);
    int trim(QSqlDatabase &db, const QString &scenarioPath, int keep, QString *error);

    QString m_location;
    bool m_postgres = false;
    bool m_migrated = false;
    int m_keepRuns = DefaultKeepRuns;
};
