// Scenario › Schedule… (docs/schedules.md): choosing a schedule and saving it writes the
// scenario's systemd timer, the dialog opens again with it, "Remove schedule" deletes it, the
// last scheduled run's result comes from the history, and an unsaved scenario is saved first.
// The test has no systemd user session, so the dialog shows the crontab line instead of
// calling systemctl.

#include "UiTestSupport.h"
#include "core/history/RunHistory.h"
#include "core/model/Scenario.h"
#include "core/schedule/CalendarCheck.h"
#include "core/schedule/ScheduleUnits.h"
#include "ui/MainWindow.h"
#include "ui/schedule/ScheduleDialog.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimeEdit>
#include <QtTest>

namespace {

QString example(const char *name)
{
    return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

template <typename T> T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no %s", name);
    return found;
}

/// Saves to `path` in the next file dialog as soon as it shows (for at most 5 s).
void answerNextFileDialog(const QString &path)
{
    auto *timer = new QTimer(qApp);
    auto *clock = new QElapsedTimer;
    clock->start();
    QObject::connect(timer, &QTimer::timeout, qApp, [=] {
        if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
            dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(path);
            QMetaObject::invokeMethod(dialog, "accept");
        } else if (clock->elapsed() < 5000) {
            return;
        }
        timer->deleteLater();
        delete clock;
    });
    timer->start(20);
}

} // namespace

class TestScheduleDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void everyFifteenMinutesIsSavedAndComesBack();
    void chosenDaysComeBack();
    void removeDeletesTheUnits();
    void lastScheduledRunFromTheHistory();
    void calendarExpressionSystemdCannotReadIsNotSaved();
    void missingRunnerIsSaidAndNothingWritten();
    void withSystemdSaveStartsAndRemoveStops();
    void systemdErrorIsShown();
    void unsavedScenarioIsSavedFirst();

private:
    ScheduleDialog::Options options() const;
    QString unitPath(const char *ending) const;

    QTemporaryDir m_home;
    QString m_file;
};

void TestScheduleDialog::initTestCase()
{
    // Units and settings go into this test's folders (XDG_CONFIG_HOME), and there is no
    // systemd user manager to reach (no XDG_RUNTIME_DIR): nothing is started for real.
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
    qunsetenv("XDG_RUNTIME_DIR");
    QVERIFY(!QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                 .startsWith(QDir::homePath() + QStringLiteral("/.config")));
}

void TestScheduleDialog::init()
{
    QDir(ScheduleUnits::userUnitFolder()).removeRecursively();
    m_file = m_home.filePath(QStringLiteral("daily orders.scenario.json"));
    QFile::remove(m_file);
    QVERIFY(QFile::copy(example("oauth2-client-credentials.scenario.json"), m_file));
}

ScheduleDialog::Options TestScheduleDialog::options() const
{
    ScheduleDialog::Options options;
    options.scenarioFile = m_file;
    options.scenarioName = QStringLiteral("Daily orders");
    options.runner = QStringLiteral(SCENARIST_RUN_EXECUTABLE);
    options.historyLocation = m_home.filePath(QStringLiteral("history.sqlite"));
    return options;
}

QString TestScheduleDialog::unitPath(const char *ending) const
{
    return ScheduleUnits::userUnitFolder() + QLatin1Char('/') + ScheduleUnits::unitName(m_file)
        + QLatin1String(ending);
}

