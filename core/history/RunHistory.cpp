#include "core/history/RunHistory.h"

#include "core/history/HistorySchema.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

QString triggerKey(RunTrigger trigger)
{
    switch (trigger) {
    case RunTrigger::App:
        return QStringLiteral("app");
    case RunTrigger::Headless:
        return QStringLiteral("headless");
    case RunTrigger::Schedule:
        return QStringLiteral("schedule");
    }
    return {};
}

QString outcomeKey(HistoryStatus outcome)
{
    switch (outcome) {
    case HistoryStatus::Success:
        return QStringLiteral("success");
    case HistoryStatus::Warning:
        return QStringLiteral("warning");
    case HistoryStatus::Error:
        return QStringLiteral("error");
    }
    return {};
}

namespace {

RunTrigger triggerFromKey(const QString &key)
{
    if (key == QLatin1String("app"))
        return RunTrigger::App;
    if (key == QLatin1String("schedule"))
        return RunTrigger::Schedule;
    return RunTrigger::Headless;
}

HistoryStatus outcomeFromKey(const QString &key)
{
    if (key == QLatin1String("success"))
        return HistoryStatus::Success;
    if (key == QLatin1String("warning"))
        return HistoryStatus::Warning;
    return HistoryStatus::Error;
}

bool isPostgresUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://"))
        || location.startsWith(QLatin1String("postgres://"));
}

/// PostgreSQL's text cannot hold NUL characters; a binary body may. A null QString would be
/// NULL, which the columns refuse: an empty text instead.
QString storable(const QString &text)
{
    if (text.isNull())
        return QStringLiteral("");
    if (!text.contains(QChar(0)))
        return text;
    QString copy = text;
    copy.replace(QChar(0), QChar(0xFFFD));
    return copy;
}

QString queryError(const QSqlQuery &query)
{
    return query.lastError().text();
}

QString objectText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject objectFromText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString stateKey(HistoryIncomplete::State state)
{
    switch (state) {
    case HistoryIncomplete::State::Open:
        return QStringLiteral("open");
    case HistoryIncomplete::State::Retried:
        return QStringLiteral("retried");
    case HistoryIncomplete::State::Resolved:
        return QStringLiteral("resolved");
    }
    return {};
}

HistoryIncomplete::State stateFromKey(const QString &key)
{
    if (key == QLatin1String("retried"))
        return HistoryIncomplete::State::Retried;
    if (key == QLatin1String("resolved"))
        return HistoryIncomplete::State::Resolved;
    return HistoryIncomplete::State::Open;
}

} // namespace

QString RunHistory::defaultLocation()
{
    // The app's AppDataLocation (organization and application "Scenarist"), named here so
    // that scenarist-run, whose application name differs, finds the same file.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/Scenarist/Scenarist/run-history.sqlite");
}

QString RunHistory::locationFromEnvironment()
{
    const QString chosen = qEnvironmentVariable("SCENARIST_HISTORY_DB");
    return chosen.isEmpty() ? defaultLocation() : chosen;
}

QString RunHistory::contentHash(const QByteArray &content)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

