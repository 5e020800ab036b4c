#include "ui/schedule/ScheduleDialog.h"

#include "core/history/RunHistory.h"
#include "core/schedule/SystemdUser.h"
#include "ui/Theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTimeEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace {

/// "today at 18:00", "tomorrow at 09:00", "Monday 7 December 2026 at 09:00".
QString whenText(const QDateTime &when)
{
    const QDateTime local = when.toLocalTime();
    const QDate today = QDate::currentDate();
    const QString time = local.toString(QStringLiteral("HH:mm"));
    if (local.date() == today)
        return ScheduleDialog::tr("today at %1").arg(time);
    if (local.date() == today.addDays(1))
        return ScheduleDialog::tr("tomorrow at %1").arg(time);
    if (local.date() == today.addDays(-1))
        return ScheduleDialog::tr("yesterday at %1").arg(time);
    return ScheduleDialog::tr("%1 at %2")
        .arg(QLocale().toString(local.date(), QStringLiteral("dddd d MMMM yyyy")), time);
}

QTimeEdit *timeEdit(QWidget *parent, const QString &name)
{
    auto *edit = new QTimeEdit(QTime(9, 0), parent);
    edit->setDisplayFormat(QStringLiteral("HH:mm"));
    edit->setObjectName(name);
    edit->setAccessibleName(ScheduleDialog::tr("Time of day"));
    return edit;
}

} // namespace

