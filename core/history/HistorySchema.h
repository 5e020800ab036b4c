#pragma once

#include <QString>

class QSqlDatabase;

/// The run history's tables (docs/run-history.md), the same on SQLite and PostgreSQL, and the
/// steps that bring an older database up to date. schema_version holds the version a
/// database is at; a database at a newer version than this program knows is refused.
namespace HistorySchema {

/// The version this program writes.
constexpr int CurrentVersion = 2;

/// The version `database` is at: 0 when it has no history tables yet; -1 on error.
int version(QSqlDatabase &database, QString *error);

/// Brings `database` to CurrentVersion, one step after another, in one transaction that
/// other processes wait for. Refuses a newer version with a message saying what to do.
/// `target` stops at an older version (tests make a database as an older program left it).
bool migrate(QSqlDatabase &database, bool postgres, QString *error, int target = CurrentVersion);

} // namespace HistorySchema
