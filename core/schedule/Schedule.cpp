#include "core/schedule/Schedule.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Schedule", text);
}

// systemd's names of the days (systemd.time(7)), Monday first as Qt counts them.
const char *const systemdDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

QString clock(QTime time)
{
    return time.toString(QStringLiteral("HH:mm"));
}

QList<Qt::DayOfWeek> sortedDays(QList<Qt::DayOfWeek> days)
{
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return days;
}

// Timers are written to the minute: a time with seconds would not come back equal.
QTime toTheMinute(QTime time)
{
    return time.isValid() ? QTime(time.hour(), time.minute()) : time;
}

} // namespace

Schedule Schedule::everyMinutes(int minutes)
{
    Schedule schedule;
    schedule.kind = Kind::EveryMinutes;
    schedule.minutes = minutes;
    return schedule;
}

Schedule Schedule::dailyAt(QTime time)
{
    Schedule schedule;
    schedule.kind = Kind::Daily;
    schedule.time = toTheMinute(time);
    return schedule;
}

Schedule Schedule::onDays(const QList<Qt::DayOfWeek> &days, QTime time)
{
    Schedule schedule;
    schedule.kind = Kind::Weekdays;
    schedule.days = sortedDays(days);
    schedule.time = toTheMinute(time);
    return schedule;
}

Schedule Schedule::calendarExpression(const QString &expression)
{
    Schedule schedule;
    schedule.kind = Kind::Calendar;
    schedule.calendar = expression.trimmed();
    return schedule;
}

QString Schedule::problem() const
{
    switch (kind) {
    case Kind::EveryMinutes:
        if (minutes < MinMinutes || minutes > MaxMinutes)
            return tr("Choose a number of minutes from 1 to 1440 (one day).");
        return {};
    case Kind::Weekdays:
        if (days.isEmpty())
            return tr("Choose at least one day of the week.");
        [[fallthrough]];
    case Kind::Daily:
        if (!time.isValid())
            return tr("Choose a time of day, such as 09:00.");
        return {};
    case Kind::Calendar: {
        const QString expression = calendar.trimmed();
        if (expression.isEmpty())
            return tr("Write a calendar expression, such as \u201cMon..Fri 09:00\u201d.");
        // One line of a unit file: a line break or a control character would end it.
        if (std::any_of(expression.cbegin(), expression.cend(),
                [](QChar c) { return c.category() == QChar::Other_Control; }))
            return tr("A calendar expression is one line of text, such as \u201cMon..Fri "
                      "09:00\u201d.");
        return {};
    }
    }
    return {};
}

QString Schedule::onCalendar() const
{
    switch (kind) {
    case Kind::EveryMinutes:
        // systemd refuses "*:0/60", and a repetition only restarts at each hour (or day):
        // other numbers count minutes from the last run instead (ScheduleUnits).
        if (minutes >= 1 && minutes < 60 && 60 % minutes == 0)
            return QStringLiteral("*:0/%1").arg(minutes);
        if (minutes == 60)
            return QStringLiteral("*:00");
        if (minutes > 60 && minutes < MaxMinutes && minutes % 60 == 0 && 24 % (minutes / 60) == 0)
            return QStringLiteral("0/%1:00").arg(minutes / 60);
        return {};
    case Kind::Daily:
        return QStringLiteral("*-*-* %1:00").arg(clock(time));
    case Kind::Weekdays: {
        QStringList names;
        for (Qt::DayOfWeek day : sortedDays(days))
            names.append(QLatin1String(systemdDays[int(day) - 1]));
        return QStringLiteral("%1 *-*-* %2:00").arg(names.join(QLatin1Char(',')), clock(time));
    }
    case Kind::Calendar:
        return calendar.trimmed();
    }
    return {};
}