ScheduleDialog::ScheduleDialog(const Options &options, QWidget *parent)
    : QDialog(parent)
    , m_options(options)
    , m_useSystemd(SystemdUser::isAvailable())
    , m_check(new CalendarCheck(this))
    , m_systemd(new SystemdUser(this))
    , m_everyChoice(new QRadioButton(tr("Every"), this))
    , m_minutes(new QSpinBox(this))
    , m_dailyChoice(new QRadioButton(tr("Every day at"), this))
    , m_dailyTime(timeEdit(this, QStringLiteral("dailyTime")))
    , m_daysChoice(new QRadioButton(tr("On"), this))
    , m_daysTime(timeEdit(this, QStringLiteral("daysTime")))
    , m_calendarChoice(new QRadioButton(tr("Advanced: a systemd calendar expression"), this))
    , m_calendar(new QLineEdit(this))
    , m_nextRun(new QLabel(this))
    , m_lastRun(new QLabel(this))
    , m_cronBox(new QFrame(this))
    , m_cronIntro(new QLabel(m_cronBox))
    , m_cronLine(new QLineEdit(m_cronBox))
    , m_copyCron(new QPushButton(tr("Copy"), m_cronBox))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("Save"), this))
    , m_remove(new QPushButton(tr("Remove schedule"), this))
    , m_close(new QPushButton(tr("Cancel"), this))
{
    if (m_options.runner.isEmpty())
        m_options.runner = ScheduleUnits::defaultRunner();
    if (m_options.unitFolder.isEmpty())
        m_options.unitFolder = ScheduleUnits::userUnitFolder();
    if (m_options.historyLocation.isEmpty())
        m_options.historyLocation = RunHistory::locationFromEnvironment();
    const QString name = m_options.scenarioName.isEmpty()
        ? QFileInfo(m_options.scenarioFile).fileName()
        : m_options.scenarioName;
    setWindowTitle(tr("Schedule \u201c%1\u201d").arg(name));

    auto *heading = new QLabel(tr("Run this scenario automatically"), this);
    QFont bold = heading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    heading->setFont(bold);
    auto *file = new QLabel(tr("It runs the saved file %1, even while Scenarist is closed.")
                                .arg(QDir::toNativeSeparators(m_options.scenarioFile)),
        this);
    file->setWordWrap(true);
    file->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_everyChoice->setObjectName(QStringLiteral("everyChoice"));
    m_minutes->setObjectName(QStringLiteral("minutes"));
    m_minutes->setRange(Schedule::MinMinutes, Schedule::MaxMinutes);
    m_minutes->setValue(15);
    m_minutes->setAccessibleName(tr("Minutes between runs"));
    m_dailyChoice->setObjectName(QStringLiteral("dailyChoice"));
    m_daysChoice->setObjectName(QStringLiteral("daysChoice"));
    m_calendarChoice->setObjectName(QStringLiteral("calendarChoice"));
    m_calendar->setObjectName(QStringLiteral("calendar"));
    m_calendar->setPlaceholderText(QStringLiteral("Mon..Fri 09:00"));
    m_calendar->setAccessibleName(tr("Calendar expression"));

    auto *choices = new QGridLayout;
    choices->setColumnStretch(2, 1);
    choices->addWidget(m_everyChoice, 0, 0);
    auto *everyRow = new QHBoxLayout;
    everyRow->addWidget(m_minutes);
    everyRow->addWidget(new QLabel(tr("minutes"), this));
    everyRow->addStretch();
    choices->addLayout(everyRow, 0, 1, 1, 2);
    choices->addWidget(m_dailyChoice, 1, 0);
    auto *dailyRow = new QHBoxLayout;
    dailyRow->addWidget(m_dailyTime);
    dailyRow->addStretch();
    choices->addLayout(dailyRow, 1, 1, 1, 2);
    choices->addWidget(m_daysChoice, 2, 0);
    auto *daysRow = new QHBoxLayout;
    const QLocale locale;
    for (int day = Qt::Monday; day <= Qt::Sunday; ++day) {
        auto *box = new QCheckBox(locale.dayName(day, QLocale::ShortFormat), this);
        box->setObjectName(QStringLiteral("day%1").arg(day));
        box->setAccessibleName(locale.dayName(day));
        daysRow->addWidget(box);
        m_days.append(box);
        connect(box, &QCheckBox::toggled, this, [this, box] { chooseRowOf(box); });
    }
    daysRow->addWidget(new QLabel(tr("at"), this));
    daysRow->addWidget(m_daysTime);
    daysRow->addStretch();
    choices->addLayout(daysRow, 2, 1, 1, 2);
    choices->addWidget(m_calendarChoice, 3, 0, 1, 3);
    auto *calendarHelp = new QLabel(tr("For example \u201cMon..Fri 09:00\u201d or \u201c*-*-01 "
                                       "06:30\u201d (the first of each month). The user guide's "
                                       "page on schedules has more."),
        this);
    calendarHelp->setWordWrap(true);
    choices->addWidget(m_calendar, 4, 1, 1, 2);
    choices->addWidget(calendarHelp, 5, 1, 1, 2);

    auto *when = new QGridLayout;
    when->setColumnStretch(1, 1);
    when->addWidget(new QLabel(tr("Next run:"), this), 0, 0, Qt::AlignTop);
    m_nextRun->setObjectName(QStringLiteral("nextRun"));
    m_nextRun->setWordWrap(true);
    when->addWidget(m_nextRun, 0, 1);
    when->addWidget(new QLabel(tr("Last scheduled run:"), this), 1, 0, Qt::AlignTop);
    m_lastRun->setObjectName(QStringLiteral("lastRun"));
    m_lastRun->setWordWrap(true);
    when->addWidget(m_lastRun, 1, 1);

    auto *unsaved = new QLabel(tr("This scenario has changes that are not saved. A schedule runs "
                                  "the file as it was last saved: save to include them."),
        this);
    unsaved->setObjectName(QStringLiteral("unsavedNote"));
    unsaved->setWordWrap(true);
    QPalette warning = unsaved->palette();
    warning.setColor(QPalette::WindowText, Theme::warningText(palette()));
    unsaved->setPalette(warning);
    unsaved->setVisible(m_options.unsavedChanges);

    m_cronBox->setObjectName(QStringLiteral("cronBox"));
    m_cronBox->setFrameShape(QFrame::StyledPanel);
    m_cronIntro->setObjectName(QStringLiteral("cronIntro"));
    m_cronIntro->setWordWrap(true);
    m_cronLine->setObjectName(QStringLiteral("cronLine"));
    m_cronLine->setReadOnly(true);
    m_cronLine->setAccessibleName(tr("Crontab line"));
    m_copyCron->setObjectName(QStringLiteral("copyCron"));
    auto *cronRow = new QHBoxLayout;
    cronRow->addWidget(m_cronLine, 1);
    cronRow->addWidget(m_copyCron);
    auto *cronLayout = new QVBoxLayout(m_cronBox);
    cronLayout->addWidget(m_cronIntro);
    cronLayout->addLayout(cronRow);
    m_cronBox->setVisible(!m_useSystemd);

    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    m_save->setObjectName(QStringLiteral("saveSchedule"));
    m_save->setDefault(true);
    m_remove->setObjectName(QStringLiteral("removeSchedule"));
    m_close->setObjectName(QStringLiteral("closeSchedule"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_remove);
    buttons->addStretch();
    buttons->addWidget(m_close);
    buttons->addWidget(m_save);

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(file);
    layout->addLayout(choices);
    layout->addWidget(line);
    layout->addLayout(when);
    layout->addWidget(unsaved);
    layout->addWidget(m_cronBox);
    layout->addWidget(m_status);
    layout->addStretch();
    layout->addLayout(buttons);

    // Changing a row's value chooses that row.
    connect(m_minutes, &QSpinBox::valueChanged, this, [this] { chooseRowOf(m_minutes); });
    connect(m_dailyTime, &QTimeEdit::timeChanged, this, [this] { chooseRowOf(m_dailyTime); });
    connect(m_daysTime, &QTimeEdit::timeChanged, this, [this] { chooseRowOf(m_daysTime); });
    connect(m_calendar, &QLineEdit::textEdited, this, [this] { chooseRowOf(m_calendar); });
    for (QRadioButton *choice : {m_everyChoice, m_dailyChoice, m_daysChoice, m_calendarChoice}) {
        connect(choice, &QRadioButton::toggled, this, [this](bool on) {
            if (on)
                scheduleChanged();
        });
    }
    connect(m_check, &CalendarCheck::finished, this, &ScheduleDialog::showNextRun);
    connect(m_copyCron, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_cronLine->text());
        showStatus(tr("Copied the line. In a terminal, run crontab -e and paste it on a line of "
                      "its own."),
            false);
    });
    connect(m_save, &QPushButton::clicked, this, &ScheduleDialog::save);
    connect(m_remove, &QPushButton::clicked, this, &ScheduleDialog::removeSchedule);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);

    setChosenSchedule(savedSchedule().value_or(Schedule::everyMinutes(15)));
    showLastRun();
    updateButtons();
}

