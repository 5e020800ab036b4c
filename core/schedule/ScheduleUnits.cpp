#include "core/schedule/ScheduleUnits.h"

#include "core/history/RunHistory.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ScheduleUnits", text);
}

QString displayName(const ScheduledRun &run)
{
    const QString name = run.scenarioName.trimmed();
    return name.isEmpty() ? QFileInfo(run.scenarioFile).fileName() : name;
}

/// A value of a unit file's key: one line, `%` written as `%%` (specifiers).
QString unitValue(QString text)
{
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    return text.replace(QLatin1Char('%'), QLatin1String("%%"));
}

QString header(const ScheduledRun &run)
{
    return QStringLiteral("# Written by Scenarist for \u201c%1\u201d (docs/schedules.md): Scenario "
                          "\u203a Schedule\u2026\n# changes or removes it.\n")
        .arg(unitValue(displayName(run)));
}

/// A word that needs no quotes, for systemd as for the shell.
bool isPlainWord(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_/.,:=@+-]+$"));
    return plain.match(word).hasMatch();
}

} // namespace

namespace ScheduleUnits {

QString defaultRunner()
{
    const QString sibling
        = QCoreApplication::applicationDirPath() + QStringLiteral("/scenarist-run");
    if (QFileInfo(sibling).isExecutable())
        return sibling;
    return QStringLiteral("/usr/bin/scenarist-run");
}

QString userUnitFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/systemd/user");
}

QString unitName(const QString &scenarioFile)
{
    const QString path = RunHistory::scenarioKey(scenarioFile);
    QString base = QFileInfo(path).fileName().toLower();
    for (const char *ending : {".json", ".scenario", ".blueprint"}) {
        if (base.endsWith(QLatin1String(ending)))
            base.chop(int(qstrlen(ending)));
    }
    // Unit names allow few characters (systemd.unit(5)): letters and digits, the rest as '-'.
    QString slug;
    for (QChar c : std::as_const(base)) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        if (plain)
            slug += c;
        else if (!slug.endsWith(QLatin1Char('-')))
            slug += QLatin1Char('-');
    }
    slug = slug.left(40);
    while (slug.startsWith(QLatin1Char('-')))
        slug.remove(0, 1);
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    return slug.isEmpty() ? QStringLiteral("scenarist-%1").arg(hash)
                          : QStringLiteral("scenarist-%1-%2").arg(slug, hash);
}

QString quoteForExec(const QString &word)
{
    if (isPlainWord(word))
        return word;
    QString quoted = QStringLiteral("\"");
    for (QChar c : word) {
        switch (c.unicode()) {
        case '\\':
            quoted += QLatin1String("\\\\");
            break;
        case '"':
            quoted += QLatin1String("\\\"");
            break;
        case '%':
            quoted += QLatin1String("%%");
            break;
        case '$':
            quoted += QLatin1String("$$");
            break;
        case '\n':
            quoted += QLatin1String("\\n");
            break;
        case '\t':
            quoted += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                quoted += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                quoted += c;
        }
    }
    return quoted + QLatin1Char('"');
}

QString quoteForCron(const QString &word)
{
    QString quoted = word;
    if (!isPlainWord(word)) {
        quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
        quoted = QLatin1Char('\'') + quoted + QLatin1Char('\'');
    }
    // cron turns an unescaped % into a line break, even inside quotes (crontab(5)).
    return quoted.replace(QLatin1Char('%'), QLatin1String("\\%"));
}

QStringList historyArguments(const QString &location)
{
    if (location.isEmpty() || location == RunHistory::defaultLocation())
        return {};
    const RunHistory history(location);
    return {QStringLiteral("--history-db"),
        history.isPostgres() ? history.displayLocation() : QFileInfo(location).absoluteFilePath()};
}

QStringList commandLine(const ScheduledRun &run)
{
    QStringList words {run.runner, QStringLiteral("--trigger"), triggerKey(RunTrigger::Schedule)};
    words += run.arguments;
    words.append(RunHistory::scenarioKey(run.scenarioFile));
    return words;
}

QString serviceText(const ScheduledRun &run)
{
    QStringList words;
    for (const QString &word : commandLine(run))
        words.append(quoteForExec(word));
    return header(run)
        + QStringLiteral("[Unit]\nDescription=%1\n\n[Service]\nType=oneshot\nExecStart=%2\n")
              .arg(unitValue(tr("Scenarist: run \u201c%1\u201d").arg(displayName(run))),
                  words.join(QLatin1Char(' ')));
}