QString RunHistory::scenarioKey(const QString &file)
{
    const QFileInfo info(file);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

RunHistory::RunHistory(const QString &location)
    : m_location(location)
    , m_postgres(isPostgresUrl(location))
{
}

RunHistory::~RunHistory()
{
    // This thread's connection; another thread's goes when that thread asks for no more.
    const QString name = QStringLiteral("scenarist-history-%1-%2")
                             .arg(quintptr(this))
                             .arg(quintptr(QThread::currentThreadId()));
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

QString RunHistory::displayLocation() const
{
    if (!m_postgres)
        return m_location;
    return QUrl(m_location).toString(QUrl::RemovePassword);
}

QSqlDatabase RunHistory::database(QString *error)
{
    const QString name = QStringLiteral("scenarist-history-%1-%2")
                             .arg(quintptr(this))
                             .arg(quintptr(QThread::currentThreadId()));
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
        QSqlDatabase::removeDatabase(name);
    }
    const QString driver = m_postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        if (error)
            *error = m_postgres ? QCoreApplication::translate("RunHistory",
                         "PostgreSQL support is not installed: install the package "
                         "libqt6sql6-psql.")
                                : QCoreApplication::translate("RunHistory",
                                    "SQLite support is not installed: install the package "
                                    "libqt6sql6-sqlite.");
        return {};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
    if (m_postgres) {
        const QUrl url(m_location);
        db.setHostName(url.host().isEmpty() ? QStringLiteral("localhost") : url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
        // ?sslmode=require and the like go to libpq as they are.
        QStringList options;
        for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            options.append(item.first + QLatin1Char('=') + item.second);
        options.append(QStringLiteral("connect_timeout=10"));
        db.setConnectOptions(options.join(QLatin1Char(';')));
    } else {
        QDir().mkpath(QFileInfo(m_location).absolutePath());
        db.setDatabaseName(m_location);
        // Another process writing waits up to 10 s for it, rather than failing at once.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    }
    if (!db.open()) {
        if (error)
            *error = QCoreApplication::translate(
                "RunHistory", "could not open the run history at %1: %2")
                         .arg(displayLocation(), db.lastError().text());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return {};
    }
    if (!m_postgres) {
        QString pragmaError;
        // WAL: readers never block the writer; a crash leaves the last committed run whole.
        // Two programs opening a new history at once both switch it to WAL, and SQLite answers
        // "locked" to the one that comes second without waiting: the first has switched it,
        // so the second goes on (the mode is the file's, not the connection's).
        exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), &pragmaError);
        pragmaError.clear();
        if (!exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"), &pragmaError)
            || !exec(db, QStringLiteral("PRAGMA foreign_keys=ON"), &pragmaError)) {
            if (error)
                *error = QCoreApplication::translate(
                    "RunHistory", "could not open the run history at %1: %2")
                             .arg(displayLocation(), pragmaError);
            return {};
        }
    }
    return db;
}

bool RunHistory::exec(QSqlDatabase &db, const QString &statement, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(statement))
        return true;
    if (error)
        *error = queryError(query);
    return false;
}

bool RunHistory::open(QString *error)
{
    QString why;
    QSqlDatabase db = database(&why);
    if (!db.isOpen()) {
        if (error)
            *error = why;
        return false;
    }
    if (m_migrated)
        return true;
    if (!HistorySchema::migrate(db, m_postgres, &why)) {
        if (error)
            *error = QCoreApplication::translate(
                "RunHistory", "could not use the run history at %1: %2")
                         .arg(displayLocation(), why);
        return false;
    }
    m_migrated = true;
    return true;
}

int RunHistory::trim(QSqlDatabase &db, const QString &scenarioPath, int keep, QString *error)
{
    // The ids to forget first, then their operations and themselves: the same statements on
    // both engines.
    QSqlQuery old(db);
    old.prepare(QStringLiteral("SELECT id FROM runs WHERE scenario_path = ? ORDER BY id DESC"));
    old.addBindValue(scenarioPath);
    if (!old.exec()) {
        if (error)
            *error = queryError(old);
        return -1;
    }
    QList<qint64> ids;
    int seen = 0;
    while (old.next()) {
        if (++seen > keep)
            ids.append(old.value(0).toLongLong());
    }
    old.finish();
    if (ids.isEmpty())
        return 0;
    QSqlQuery forgetOperations(db);
    forgetOperations.prepare(QStringLiteral("DELETE FROM operations WHERE run_id = ?"));
    QSqlQuery forgetRun(db);
    forgetRun.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    for (qint64 id : std::as_const(ids)) {
        forgetOperations.bindValue(0, id);
        forgetRun.bindValue(0, id);
        if (!forgetOperations.exec() || !forgetRun.exec()) {
            if (error)
                *error = queryError(
                    forgetOperations.lastError().isValid() ? forgetOperations : forgetRun);
            return -1;
        }
    }
    return int(ids.size());
}

