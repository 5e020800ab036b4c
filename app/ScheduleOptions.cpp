#include "ScheduleOptions.h"

#include "core/history/RunHistory.h"
#include "core/io/ScenarioOpener.h"
#include "core/schedule/CalendarCheck.h"
#include "core/schedule/ScheduleUnits.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ScheduleOptions", text);
}

// Options of the run that a scheduled run needs too; paths are made absolute, since the
// service does not start in this folder.
const char *const passedFlags[] = {"keychain", "sandbox"};
const char *const passedValues[] = {"secret-hosts", "keep-runs", "sandbox-port",
    "sandbox-token-ttl", "max-response-mb", "max-file-mb"};
const char *const passedPaths[] = {"secrets", "allow-files"};

} // namespace

void ScheduleOptions::addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("trigger"),
            tr("What the run history records as having started this run: headless (the "
               "default) or schedule (as the units of --systemd-units do)."),
            QStringLiteral("KIND")},
        {QStringLiteral("systemd-units"),
            tr("Do not run FILE: write a systemd user service and timer that run it on the "
               "schedule of --every or --on-calendar into DIR, and say how to start them."),
            QStringLiteral("DIR")},
        {QStringLiteral("every"),
            tr("With --systemd-units: run every N minutes (15min, 15) or hours (2h), from 1 "
               "minute to 24 hours."),
            QStringLiteral("INTERVAL")},
        {QStringLiteral("on-calendar"),
            tr("With --systemd-units: run at the times of a systemd calendar expression, such "
               "as \"Mon..Fri 09:00\" (man systemd.time)."),
            QStringLiteral("EXPR")},
    });
}

bool ScheduleOptions::read(const QCommandLineParser &parser, QString *error)
{
    if (parser.isSet(QStringLiteral("trigger"))) {
        const QString kind = parser.value(QStringLiteral("trigger"));
        if (kind == triggerKey(RunTrigger::Schedule)) {
            m_trigger = RunTrigger::Schedule;
        } else if (kind != triggerKey(RunTrigger::Headless)) {
            *error = tr("--trigger is \u201c%1\u201d; use headless or schedule.").arg(kind);
            return false;
        }
    }
    const bool every = parser.isSet(QStringLiteral("every"));
    const bool onCalendar = parser.isSet(QStringLiteral("on-calendar"));
    if (!parser.isSet(QStringLiteral("systemd-units"))) {
        if (every || onCalendar) {
            *error = tr("--every and --on-calendar go with --systemd-units DIR.");
            return false;
        }
        return true;
    }
    m_folder = parser.value(QStringLiteral("systemd-units"));
    if (m_folder.isEmpty() || every == onCalendar) {
        *error = tr("--systemd-units DIR needs a folder and one schedule: --every 15min, say, or "
                    "--on-calendar \"Mon..Fri 09:00\".");
        return false;
    }
    if (parser.isSet(QStringLiteral("no-history"))) {
        *error = tr("A schedule always records its runs in the history (that is where its "
                    "results are seen): leave out --no-history.");
        return false;
    }
    if (every) {
        const std::optional<int> minutes
            = Schedule::parseEvery(parser.value(QStringLiteral("every")), error);
        if (!minutes) {
            *error = QStringLiteral("--every: ") + *error;
            return false;
        }
        m_schedule = Schedule::everyMinutes(*minutes);
    } else {
        m_schedule = Schedule::calendarExpression(parser.value(QStringLiteral("on-calendar")));
    }
    if (const QString problem = m_schedule.problem(); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    for (const char *name : passedFlags) {
        if (parser.isSet(QLatin1String(name)))
            m_runArguments.append(QStringLiteral("--") + QLatin1String(name));
    }
    for (const char *name : passedValues) {
        // Only those given: the defaults are the run's own.
        if (!parser.isSet(QLatin1String(name)))
            continue;
        for (const QString &value : parser.values(QLatin1String(name)))
            m_runArguments += {QStringLiteral("--") + QLatin1String(name), value};
    }
    for (const char *name : passedPaths) {
        for (const QString &value : parser.values(QLatin1String(name)))
            m_runArguments += {
                QStringLiteral("--") + QLatin1String(name), QFileInfo(value).absoluteFilePath()};
    }
    // The service does not see this shell's SCENARIST_HISTORY_DB.
    m_runArguments += ScheduleUnits::historyArguments(parser.isSet(QStringLiteral("history-db"))
            ? parser.value(QStringLiteral("history-db"))
            : RunHistory::locationFromEnvironment());
    return true;
}

int ScheduleOptions::writeUnits(QCoreApplication &app, const QString &file,
    const std::function<void(const QString &)> &printError) const
{
    // What the schedule will run must open now, or every run would fail the same way.
    const ScenarioOpener::Opened opened = ScenarioOpener::open(file);
    if (!opened.document) {
        printError(opened.error);
        return 2;
    }
    ScheduledRun run;
    run.runner = QCoreApplication::applicationFilePath();
    run.scenarioFile = RunHistory::scenarioKey(file);
    run.scenarioName = opened.document->name;
    run.arguments = m_runArguments;

    int exitCode = 2;
    const auto write = [&](const CalendarCheck::Result &result) {
        if (result.checked && !result.valid) {
            printError(result.error + QLatin1Char(' ')
                + tr("Write it as, for example, \"Mon..Fri 09:00\" or \"*-*-01 06:30\" "
                     "(docs/schedules.md has more)."));
            return;
        }
        QStringList written;
        QString error;
        if (!ScheduleUnits::write(m_folder, run, m_schedule, &written, &error)) {
            printError(error);
            return;
        }
        const QString name = ScheduleUnits::unitName(run.scenarioFile);
        QTextStream out(stdout);
        for (const QString &path : std::as_const(written))
            out << tr("Wrote %1").arg(QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()))
                << '\n';
        out << tr("They run %1 %2.")
                   .arg(QFileInfo(run.scenarioFile).fileName(), m_schedule.describe());
        if (result.next.isValid()) {
            out << ' '
                << tr("Next run: %1.")
                       .arg(result.next.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        } else if (m_schedule.onCalendar().isEmpty()) {
            out << ' '
                << tr("The first run comes %1 minutes after the timer starts.")
                       .arg(m_schedule.minutes);
        }
        out << '\n';
        if (!result.checked && m_schedule.kind == Schedule::Kind::Calendar)
            printError(tr("note: systemd-analyze is not installed, so the calendar "
                          "expression was not checked."));
        if (QFileInfo(m_folder).absoluteFilePath()
            != QFileInfo(ScheduleUnits::userUnitFolder()).absoluteFilePath()) {
            out << tr("To start them, copy them into %1 and run:")
                       .arg(QDir::toNativeSeparators(ScheduleUnits::userUnitFolder()))
                << '\n';
        } else {
            out << tr("To start them, run:") << '\n';
        }
        out << "  systemctl --user daemon-reload\n"
            << "  systemctl --user enable --now " << name << ".timer\n";
        exitCode = 0;
    };
    // Every OnCalendar= goes past systemd first: a calendar expression it cannot read is
    // refused, and the others get their next run's time.
    const QString onCalendar = m_schedule.onCalendar();
    if (onCalendar.isEmpty()) {
        write(CalendarCheck::Result());
        return exitCode;
    }
    CalendarCheck check;
    QObject::connect(
        &check, &CalendarCheck::finished, &app, [&](const CalendarCheck::Result &result) {
            write(result);
            app.quit();
        });
    check.start(onCalendar);
    app.exec();
    return exitCode;
}
