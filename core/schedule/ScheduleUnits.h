#pragma once

#include "core/schedule/Schedule.h"

#include <QStringList>

#include <optional>

/// What a schedule runs: scenarist-run on a saved scenario file, with the run history on and
/// the runs recorded as started by a schedule (docs/schedules.md).
struct ScheduledRun
{
    QString runner; ///< absolute path of scenarist-run (ScheduleUnits::defaultRunner())
    QString scenarioFile; ///< the saved scenario; ScheduleUnits makes it absolute
    QString scenarioName; ///< for the units' descriptions; the file's name when empty
    QStringList arguments; ///< more options for the run, such as --keychain
};

/// The systemd user service and timer of a schedule, and the crontab line that does the same
/// where there is no systemd (docs/schedules.md). Units are named after the scenario file, so
/// that each file has at most one schedule and it can be found again.
namespace ScheduleUnits {

/// scenarist-run beside the running program (the build folder, or /usr/bin when installed),
/// else /usr/bin/scenarist-run.
QString defaultRunner();
/// Where a user's own units go: ~/.config/systemd/user (XDG_CONFIG_HOME honoured).
QString userUnitFolder();
/// "scenarist-<file name>-<8 hex digits of the path's SHA-256>", stable for a file.
QString unitName(const QString &scenarioFile);

/// `word` as one word of an ExecStart= line: quoted when needed, with `\`, `"`, `%` and `$`
/// escaped as systemd.service(5) asks.
QString quoteForExec(const QString &word);
/// `word` as one word of a crontab line's command: shell-quoted, `%` escaped.
QString quoteForCron(const QString &word);
/// `--history-db LOCATION` when `location` is not the default run history (a service does not
/// see the environment it was made in), a database's password left out (it belongs in
/// ~/.pgpass, docs/run-history.md); nothing for the default one.
QStringList historyArguments(const QString &location);
/// The program and arguments the schedule starts: runner, --trigger schedule, the
/// arguments, the file.
QStringList commandLine(const ScheduledRun &run);

/// The .service: Type=oneshot, ExecStart= the command line.
QString serviceText(const ScheduledRun &run);
/// The .timer: OnCalendar= (Persistent=true, so that a run missed while the computer was off
/// happens at the next start) or, for minutes that do not divide an hour or a day,
/// OnActiveSec= and OnUnitActiveSec=; wanted by timers.target.
QString timerText(const ScheduledRun &run, const Schedule &schedule);
/// The crontab line for the same schedule, or an empty text with *why (plain words) when cron
/// cannot say it (a calendar expression, minutes that do not divide an hour or a day).
QString crontabLine(const ScheduledRun &run, const Schedule &schedule, QString *why);

/// Writes NAME.service and NAME.timer into `folder` (created if missing); their paths in
/// *written. False with *error (plain words) when they could not be written.
bool write(const QString &folder, const ScheduledRun &run, const Schedule &schedule,
    QStringList *written, QString *error);
/// The schedule of `scenarioFile` as its timer in `folder` says; nullopt when it has none.
std::optional<Schedule> read(const QString &folder, const QString &scenarioFile);
/// Deletes the service and timer of `scenarioFile` from `folder`; their paths in *removed.
/// False with *error when one exists and could not be deleted.
bool remove(
    const QString &folder, const QString &scenarioFile, QStringList *removed, QString *error);

} // namespace ScheduleUnits