void TestScheduleDialog::everyFifteenMinutesIsSavedAndComesBack()
{
    {
        ScheduleDialog dialog(options());
        dialog.show();
        QVERIFY(!dialog.usesSystemd());
        QVERIFY(!child<QPushButton>(&dialog, "removeSchedule")->isEnabled());
        // Another choice first, then "Every 15 minutes".
        child<QRadioButton>(&dialog, "dailyChoice")->click();
        QVERIFY(!child<QRadioButton>(&dialog, "everyChoice")->isChecked());
        // Changing the minutes chooses their row.
        child<QSpinBox>(&dialog, "minutes")->setValue(30);
        QVERIFY(child<QRadioButton>(&dialog, "everyChoice")->isChecked());
        child<QSpinBox>(&dialog, "minutes")->setValue(15);

        // No systemd here: the same schedule as a crontab line, to copy.
        auto *cron = child<QLineEdit>(&dialog, "cronLine");
        QVERIFY(cron->isVisible());
        QCOMPARE(cron->text(),
            QStringLiteral("*/15 * * * * %1 --trigger schedule --keychain --history-db %2 '%3'")
                .arg(QStringLiteral(SCENARIST_RUN_EXECUTABLE), options().historyLocation, m_file));
        child<QPushButton>(&dialog, "copyCron")->click();
        QCOMPARE(QApplication::clipboard()->text(), cron->text());
        if (!CalendarCheck::program().isEmpty()) {
            // The next quarter of an hour, as systemd works it out.
            QTRY_VERIFY_WITH_TIMEOUT(
                child<QLabel>(&dialog, "nextRun")->text().startsWith(QLatin1String("today at "))
                    || child<QLabel>(&dialog, "nextRun")
                           ->text()
                           .startsWith(QLatin1String("tomorrow at ")),
                10000);
            const QString next = child<QLabel>(&dialog, "nextRun")->text().right(5);
            QCOMPARE(next.right(2).toInt() % 15, 0);
        }

        QSignalSpy saved(&dialog, &ScheduleDialog::saved);
        child<QPushButton>(&dialog, "saveSchedule")->click();
        QCOMPARE(saved.size(), 1);
        QVERIFY(child<QLabel>(&dialog, "status")
                    ->text()
                    .contains(QLatin1String("no systemd to start it")));
    }
    const QString timer = readText(unitPath(".timer"));
    QVERIFY2(
        timer.contains(QLatin1String("\nOnCalendar=*:0/15\nPersistent=true\n")), qPrintable(timer));
    QVERIFY(readText(unitPath(".service"))
                .contains(QStringLiteral("ExecStart=%1 --trigger schedule")
                              .arg(QStringLiteral(SCENARIST_RUN_EXECUTABLE))));

    ScheduleDialog again(options());
    again.show();
    QVERIFY(child<QRadioButton>(&again, "everyChoice")->isChecked());
    QCOMPARE(child<QSpinBox>(&again, "minutes")->value(), 15);
    QVERIFY(child<QPushButton>(&again, "removeSchedule")->isEnabled());
    QVERIFY(again.chosenSchedule() == Schedule::everyMinutes(15));
}

void TestScheduleDialog::chosenDaysComeBack()
{
    {
        ScheduleDialog dialog(options());
        child<QCheckBox>(&dialog, "day1")->click();
        child<QCheckBox>(&dialog, "day5")->click();
        QVERIFY(child<QRadioButton>(&dialog, "daysChoice")->isChecked());
        child<QTimeEdit>(&dialog, "daysTime")->setTime(QTime(7, 30));
        child<QPushButton>(&dialog, "saveSchedule")->click();
        QVERIFY(child<QLineEdit>(&dialog, "cronLine")
                    ->text()
                    .startsWith(QStringLiteral("30 7 * * 1,5 %1 ")
                                    .arg(QStringLiteral(SCENARIST_RUN_EXECUTABLE))));
    }
    QVERIFY(readText(unitPath(".timer"))
                .contains(QLatin1String("\nOnCalendar=Mon,Fri *-*-* 07:30:00\n")));
    ScheduleDialog again(options());
    QVERIFY(child<QRadioButton>(&again, "daysChoice")->isChecked());
    QVERIFY(child<QCheckBox>(&again, "day1")->isChecked());
    QVERIFY(!child<QCheckBox>(&again, "day2")->isChecked());
    QVERIFY(child<QCheckBox>(&again, "day5")->isChecked());
    QCOMPARE(child<QTimeEdit>(&again, "daysTime")->time(), QTime(7, 30));

    // No day chosen: Save cannot be pressed, and the dialog says why.
    for (const char *day : {"day1", "day5"})
        child<QCheckBox>(&again, day)->click();
    QVERIFY(!child<QPushButton>(&again, "saveSchedule")->isEnabled());
    QCOMPARE(child<QLabel>(&again, "nextRun")->text(),
        QStringLiteral("Choose at least one day of the week."));
}