QString timerText(const ScheduledRun &run, const Schedule &schedule)
{
    const QString onCalendar = schedule.onCalendar();
    const QString when = onCalendar.isEmpty()
        ? QStringLiteral("OnActiveSec=%1min\nOnUnitActiveSec=%1min\n").arg(schedule.minutes)
        : QStringLiteral("OnCalendar=%1\nPersistent=true\n").arg(unitValue(onCalendar));
    return header(run)
        + QStringLiteral(
            "[Unit]\nDescription=%1\n\n[Timer]\n%2\n[Install]\nWantedBy=timers.target\n")
              .arg(unitValue(tr("Scenarist: run \u201c%1\u201d %2")
                                 .arg(displayName(run), schedule.describe())),
                  when);
}

QString crontabLine(const ScheduledRun &run, const Schedule &schedule, QString *why)
{
    QString fields;
    switch (schedule.kind) {
    case Schedule::Kind::EveryMinutes: {
        const int minutes = schedule.minutes;
        if (minutes == 1)
            fields = QStringLiteral("* * * * *");
        else if (minutes < 60 && 60 % minutes == 0)
            fields = QStringLiteral("*/%1 * * * *").arg(minutes);
        else if (minutes == 60)
            fields = QStringLiteral("0 * * * *");
        else if (minutes % 60 == 0 && minutes < Schedule::MaxMinutes && 24 % (minutes / 60) == 0)
            fields = QStringLiteral("0 */%1 * * *").arg(minutes / 60);
        else if (minutes == Schedule::MaxMinutes)
            fields = QStringLiteral("0 0 * * *");
        break;
    }
    case Schedule::Kind::Daily:
        fields
            = QStringLiteral("%1 %2 * * *").arg(schedule.time.minute()).arg(schedule.time.hour());
        break;
    case Schedule::Kind::Weekdays: {
        QStringList days;
        for (Qt::DayOfWeek day : Schedule::onDays(schedule.days, schedule.time).days)
            days.append(QString::number(int(day) % 7)); // cron counts Sunday as 0
        fields = QStringLiteral("%1 %2 * * %3")
                     .arg(schedule.time.minute())
                     .arg(schedule.time.hour())
                     .arg(days.join(QLatin1Char(',')));
        break;
    }
    case Schedule::Kind::Calendar:
        if (why) {
            *why = tr("cron cannot read a systemd calendar expression: choose every N minutes, "
                      "every day or days of the week, or write cron's five time fields "
                      "yourself.");
        }
        return {};
    }
    if (fields.isEmpty()) {
        if (why) {
            *why = tr("cron cannot run something every %1 minutes: choose a number that divides "
                      "an hour (such as 10, 15 or 30) or a day in whole hours (such as 120).")
                       .arg(schedule.minutes);
        }
        return {};
    }
    QStringList words;
    for (const QString &word : commandLine(run))
        words.append(quoteForCron(word));
    return fields + QLatin1Char(' ') + words.join(QLatin1Char(' '));
}

bool write(const QString &folder, const ScheduledRun &run, const Schedule &schedule,
    QStringList *written, QString *error)
{
    if (!QDir().mkpath(folder)) {
        if (error)
            *error = tr("Could not create the folder %1.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    const QString name = unitName(run.scenarioFile);
    const QList<QPair<QString, QString>> files {
        {QDir(folder).filePath(name + QStringLiteral(".service")), serviceText(run)},
        {QDir(folder).filePath(name + QStringLiteral(".timer")), timerText(run, schedule)},
    };
    for (const auto &[path, text] : files) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
            if (error) {
                *error = tr("Could not write %1: %2.")
                             .arg(QDir::toNativeSeparators(path), file.errorString());
            }
            return false;
        }
        if (written)
            written->append(path);
    }
    return true;
}

std::optional<Schedule> read(const QString &folder, const QString &scenarioFile)
{
    QFile timer(QDir(folder).filePath(unitName(scenarioFile) + QStringLiteral(".timer")));
    if (!timer.open(QIODevice::ReadOnly))
        return std::nullopt;
    return Schedule::fromTimerText(QString::fromUtf8(timer.read(64 * 1024)));
}

bool remove(
    const QString &folder, const QString &scenarioFile, QStringList *removed, QString *error)
{
    const QString name = unitName(scenarioFile);
    for (const char *ending : {".timer", ".service"}) {
        const QString path = QDir(folder).filePath(name + QLatin1String(ending));
        if (!QFileInfo::exists(path))
            continue;
        QFile file(path);
        if (!file.remove()) {
            if (error) {
                *error = tr("Could not delete %1: %2.")
                             .arg(QDir::toNativeSeparators(path), file.errorString());
            }
            return false;
        }
        if (removed)
            removed->append(path);
    }
    return true;
}

} // namespace ScheduleUnits
