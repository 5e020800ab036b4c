#pragma once

#include <QList>
#include <QString>
#include <QTime>

#include <optional>

/// When a saved scenario runs on its own (docs/schedules.md): every N minutes, every day at
/// a time, on chosen days of the week at a time, or at the times of a systemd calendar
/// expression. ScheduleUnits turns it into a systemd timer or a crontab line.
struct Schedule
{
    enum class Kind { EveryMinutes, Daily, Weekdays, Calendar };

    static constexpr int MinMinutes = 1;
    static constexpr int MaxMinutes = 1440;

    Kind kind = Kind::EveryMinutes;
    int minutes = 15; ///< EveryMinutes: from MinMinutes to MaxMinutes
    QTime time = QTime(9, 0); ///< Daily and Weekdays, to the minute
    QList<Qt::DayOfWeek> days; ///< Weekdays: at least one, Monday first
    QString calendar; ///< Calendar: as `systemd-analyze calendar` reads it

    static Schedule everyMinutes(int minutes);
    static Schedule dailyAt(QTime time);
    static Schedule onDays(const QList<Qt::DayOfWeek> &days, QTime time);
    static Schedule calendarExpression(const QString &expression);

    /// What is wrong with it in plain words, or an empty text when it can be used. A
    /// calendar expression's own grammar is checked by CalendarCheck.
    QString problem() const;
    /// The timer's OnCalendar= value; empty when the timer counts minutes instead (every N
    /// minutes where N does not divide an hour or a day into whole hours).
    QString onCalendar() const;
    /// "every 15 minutes", "every day at 09:00", "on Monday and Friday at 09:00", …
    QString describe() const;

    /// The minutes of `--every`: "15min", "15m", "15" or "2h"; nullopt with *error in plain
    /// words when the text is not one of those, or not from 1 minute to a day.
    static std::optional<int> parseEvery(const QString &text, QString *error);
    /// The schedule a timer written by ScheduleUnits::timerText() runs on; nullopt when the
    /// text has no OnCalendar= or OnUnitActiveSec= line.
    static std::optional<Schedule> fromTimerText(const QString &timer);

    bool operator==(const Schedule &other) const;
    bool operator!=(const Schedule &other) const { return !(*this == other); }
};