void TestScheduleDialog::removeDeletesTheUnits()
{
    ScheduleDialog dialog(options());
    dialog.show();
    child<QPushButton>(&dialog, "saveSchedule")->click();
    QVERIFY(QFile::exists(unitPath(".timer")));
    QVERIFY(QFile::exists(unitPath(".service")));
    auto *remove = child<QPushButton>(&dialog, "removeSchedule");
    QVERIFY(remove->isEnabled());
    QSignalSpy removed(&dialog, &ScheduleDialog::removed);
    remove->click();
    QCOMPARE(removed.size(), 1);
    QVERIFY(!QFile::exists(unitPath(".timer")));
    QVERIFY(!QFile::exists(unitPath(".service")));
    QVERIFY(!remove->isEnabled());
    // Without systemd the person may have used the crontab line: the dialog says to take it
    // out too.
    QVERIFY2(child<QLabel>(&dialog, "status")->text().contains(QLatin1String("crontab -e")),
        qPrintable(child<QLabel>(&dialog, "status")->text()));
    QVERIFY(!ScheduleDialog(options()).savedSchedule());
}

void TestScheduleDialog::lastScheduledRunFromTheHistory()
{
    QCOMPARE(child<QLabel>(std::make_unique<ScheduleDialog>(options()).get(), "lastRun")->text(),
        QStringLiteral("Not run yet"));

    RunHistory history(options().historyLocation);
    QString error;
    QVERIFY2(history.open(&error), qPrintable(error));
    const auto record = [&](RunTrigger trigger, HistoryStatus status, const QDateTime &at) {
        HistoryRun run;
        run.scenarioPath = RunHistory::scenarioKey(m_file);
        run.scenarioName = QStringLiteral("Daily orders");
        run.startedAt = at;
        run.endedAt = at.addSecs(2);
        run.trigger = trigger;
        run.status = status;
        QVERIFY2(history.record(run, &error) > 0, qPrintable(error));
    };
    const QDateTime yesterday = QDateTime(QDate::currentDate().addDays(-1), QTime(6, 45)).toUTC();
    record(RunTrigger::Schedule, HistoryStatus::Success, yesterday.addDays(-1));
    record(RunTrigger::Schedule, HistoryStatus::Error, yesterday);
    // Newer runs that no schedule started do not count.
    record(RunTrigger::App, HistoryStatus::Success, yesterday.addSecs(3600));
    record(RunTrigger::Headless, HistoryStatus::Success, yesterday.addSecs(7200));

    ScheduleDialog dialog(options());
    QCOMPARE(child<QLabel>(&dialog, "lastRun")->text(),
        QStringLiteral("yesterday at 06:45, failed (the History panel shows what it did)"));
}

