#pragma once

#include "core/schedule/CalendarCheck.h"
#include "core/schedule/Schedule.h"
#include "core/schedule/ScheduleUnits.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTimeEdit;
class QWidget;
class SystemdUser;

/// Scenario › Schedule…: runs the saved scenario file on its own (docs/schedules.md), every
/// N minutes, every day, on chosen days or at the times of a systemd calendar expression.
/// Save writes a systemd user service and timer and starts the timer when this session has a
/// systemd user manager; without one it shows the crontab line that does the same. It opens
/// with the file's current schedule, read from its timer, and shows the next run (from
/// systemd-analyze) and how the last scheduled run ended (from the run history).
class ScheduleDialog : public QDialog
{
    Q_OBJECT
public:
    struct Options
    {
        QString scenarioFile; ///< the saved file the schedule runs
        QString scenarioName;
        bool unsavedChanges = false; ///< the editor has changes the file does not
        /// scenarist-run; empty: ScheduleUnits::defaultRunner().
        QString runner;
        /// Where the units go; empty: ScheduleUnits::userUnitFolder().
        QString unitFolder;
        /// The run history with the last result; empty: RunHistory::locationFromEnvironment().
        QString historyLocation;
    };

    explicit ScheduleDialog(const Options &options, QWidget *parent = nullptr);

    /// The schedule as chosen in the dialog (which may not be usable: Schedule::problem()).
    Schedule chosenSchedule() const;
    void setChosenSchedule(const Schedule &schedule);
    /// The schedule the file has now, as its timer says; nullopt when it has none.
    std::optional<Schedule> savedSchedule() const;
    /// Systemd's user manager is reached (SystemdUser::isAvailable()) unless told otherwise.
    bool usesSystemd() const { return m_useSystemd; }

    /// Writes the units, then (with systemd) reloads and starts the timer; saved() or the
    /// error in the dialog follow.
    void save();
    /// Stops the timer (with systemd) and deletes the units; removed() follows.
    void removeSchedule();

signals:
    /// The units were written (and, with systemd, the timer started): `message` says so.
    void saved(const QString &message);
    /// The schedule is gone: `message` says so.
    void removed(const QString &message);

private:
    ScheduledRun scheduledRun() const;
    void chooseRowOf(QWidget *input);
    void scheduleChanged();
    void showNextRun(const CalendarCheck::Result &result);
    void showLastRun();
    void showCrontab();
    void setBusy(bool busy);
    void showStatus(const QString &text, bool problem);
    void updateButtons();
    void fitContents();

    Options m_options;
    bool m_useSystemd = false;
    bool m_busy = false;
    bool m_checking = false; ///< systemd-analyze is asked about the chosen schedule
    CalendarCheck *m_check;
    SystemdUser *m_systemd;
    CalendarCheck::Result m_lastCheck;

    QRadioButton *m_everyChoice;
    QSpinBox *m_minutes;
    QRadioButton *m_dailyChoice;
    QTimeEdit *m_dailyTime;
    QRadioButton *m_daysChoice;
    QList<QCheckBox *> m_days; ///< Monday first
    QTimeEdit *m_daysTime;
    QRadioButton *m_calendarChoice;
    QLineEdit *m_calendar;
    QLabel *m_nextRun;
    QLabel *m_lastRun;
    QFrame *m_cronBox;
    QLabel *m_cronIntro;
    QLineEdit *m_cronLine;
    QPushButton *m_copyCron;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_remove;
    QPushButton *m_close;
};