qint64 RunHistory::record(const HistoryRun &run, QString *error)
{
    if (!open(error))
        return -1;
    QString why;
    QSqlDatabase db = database(&why);
    const auto fail = [&](const QString &reason) {
        exec(db, QStringLiteral("ROLLBACK"), nullptr);
        if (error)
            *error = QCoreApplication::translate(
                "RunHistory", "could not record the run in the history at %1: %2")
                         .arg(displayLocation(), reason);
        return qint64(-1);
    };
    // IMMEDIATE: take the write lock now (waiting for another writer) instead of failing
    // halfway when two processes both started reading.
    if (!exec(db, m_postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"), &why))
        return fail(why);

    QSqlQuery insertRun(db);
    insertRun.prepare(QStringLiteral(
        "INSERT INTO runs (scenario_path, scenario_name, content_hash, started_ms, ended_ms, "
        "trigger_kind, status, operation_count, inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id"));
    insertRun.addBindValue(storable(run.scenarioPath));
    insertRun.addBindValue(storable(run.scenarioName));
    insertRun.addBindValue(storable(run.contentHash));
    insertRun.addBindValue(run.startedAt.toMSecsSinceEpoch());
    insertRun.addBindValue(run.endedAt.toMSecsSinceEpoch());
    insertRun.addBindValue(triggerKey(run.trigger));
    insertRun.addBindValue(outcomeKey(run.status));
    insertRun.addBindValue(run.operationCount);
    insertRun.addBindValue(storable(objectText(run.inputs)));
    if (!insertRun.exec() || !insertRun.next())
        return fail(queryError(insertRun));
    const qint64 runId = insertRun.value(0).toLongLong();
    insertRun.finish();

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT INTO operations (run_id, position, module_id, module_type, module_name, bundle, "
        "status, input, output, error, duration_ms, attempts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    int position = 0;
    for (const HistoryOperation &operation : run.operations) {
        insert.bindValue(0, runId);
        insert.bindValue(1, ++position);
        insert.bindValue(2, operation.moduleId);
        insert.bindValue(3, storable(operation.moduleType));
        insert.bindValue(4, storable(operation.moduleName));
        insert.bindValue(5, operation.bundle);
        insert.bindValue(6, storable(operation.status));
        insert.bindValue(7, storable(operation.input));
        insert.bindValue(8, storable(operation.output));
        insert.bindValue(9, storable(operation.error));
        insert.bindValue(10, operation.durationMs);
        insert.bindValue(11, operation.attempts);
        if (!insert.exec())
            return fail(queryError(insert));
    }
    QSqlQuery insertIncomplete(db);
    insertIncomplete.prepare(QStringLiteral(
        "INSERT INTO incomplete (run_id, scenario_path, module_id, bundle, error, context, "
        "inputs, created_ms, state, resolved_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"));
    for (const HistoryIncomplete &bundle : run.incomplete) {
        insertIncomplete.bindValue(0, runId);
        insertIncomplete.bindValue(1, storable(run.scenarioPath));
        insertIncomplete.bindValue(2, bundle.moduleId);
        insertIncomplete.bindValue(3, bundle.bundle);
        insertIncomplete.bindValue(4, storable(bundle.error));
        insertIncomplete.bindValue(5, storable(bundle.context));
        insertIncomplete.bindValue(6, storable(objectText(run.inputs)));
        insertIncomplete.bindValue(7, run.endedAt.toMSecsSinceEpoch());
        insertIncomplete.bindValue(8, stateKey(HistoryIncomplete::State::Open));
        if (!insertIncomplete.exec())
            return fail(queryError(insertIncomplete));
    }
    if (m_keepRuns > 0 && trim(db, run.scenarioPath, m_keepRuns, &why) < 0)
        return fail(why);
    if (!exec(db, QStringLiteral("COMMIT"), &why))
        return fail(why);
    return runId;
}

QList<HistoryRun> RunHistory::runs(const QString &scenarioPath, QString *error)
{
    if (!open(error))
        return {};
    QSqlDatabase db = database(error);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString columns = QStringLiteral(
        "SELECT id, scenario_path, scenario_name, content_hash, started_ms, ended_ms, "
        "trigger_kind, status, operation_count, inputs FROM runs");
    if (scenarioPath.isEmpty()) {
        query.prepare(columns + QStringLiteral(" ORDER BY id DESC"));
    } else {
        query.prepare(columns + QStringLiteral(" WHERE scenario_path = ? ORDER BY id DESC"));
        query.addBindValue(scenarioPath);
    }
    if (!query.exec()) {
        if (error)
            *error = queryError(query);
        return {};
    }
    QList<HistoryRun> found;
    while (query.next()) {
        HistoryRun run;
        run.id = query.value(0).toLongLong();
        run.scenarioPath = query.value(1).toString();
        run.scenarioName = query.value(2).toString();
        run.contentHash = query.value(3).toString();
        run.startedAt = QDateTime::fromMSecsSinceEpoch(query.value(4).toLongLong(), Qt::UTC);
        run.endedAt = QDateTime::fromMSecsSinceEpoch(query.value(5).toLongLong(), Qt::UTC);
        run.trigger = triggerFromKey(query.value(6).toString());
        run.status = outcomeFromKey(query.value(7).toString());
        run.operationCount = query.value(8).toInt();
        run.inputs = objectFromText(query.value(9).toString());
        found.append(run);
    }
    return found;
}

QList<HistoryRun> RunHistory::runList(const QString &scenarioPath, const QString &status, int limit,
    QString *error, bool sameFileName)
{
    if (!open(error))
        return {};
    QSqlDatabase db = database(error);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    QString statement = QStringLiteral("SELECT id, content_hash, started_ms, ended_ms, "
                                       "trigger_kind, status, operation_count, inputs FROM runs "
                                       "WHERE (scenario_path = ?");
    // '/' then the name, taken as it is: ! escapes LIKE's own % and _ (and itself).
    QString name = QFileInfo(scenarioPath).fileName();
    name.replace(QLatin1Char('!'), QStringLiteral("!!"))
        .replace(QLatin1Char('%'), QStringLiteral("!%"))
        .replace(QLatin1Char('_'), QStringLiteral("!_"));
    statement += sameFileName ? QStringLiteral(" OR scenario_path LIKE ? ESCAPE '!')")
                              : QStringLiteral(")");
    if (!status.isEmpty())
        statement += QStringLiteral(" AND status = ?");
    statement += QStringLiteral(" ORDER BY id DESC");
    if (limit > 0)
        statement += QStringLiteral(" LIMIT %1").arg(limit);
    query.prepare(statement);
    query.addBindValue(scenarioPath);
    if (sameFileName)
        query.addBindValue(QStringLiteral("%/") + name);
    if (!status.isEmpty())
        query.addBindValue(status);
    if (!query.exec()) {
        if (error)
            *error = queryError(query);
        return {};
    }
    QList<HistoryRun> found;
    while (query.next()) {
        HistoryRun run;
        run.id = query.value(0).toLongLong();
        run.scenarioPath = scenarioPath;
        run.contentHash = query.value(1).toString();
        run.startedAt = QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), Qt::UTC);
        run.endedAt = QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong(), Qt::UTC);
        run.trigger = triggerFromKey(query.value(4).toString());
        run.status = outcomeFromKey(query.value(5).toString());
        run.operationCount = query.value(6).toInt();
        // Most runs have no inputs: "{}" needs no parser.
        const QString inputs = query.value(7).toString();
        if (inputs.size() > 2)
            run.inputs = objectFromText(inputs);
        found.append(run);
    }
    return found;
}