void TestScheduleDialog::calendarExpressionSystemdCannotReadIsNotSaved()
{
    if (CalendarCheck::program().isEmpty())
        QSKIP("systemd-analyze is not installed (packaging/setup-debian.sh installs it)");
    ScheduleDialog dialog(options());
    dialog.show();
    auto *calendar = child<QLineEdit>(&dialog, "calendar");
    calendar->setFocus();
    QTest::keyClicks(calendar, QStringLiteral("every other tuesday"));
    QVERIFY(child<QRadioButton>(&dialog, "calendarChoice")->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(
        child<QLabel>(&dialog, "nextRun")->text().startsWith(QLatin1String("systemd cannot read")),
        10000);
    QVERIFY(!child<QPushButton>(&dialog, "saveSchedule")->isEnabled());
    // cron cannot say it either, and the dialog says so instead of a line.
    QVERIFY(!child<QLineEdit>(&dialog, "cronLine")->isVisibleTo(&dialog));
    QVERIFY(child<QLabel>(&dialog, "cronIntro")->text().contains(QLatin1String("cron cannot")));

    calendar->clear();
    QTest::keyClicks(calendar, QStringLiteral("Mon..Fri 09:00"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(&dialog, "saveSchedule")->isEnabled(), 10000);
    QVERIFY(child<QLabel>(&dialog, "nextRun")->text().endsWith(QLatin1String("at 09:00")));
    child<QPushButton>(&dialog, "saveSchedule")->click();
    QVERIFY(readText(unitPath(".timer")).contains(QLatin1String("\nOnCalendar=Mon..Fri 09:00\n")));
    QVERIFY(ScheduleDialog(options()).chosenSchedule()
        == Schedule::calendarExpression(QStringLiteral("Mon..Fri 09:00")));
}

void TestScheduleDialog::missingRunnerIsSaidAndNothingWritten()
{
    ScheduleDialog::Options withoutRunner = options();
    withoutRunner.runner = m_home.filePath(QStringLiteral("nowhere/scenarist-run"));
    ScheduleDialog dialog(withoutRunner);
    dialog.show();
    QSignalSpy saved(&dialog, &ScheduleDialog::saved);
    child<QPushButton>(&dialog, "saveSchedule")->click();
    QCOMPARE(saved.size(), 0);
    QVERIFY(child<QLabel>(&dialog, "status")
                ->text()
                .startsWith(QLatin1String("Scenarist cannot find scenarist-run")));
    QVERIFY(!QFile::exists(unitPath(".timer")));
}

namespace {

/// A systemd user session for the dialog: XDG_RUNTIME_DIR with systemd's socket, and a
/// systemctl first on PATH that writes its arguments into `log` (and fails with systemd's
/// words when `fail` is set). Undone when it goes.
struct FakeSystemd
{
    explicit FakeSystemd(bool fail = false)
        : path(qgetenv("PATH"))
    {
        QDir(dir.path()).mkpath(QStringLiteral("runtime/systemd"));
        QDir(dir.path()).mkpath(QStringLiteral("bin"));
        QFile socket(dir.filePath(QStringLiteral("runtime/systemd/private")));
        socket.open(QIODevice::WriteOnly);
        QFile script(dir.filePath(QStringLiteral("bin/systemctl")));
        script.open(QIODevice::WriteOnly);
        script.write(QStringLiteral("#!/bin/sh\necho \"$*\" >>'%1'\n%2")
                         .arg(log(),
                             fail ? QStringLiteral("echo 'Failed to connect to bus: No medium "
                                                   "found' >&2\nexit 1\n")
                                  : QString())
                         .toUtf8());
        script.setPermissions(script.permissions() | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir.filePath(QStringLiteral("runtime")).toUtf8());
        qputenv("PATH", dir.filePath(QStringLiteral("bin")).toUtf8() + ':' + path);
    }
    ~FakeSystemd()
    {
        qunsetenv("XDG_RUNTIME_DIR");
        qputenv("PATH", path);
    }
    QString log() const { return dir.filePath(QStringLiteral("systemctl.log")); }
    QStringList calls() const
    {
        return readText(log()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    QTemporaryDir dir;
    QByteArray path;
};

} // namespace

void TestScheduleDialog::withSystemdSaveStartsAndRemoveStops()
{
    FakeSystemd systemd;
    const QString timer = ScheduleUnits::unitName(m_file) + QStringLiteral(".timer");
    {
        ScheduleDialog dialog(options());
        dialog.show();
        QVERIFY(dialog.usesSystemd());
        QVERIFY(!child<QWidget>(&dialog, "cronBox")->isVisible());
        QSignalSpy saved(&dialog, &ScheduleDialog::saved);
        child<QPushButton>(&dialog, "saveSchedule")->click();
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.first().first().toString(),
            QStringLiteral("Scheduled: it runs every 15 minutes."));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QCOMPARE(systemd.calls(),
        QStringList({QStringLiteral("--user daemon-reload"),
            QStringLiteral("--user enable --now ") + timer}));
    QVERIFY(QFile::exists(unitPath(".timer")));

    QFile::remove(systemd.log());
    ScheduleDialog dialog(options());
    dialog.show();
    QSignalSpy removed(&dialog, &ScheduleDialog::removed);
    child<QPushButton>(&dialog, "removeSchedule")->click();
    QVERIFY(removed.wait(10000));
    // Disabled while its files were there, then deleted and forgotten.
    QCOMPARE(systemd.calls(),
        QStringList({QStringLiteral("--user disable --now ") + timer,
            QStringLiteral("--user daemon-reload")}));
    QVERIFY(!QFile::exists(unitPath(".timer")));
    QVERIFY(!QFile::exists(unitPath(".service")));
}

void TestScheduleDialog::systemdErrorIsShown()
{
    FakeSystemd systemd(true);
    ScheduleDialog dialog(options());
    dialog.show();
    child<QPushButton>(&dialog, "saveSchedule")->click();
    auto *status = child<QLabel>(&dialog, "status");
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(&dialog, "saveSchedule")->isEnabled(), 10000);
    QCOMPARE(status->text(),
        QStringLiteral(
            "The schedule is saved, but systemd did not start it. \u201csystemctl --user "
            "daemon-reload\u201d did not work: Failed to connect to bus: No medium "
            "found"));
    QVERIFY(dialog.isVisible());
    QCOMPARE(systemd.calls().size(), 1); // it stopped at the first error
}

void TestScheduleDialog::unsavedScenarioIsSavedFirst()
{
    QTemporaryDir dir;
    MainWindow window(UiTestSupport::windowOptions(dir));
    window.show();
    window.openExample();
    QVERIFY(window.filePath().isEmpty());
    QAction *schedule = window.scheduleAction();
    QVERIFY(schedule->isEnabled());

    // "Cancel": no file, no schedule dialog.
    bool asked = false;
    QString text;
    UiTestSupport::answerNextMessageBox(QMessageBox::Cancel, &asked, &text);
    schedule->trigger();
    QVERIFY(asked);
    QVERIFY2(text.contains(QLatin1String("A schedule runs the scenario's saved file")),
        qPrintable(text));
    QVERIFY(!window.findChild<ScheduleDialog *>());

    // "Save": the file is saved where the person says, then the dialog is about it.
    const QString path = dir.filePath(QStringLiteral("example.scenario.json"));
    asked = false;
    UiTestSupport::answerNextMessageBox(QMessageBox::Save, &asked);
    answerNextFileDialog(path);
    schedule->trigger();
    QVERIFY(asked);
    QCOMPARE(window.filePath(), path);
    QTRY_VERIFY(window.findChild<ScheduleDialog *>());
    auto *dialog = window.findChild<ScheduleDialog *>();
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->windowTitle().contains(window.scenario()->name()));
    QVERIFY(!child<QLabel>(dialog, "unsavedNote")->isVisible());
    dialog->reject();
    QTRY_VERIFY(!window.findChild<ScheduleDialog *>());

    // Changes not saved: the dialog says the schedule runs the file as saved.
    QVERIFY(window.addModule() != 0);
    schedule->trigger();
    QTRY_VERIFY(window.findChild<ScheduleDialog *>());
    dialog = window.findChild<ScheduleDialog *>();
    QVERIFY(child<QLabel>(dialog, "unsavedNote")->isVisible());
    QVERIFY(child<QLabel>(dialog, "unsavedNote")->text().contains(QLatin1String("last saved")));
    dialog->reject();
}

QTEST_MAIN(TestScheduleDialog)
#include "tst_schedule_dialog.moc"