Schedule ScheduleDialog::chosenSchedule() const
{
    if (m_dailyChoice->isChecked())
        return Schedule::dailyAt(m_dailyTime->time());
    if (m_daysChoice->isChecked()) {
        QList<Qt::DayOfWeek> days;
        for (int i = 0; i < m_days.size(); ++i) {
            if (m_days.at(i)->isChecked())
                days.append(Qt::DayOfWeek(Qt::Monday + i));
        }
        return Schedule::onDays(days, m_daysTime->time());
    }
    if (m_calendarChoice->isChecked())
        return Schedule::calendarExpression(m_calendar->text());
    return Schedule::everyMinutes(m_minutes->value());
}

void ScheduleDialog::setChosenSchedule(const Schedule &schedule)
{
    switch (schedule.kind) {
    case Schedule::Kind::EveryMinutes:
        m_minutes->setValue(schedule.minutes);
        m_everyChoice->setChecked(true);
        break;
    case Schedule::Kind::Daily:
        m_dailyTime->setTime(schedule.time);
        m_dailyChoice->setChecked(true);
        break;
    case Schedule::Kind::Weekdays:
        for (int i = 0; i < m_days.size(); ++i)
            m_days.at(i)->setChecked(schedule.days.contains(Qt::DayOfWeek(Qt::Monday + i)));
        m_daysTime->setTime(schedule.time);
        m_daysChoice->setChecked(true);
        break;
    case Schedule::Kind::Calendar:
        m_calendar->setText(schedule.calendar);
        m_calendarChoice->setChecked(true);
        break;
    }
    scheduleChanged();
}

std::optional<Schedule> ScheduleDialog::savedSchedule() const
{
    return ScheduleUnits::read(m_options.unitFolder, m_options.scenarioFile);
}

ScheduledRun ScheduleDialog::scheduledRun() const
{
    ScheduledRun run;
    run.runner = m_options.runner;
    run.scenarioFile = m_options.scenarioFile;
    run.scenarioName = m_options.scenarioName;
    // Secrets saved in the app are in the keychain; the run asks it only for those it needs.
    run.arguments = QStringList {QStringLiteral("--keychain")}
        + ScheduleUnits::historyArguments(m_options.historyLocation);
    return run;
}

void ScheduleDialog::chooseRowOf(QWidget *input)
{
    QRadioButton *row = m_everyChoice;
    if (input == m_dailyTime)
        row = m_dailyChoice;
    else if (input == m_daysTime || qobject_cast<QCheckBox *>(input))
        row = m_daysChoice;
    else if (input == m_calendar)
        row = m_calendarChoice;
    if (row->isChecked())
        scheduleChanged();
    else
        row->setChecked(true); // toggled() calls scheduleChanged()
}