QList<HistoryOperation> RunHistory::operations(qint64 runId, QString *error)
{
    if (!open(error))
        return {};
    QSqlDatabase db = database(error);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT module_id, module_type, module_name, bundle, status, input, output, error, "
        "duration_ms, attempts FROM operations WHERE run_id = ? ORDER BY position"));
    query.addBindValue(runId);
    if (!query.exec()) {
        if (error)
            *error = queryError(query);
        return {};
    }
    QList<HistoryOperation> found;
    while (query.next()) {
        HistoryOperation operation;
        operation.moduleId = query.value(0).toInt();
        operation.moduleType = query.value(1).toString();
        operation.moduleName = query.value(2).toString();
        operation.bundle = query.value(3).toInt();
        operation.status = query.value(4).toString();
        operation.input = query.value(5).toString();
        operation.output = query.value(6).toString();
        operation.error = query.value(7).toString();
        operation.durationMs = query.value(8).toLongLong();
        operation.attempts = query.value(9).toInt();
        found.append(operation);
    }
    return found;
}

QList<HistoryIncomplete> RunHistory::incomplete(
    const QString &scenarioPath, bool openOnly, QString *error)
{
    if (!open(error))
        return {};
    QSqlDatabase db = database(error);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    QStringList where;
    if (!scenarioPath.isEmpty())
        where.append(QStringLiteral("scenario_path = ?"));
    if (openOnly)
        where.append(QStringLiteral("state = 'open'"));
    query.prepare(QStringLiteral("SELECT id, run_id, scenario_path, module_id, bundle, error, "
                                 "context, inputs, created_ms, state, resolved_ms FROM incomplete")
        + (where.isEmpty() ? QString()
                           : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND ")))
        + QStringLiteral(" ORDER BY id DESC"));
    if (!scenarioPath.isEmpty())
        query.addBindValue(scenarioPath);
    if (!query.exec()) {
        if (error)
            *error = queryError(query);
        return {};
    }
    QList<HistoryIncomplete> found;
    while (query.next()) {
        HistoryIncomplete bundle;
        bundle.id = query.value(0).toLongLong();
        bundle.runId = query.value(1).toLongLong();
        bundle.scenarioPath = query.value(2).toString();
        bundle.moduleId = query.value(3).toInt();
        bundle.bundle = query.value(4).toInt();
        bundle.error = query.value(5).toString();
        bundle.context = query.value(6).toString();
        bundle.inputs = objectFromText(query.value(7).toString());
        bundle.createdAt = QDateTime::fromMSecsSinceEpoch(query.value(8).toLongLong(), Qt::UTC);
        bundle.state = stateFromKey(query.value(9).toString());
        if (const qint64 resolved = query.value(10).toLongLong(); resolved > 0)
            bundle.resolvedAt = QDateTime::fromMSecsSinceEpoch(resolved, Qt::UTC);
        found.append(bundle);
    }
    return found;
}

bool RunHistory::setIncompleteState(qint64 id, HistoryIncomplete::State state, QString *error)
{
    if (!open(error))
        return false;
    QSqlDatabase db = database(error);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE incomplete SET state = ?, resolved_ms = ? WHERE id = ?"));
    query.addBindValue(stateKey(state));
    query.addBindValue(state == HistoryIncomplete::State::Open
            ? qint64(0)
            : QDateTime::currentDateTimeUtc().toMSecsSinceEpoch());
    query.addBindValue(id);
    if (!query.exec()) {
        if (error)
            *error = queryError(query);
        return false;
    }
    if (query.numRowsAffected() < 1) {
        if (error)
            *error = QStringLiteral("that incomplete execution is no longer in the history");
        return false;
    }
    return true;
}

bool RunHistory::setIncompleteError(qint64 id, const QString &text, QString *error)
{
    if (!open(error))
        return false;
    QSqlDatabase db = database(error);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE incomplete SET error = ? WHERE id = ?"));
    query.addBindValue(storable(text));
    query.addBindValue(id);
    if (!query.exec()) {
        if (error)
            *error = queryError(query);
        return false;
    }
    if (query.numRowsAffected() < 1) {
        if (error)
            *error = QStringLiteral("that incomplete execution is no longer in the history");
        return false;
    }
    return true;
}

int RunHistory::deleteHistory(const QString &scenarioPath, QString *error)
{
    if (!open(error))
        return -1;
    QString why;
    QSqlDatabase db = database(&why);
    if (!exec(db, m_postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"), &why)) {
        if (error)
            *error = why;
        return -1;
    }
    const int deleted = trim(db, scenarioPath, 0, &why);
    QSqlQuery forgetIncomplete(db);
    forgetIncomplete.prepare(QStringLiteral("DELETE FROM incomplete WHERE scenario_path = ?"));
    forgetIncomplete.addBindValue(scenarioPath);
    if (deleted >= 0 && !forgetIncomplete.exec())
        why = queryError(forgetIncomplete);
    if (deleted < 0 || forgetIncomplete.lastError().isValid()
        || !exec(db, QStringLiteral("COMMIT"), &why)) {
        exec(db, QStringLiteral("ROLLBACK"), nullptr);
        if (error)
            *error = QCoreApplication::translate(
                "RunHistory", "could not delete the history at %1: %2")
                         .arg(displayLocation(), why);
        return -1;
    }
    return deleted;
}
