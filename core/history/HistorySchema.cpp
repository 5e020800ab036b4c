#include "core/history/HistorySchema.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace HistorySchema {

namespace {

bool run(QSqlDatabase &database, const QString &statement, QString *error)
{
    QSqlQuery query(database);
    if (query.exec(statement))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

/// Version 1: runs and their operations. Times are milliseconds since 1970 (UTC), the same
/// number on both engines.
QStringList versionOne(bool postgres)
{
    const QString key = postgres ? QStringLiteral("BIGSERIAL PRIMARY KEY")
                                 : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
    return {
        QStringLiteral("CREATE TABLE runs ("
                       "id %1,"
                       "scenario_path TEXT NOT NULL,"
                       "scenario_name TEXT NOT NULL,"
                       "content_hash TEXT NOT NULL,"
                       "started_ms BIGINT NOT NULL,"
                       "ended_ms BIGINT NOT NULL,"
                       "trigger_kind TEXT NOT NULL,"
                       "status TEXT NOT NULL,"
                       "operation_count INTEGER NOT NULL)")
            .arg(key),
        QStringLiteral("CREATE INDEX runs_by_scenario ON runs (scenario_path, id)"),
        QStringLiteral("CREATE TABLE operations ("
                       "id %1,"
                       "run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
                       "position INTEGER NOT NULL,"
                       "module_id INTEGER NOT NULL,"
                       "module_type TEXT NOT NULL,"
                       "module_name TEXT NOT NULL,"
                       "bundle INTEGER NOT NULL,"
                       "status TEXT NOT NULL,"
                       "input TEXT NOT NULL,"
                       "output TEXT NOT NULL,"
                       "error TEXT NOT NULL,"
                       "duration_ms BIGINT NOT NULL,"
                       "attempts INTEGER NOT NULL)")
            .arg(key),
        QStringLiteral("CREATE INDEX operations_by_run ON operations (run_id, position)"),
    };
}

/// Version 2: the inputs each run had (docs/scenario-inputs.md), and the incomplete
/// executions, kept apart from runs so that retention does not forget one still to retry.
QStringList versionTwo(bool postgres)
{
    const QString key = postgres ? QStringLiteral("BIGSERIAL PRIMARY KEY")
                                 : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
    return {
        QStringLiteral("ALTER TABLE runs ADD COLUMN inputs TEXT NOT NULL DEFAULT '{}'"),
        QStringLiteral("CREATE TABLE incomplete ("
                       "id %1,"
                       "run_id BIGINT NOT NULL,"
                       "scenario_path TEXT NOT NULL,"
                       "module_id INTEGER NOT NULL,"
                       "bundle INTEGER NOT NULL,"
                       "error TEXT NOT NULL,"
                       "context TEXT NOT NULL,"
                       "inputs TEXT NOT NULL,"
                       "created_ms BIGINT NOT NULL,"
                       "state TEXT NOT NULL,"
                       "resolved_ms BIGINT NOT NULL)")
            .arg(key),
        QStringLiteral("CREATE INDEX incomplete_by_scenario ON incomplete (scenario_path, id)"),
    };
}

} // namespace

int version(QSqlDatabase &database, QString *error)
{
    if (!database.tables().contains(QStringLiteral("schema_version")))
        return 0;
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version"))) {
        if (error)
            *error = query.lastError().text();
        return -1;
    }
    return query.next() ? query.value(0).toInt() : 0;
}

bool migrate(QSqlDatabase &database, bool postgres, QString *error, int target)
{
    // One process migrates; the others wait for it, then find the tables there.
    const QString begin = postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
    if (!run(database, begin, error))
        return false;
    const auto fail = [&] {
        run(database, QStringLiteral("ROLLBACK"), nullptr);
        return false;
    };
    if (postgres && !run(database, QStringLiteral("SELECT pg_advisory_xact_lock(581234)"), error))
        return fail();
    // Asked first rather than IF NOT EXISTS, which PostgreSQL answers with a notice on stderr.
    if (!database.tables().contains(QStringLiteral("schema_version"))
        && !run(database, QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"),
            error))
        return fail();
    const int at = version(database, error);
    if (at < 0)
        return fail();
    if (at > CurrentVersion) {
        if (error)
            *error = QCoreApplication::translate("HistorySchema",
                "this run history was written by a newer version of Scenarist "
                "(its format is %1, this version knows up to %2). Update "
                "Scenarist, or choose another history.")
                         .arg(at)
                         .arg(CurrentVersion);
        return fail();
    }
    // Each step takes a database from the version before it to its own.
    const QList<QStringList> steps {versionOne(postgres), versionTwo(postgres)};
    static_assert(CurrentVersion == 2, "one step per version");
    for (int next = at + 1; next <= qMin(target, CurrentVersion); ++next) {
        for (const QString &statement : steps.at(next - 1)) {
            if (!run(database, statement, error))
                return fail();
        }
        if (!run(database, QStringLiteral("DELETE FROM schema_version"), error)
            || !run(database,
                QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(next),
                error))
            return fail();
    }
    return run(database, QStringLiteral("COMMIT"), error) || fail();
}

} // namespace HistorySchema