void ScheduleDialog::scheduleChanged()
{
    const Schedule schedule = chosenSchedule();
    const QString problem = schedule.problem();
    const QString onCalendar = schedule.onCalendar();
    m_lastCheck = CalendarCheck::Result();
    m_checking = false;
    QPalette colours = m_nextRun->palette();
    colours.setColor(QPalette::WindowText,
        problem.isEmpty() ? palette().color(QPalette::WindowText)
                          : Theme::statusText(ModuleRunStatus::Failed, palette()));
    m_nextRun->setPalette(colours);
    if (!problem.isEmpty()) {
        m_nextRun->setText(problem);
    } else if (onCalendar.isEmpty()) {
        m_nextRun->setText(tr("%1 minutes after the schedule starts, then %1 minutes after each "
                              "run.")
                               .arg(schedule.minutes));
    } else {
        m_nextRun->setText(tr("Working it out\u2026"));
        m_checking = true;
        m_check->start(onCalendar);
    }
    showCrontab();
    updateButtons();
}

void ScheduleDialog::showNextRun(const CalendarCheck::Result &result)
{
    if (result.expression != chosenSchedule().onCalendar())
        return; // the schedule changed since
    m_lastCheck = result;
    m_checking = false;
    QPalette colours = m_nextRun->palette();
    colours.setColor(QPalette::WindowText,
        result.checked && !result.valid ? Theme::statusText(ModuleRunStatus::Failed, palette())
                                        : palette().color(QPalette::WindowText));
    m_nextRun->setPalette(colours);
    if (!result.checked)
        m_nextRun->setText(tr("Not known here: this computer has no systemd-analyze to work it "
                              "out."));
    else if (!result.valid)
        m_nextRun->setText(result.error);
    else
        m_nextRun->setText(whenText(result.next));
    updateButtons();
    fitContents();
}

void ScheduleDialog::showLastRun()
{
    RunHistory history(m_options.historyLocation);
    QString error;
    if (!history.open(&error)) {
        m_lastRun->setText(tr("Not known: %1").arg(error));
        return;
    }
    const QList<HistoryRun> runs
        = history.runs(RunHistory::scenarioKey(m_options.scenarioFile), &error);
    for (const HistoryRun &run : runs) {
        if (run.trigger != RunTrigger::Schedule)
            continue;
        QString outcome;
        switch (run.status) {
        case HistoryStatus::Success:
            outcome = tr("succeeded");
            break;
        case HistoryStatus::Warning:
            outcome = tr("finished with a warning: some bundles were left incomplete");
            break;
        case HistoryStatus::Error:
            outcome = tr("failed");
            break;
        }
        m_lastRun->setText(tr("%1, %2 (the History panel shows what it did)")
                               .arg(whenText(run.startedAt), outcome));
        QPalette colours = m_lastRun->palette();
        colours.setColor(QPalette::WindowText,
            run.status == HistoryStatus::Error
                ? Theme::statusText(ModuleRunStatus::Failed, palette())
                : run.status == HistoryStatus::Warning ? Theme::warningText(palette())
                                                       : palette().color(QPalette::WindowText));
        m_lastRun->setPalette(colours);
        return;
    }
    m_lastRun->setText(error.isEmpty() ? tr("Not run yet") : tr("Not known: %1").arg(error));
}

void ScheduleDialog::showCrontab()
{
    if (m_useSystemd)
        return;
    QString why;
    const QString line = ScheduleUnits::crontabLine(scheduledRun(), chosenSchedule(), &why);
    m_cronLine->setText(line);
    m_cronLine->setCursorPosition(0);
    m_cronLine->setVisible(!line.isEmpty());
    m_copyCron->setVisible(!line.isEmpty());
    QTimer::singleShot(0, this, &ScheduleDialog::fitContents);
    m_cronIntro->setText(line.isEmpty()
            ? tr("This session has no systemd to start the schedule, and %1").arg(why)
            : tr("This session has no systemd to start the schedule. To run it with cron "
                 "instead, run crontab -e in a terminal and add this line:"));
}