QString Schedule::describe() const
{
    switch (kind) {
    case Kind::EveryMinutes:
        if (minutes == 1)
            return tr("every minute");
        return tr("every %1 minutes").arg(minutes);
    case Kind::Daily:
        return tr("every day at %1").arg(clock(time));
    case Kind::Weekdays: {
        QStringList names;
        const QLocale locale;
        for (Qt::DayOfWeek day : sortedDays(days))
            names.append(locale.dayName(int(day)));
        if (names.isEmpty())
            return tr("on no day of the week");
        QString list = names.takeLast();
        if (!names.isEmpty())
            list = tr("%1 and %2").arg(names.join(tr(", ")), list);
        return tr("on %1 at %2").arg(list, clock(time));
    }
    case Kind::Calendar:
        return tr("at the times of \u201c%1\u201d").arg(calendar.trimmed());
    }
    return {};
}

std::optional<int> Schedule::parseEvery(const QString &text, QString *error)
{
    static const QRegularExpression form(
        QStringLiteral("^\\s*(\\d{1,5})\\s*(min|m|minutes?|h|hours?)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = form.match(text);
    int minutes = 0;
    if (match.hasMatch()) {
        minutes = match.captured(1).toInt();
        if (match.captured(2).startsWith(QLatin1Char('h'), Qt::CaseInsensitive))
            minutes *= 60;
    }
    if (minutes < MinMinutes || minutes > MaxMinutes) {
        if (error) {
            *error = tr("\u201c%1\u201d is not a time between runs that Scenarist can use: write "
                        "minutes such as 15min or hours such as 2h, from 1 minute to 24 hours.")
                         .arg(text);
        }
        return std::nullopt;
    }
    return minutes;
}

std::optional<Schedule> Schedule::fromTimerText(const QString &timer)
{
    QString onCalendar;
    QString activeSec;
    for (const QString &rawLine : timer.split(QLatin1Char('\n'))) {
        const QString line = rawLine.trimmed();
        if (line.startsWith(QLatin1String("OnCalendar=")))
            onCalendar = line.mid(int(qstrlen("OnCalendar="))).trimmed();
        else if (line.startsWith(QLatin1String("OnUnitActiveSec=")))
            activeSec = line.mid(int(qstrlen("OnUnitActiveSec="))).trimmed();
    }
    if (onCalendar.isEmpty()) {
        static const QRegularExpression minutesForm(QStringLiteral("^(\\d+)min$"));
        const QRegularExpressionMatch match = minutesForm.match(activeSec);
        if (!match.hasMatch())
            return std::nullopt;
        return everyMinutes(match.captured(1).toInt());
    }
    // The forms onCalendar() writes come back as what was chosen; anything else is an
    // expression of its own.
    static const QRegularExpression everyForm(QStringLiteral("^\\*:0/(\\d+)$"));
    static const QRegularExpression hoursForm(QStringLiteral("^0/(\\d+):00$"));
    static const QRegularExpression daysForm(QStringLiteral(
        "^(?:((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:,(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun))*) )?"
        "\\*-\\*-\\* (\\d\\d:\\d\\d):00$"));
    QRegularExpressionMatch match = everyForm.match(onCalendar);
    if (match.hasMatch())
        return everyMinutes(match.captured(1).toInt());
    if (onCalendar == QLatin1String("*:00"))
        return everyMinutes(60);
    match = hoursForm.match(onCalendar);
    if (match.hasMatch())
        return everyMinutes(match.captured(1).toInt() * 60);
    match = daysForm.match(onCalendar);
    if (match.hasMatch()) {
        const QTime time = QTime::fromString(match.captured(2), QStringLiteral("HH:mm"));
        if (match.captured(1).isEmpty())
            return dailyAt(time);
        QList<Qt::DayOfWeek> days;
        for (const QString &name : match.captured(1).split(QLatin1Char(','))) {
            for (int day = 0; day < 7; ++day) {
                if (name == QLatin1String(systemdDays[day]))
                    days.append(Qt::DayOfWeek(day + 1));
            }
        }
        return onDays(days, time);
    }
    return calendarExpression(onCalendar);
}

bool Schedule::operator==(const Schedule &other) const
{
    if (kind != other.kind)
        return false;
    switch (kind) {
    case Kind::EveryMinutes:
        return minutes == other.minutes;
    case Kind::Daily:
        return time == other.time;
    case Kind::Weekdays:
        return time == other.time && sortedDays(days) == sortedDays(other.days);
    case Kind::Calendar:
        return calendar.trimmed() == other.calendar.trimmed();
    }
    return false;
}