void ScheduleDialog::save()
{
    const Schedule schedule = chosenSchedule();
    if (const QString problem = schedule.problem(); !problem.isEmpty()) {
        showStatus(problem, true);
        return;
    }
    if (m_lastCheck.checked && !m_lastCheck.valid) {
        showStatus(m_lastCheck.error, true);
        return;
    }
    const ScheduledRun run = scheduledRun();
    if (!QFileInfo(run.runner).isExecutable()) {
        showStatus(tr("Scenarist cannot find scenarist-run, which runs scheduled scenarios (it "
                      "looked for %1). Install Scenarist again, then save the schedule.")
                       .arg(QDir::toNativeSeparators(run.runner)),
            true);
        return;
    }
    QString error;
    if (!ScheduleUnits::write(m_options.unitFolder, run, schedule, nullptr, &error)) {
        showStatus(error, true);
        return;
    }
    updateButtons();
    const QString timer = ScheduleUnits::unitName(run.scenarioFile) + QStringLiteral(".timer");
    if (!m_useSystemd) {
        const QString message
            = tr("Saved the schedule in %1, but this session has no systemd to start it. Use "
                 "the crontab line above, or start it where systemd runs with: systemctl --user "
                 "enable --now %2")
                  .arg(QDir::toNativeSeparators(m_options.unitFolder), timer);
        showStatus(message, false);
        emit saved(message);
        return;
    }
    setBusy(true);
    showStatus(tr("Starting the schedule\u2026"), false);
    disconnect(m_systemd, nullptr, this, nullptr);
    connect(m_systemd, &SystemdUser::finished, this, [this, schedule](bool ok, const QString &why) {
        setBusy(false);
        if (!ok) {
            showStatus(
                tr("The schedule is saved, but systemd did not start it. %1").arg(why), true);
            return;
        }
        const QString message = tr("Scheduled: it runs %1.").arg(schedule.describe());
        emit saved(message);
        accept();
    });
    m_systemd->run({{QStringLiteral("daemon-reload")},
        {QStringLiteral("enable"), QStringLiteral("--now"), timer}});
}

void ScheduleDialog::removeSchedule()
{
    const QString timer
        = ScheduleUnits::unitName(m_options.scenarioFile) + QStringLiteral(".timer");
    const auto deleteUnits = [this]() -> bool {
        QString error;
        if (!ScheduleUnits::remove(m_options.unitFolder, m_options.scenarioFile, nullptr, &error)) {
            showStatus(error, true);
            return false;
        }
        return true;
    };
    if (!m_useSystemd) {
        if (!deleteUnits())
            return;
        updateButtons();
        const QString message = tr("Removed the schedule. If you added its line to your "
                                   "crontab, take it out too: run crontab -e in a terminal.");
        showStatus(message, false);
        emit removed(message);
        return;
    }
    // Stopped and disabled while its files are there (disabling reads them), deleted, then
    // systemd reloads its units.
    setBusy(true);
    showStatus(tr("Stopping the schedule\u2026"), false);
    disconnect(m_systemd, nullptr, this, nullptr);
    connect(m_systemd, &SystemdUser::finished, this,
        [this, deleteUnits](bool, const QString &stopError) {
            if (!deleteUnits()) {
                setBusy(false);
                return;
            }
            disconnect(m_systemd, nullptr, this, nullptr);
            connect(m_systemd, &SystemdUser::finished, this,
                [this, stopError](bool ok, const QString &why) {
                    setBusy(false);
                    if (!ok || !stopError.isEmpty()) {
                        showStatus(tr("The schedule's files are deleted, but systemd said: %1")
                                       .arg(stopError.isEmpty() ? why : stopError),
                            true);
                        return;
                    }
                    emit removed(tr("Removed the schedule."));
                    accept();
                });
            m_systemd->run({{QStringLiteral("daemon-reload")}});
        });
    m_systemd->run({{QStringLiteral("disable"), QStringLiteral("--now"), timer}});
}

void ScheduleDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *input : std::initializer_list<QWidget *> {m_everyChoice, m_minutes, m_dailyChoice,
             m_dailyTime, m_daysChoice, m_daysTime, m_calendarChoice, m_calendar})
        input->setEnabled(!busy);
    for (QCheckBox *day : std::as_const(m_days))
        day->setEnabled(!busy);
    m_close->setEnabled(!busy);
    updateButtons();
}

void ScheduleDialog::showStatus(const QString &text, bool problem)
{
    QPalette colours = m_status->palette();
    colours.setColor(QPalette::WindowText,
        problem ? Theme::statusText(ModuleRunStatus::Failed, palette())
                : palette().color(QPalette::WindowText));
    m_status->setPalette(colours);
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    fitContents();
}

void ScheduleDialog::fitContents()
{
    // Texts that arrive later (the next run, systemd's answer) may need more lines than the
    // dialog had: it grows rather than squeezing the lines above.
    if (!isVisible() || !layout())
        return;
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

void ScheduleDialog::updateButtons()
{
    const Schedule schedule = chosenSchedule();
    // An expression of one's own is saved once systemd has read it (when it can be asked).
    const bool calendarRefused = (m_lastCheck.checked && !m_lastCheck.valid)
        || (m_checking && schedule.kind == Schedule::Kind::Calendar);
    m_save->setEnabled(!m_busy && schedule.problem().isEmpty() && !calendarRefused);
    m_remove->setEnabled(!m_busy && savedSchedule().has_value());
    m_close->setText(savedSchedule() ? tr("Close") : tr("Cancel"));
}
