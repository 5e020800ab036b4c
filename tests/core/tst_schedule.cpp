// Schedules (docs/schedules.md): the systemd timer and service each kind of schedule writes,
// the crontab line that says the same, reading a schedule back from its timer, and asking
// systemd-analyze about calendar expressions.

#include "core/schedule/CalendarCheck.h"
#include "core/schedule/Schedule.h"
#include "core/schedule/ScheduleUnits.h"
#include "core/schedule/SystemdUser.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

Q_DECLARE_METATYPE(Schedule)

namespace {

ScheduledRun sampleRun(const QString &file = QStringLiteral("/home/ann/orders.scenario.json"))
{
    ScheduledRun run;
    run.runner = QStringLiteral("/usr/bin/scenarist-run");
    run.scenarioFile = file;
    run.scenarioName = QStringLiteral("Orders");
    return run;
}

/// The lines of `text` under its [Timer] section, without comments.
QStringList timerLines(const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    QStringList section;
    bool inTimer = false;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1Char('[')))
            inTimer = line == QLatin1String("[Timer]");
        else if (inTimer && !line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            section.append(line);
    }
    return section;
}

} // namespace

class TestSchedule : public QObject
{
    Q_OBJECT

private slots:
    void timerLinesOfEachForm_data();
    void timerLinesOfEachForm();
    void serviceRunsTheFileWithTheScheduleTrigger();
    void execStartQuotesAsSystemdReadsIt_data();
    void execStartQuotesAsSystemdReadsIt();
    void crontabLineOfEachForm_data();
    void crontabLineOfEachForm();
    void crontabSaysWhatItCannotDo();
    void problemsInPlainWords_data();
    void problemsInPlainWords();
    void everyReadsMinutesAndHours_data();
    void everyReadsMinutesAndHours();
    void unitNameIsStablePerFile();
    void writeReadAndRemove();
    void calendarCheckReadsSystemdAnalyze();
    void calendarCheckAsksSystemd();
    void noUserManagerWithoutRuntimeFolder();
};

void TestSchedule::timerLinesOfEachForm_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("description");
    const QStringList persistent {QStringLiteral("Persistent=true")};
    QTest::newRow("every 15 minutes")
        << Schedule::everyMinutes(15)
        << QStringList {QStringLiteral("OnCalendar=*:0/15")} + persistent
        << QStringLiteral("every 15 minutes");
    QTest::newRow("every minute") << Schedule::everyMinutes(1)
                                  << QStringList {QStringLiteral("OnCalendar=*:0/1")} + persistent
                                  << QStringLiteral("every minute");
    QTest::newRow("every hour") << Schedule::everyMinutes(60)
                                << QStringList {QStringLiteral("OnCalendar=*:00")} + persistent
                                << QStringLiteral("every 60 minutes");
    QTest::newRow("every 2 hours") << Schedule::everyMinutes(120)
                                   << QStringList {QStringLiteral("OnCalendar=0/2:00")} + persistent
                                   << QStringLiteral("every 120 minutes");
    // An hour does not divide into 90 minutes: counted from the last run instead.
    QTest::newRow("every 90 minutes") << Schedule::everyMinutes(90)
                                      << QStringList {QStringLiteral("OnActiveSec=90min"),
                                             QStringLiteral("OnUnitActiveSec=90min")}
                                      << QStringLiteral("every 90 minutes");
    QTest::newRow("every day") << Schedule::everyMinutes(1440)
                               << QStringList {QStringLiteral("OnActiveSec=1440min"),
                                      QStringLiteral("OnUnitActiveSec=1440min")}
                               << QStringLiteral("every 1440 minutes");
    QTest::newRow("daily at 07:05")
        << Schedule::dailyAt(QTime(7, 5, 42))
        << QStringList {QStringLiteral("OnCalendar=*-*-* 07:05:00")} + persistent
        << QStringLiteral("every day at 07:05");
    QTest::newRow("Friday and Monday at 18:30")
        << Schedule::onDays({Qt::Friday, Qt::Monday, Qt::Friday}, QTime(18, 30))
        << QStringList {QStringLiteral("OnCalendar=Mon,Fri *-*-* 18:30:00")} + persistent
        << QStringLiteral("on Monday and Friday at 18:30");
    QTest::newRow("weekend") << Schedule::onDays({Qt::Sunday, Qt::Saturday}, QTime(0, 0))
                             << QStringList {QStringLiteral("OnCalendar=Sat,Sun *-*-* 00:00:00")}
            + persistent << QStringLiteral("on Saturday and Sunday at 00:00");
    QTest::newRow("calendar expression")
        << Schedule::calendarExpression(QStringLiteral("  Mon..Fri *-*-01 06:30 "))
        << QStringList {QStringLiteral("OnCalendar=Mon..Fri *-*-01 06:30")} + persistent
        << QStringLiteral("at the times of \u201cMon..Fri *-*-01 06:30\u201d");
}

void TestSchedule::timerLinesOfEachForm()
{
    QFETCH(Schedule, schedule);
    QFETCH(QStringList, lines);
    QFETCH(QString, description);
    QVERIFY2(schedule.problem().isEmpty(), qPrintable(schedule.problem()));
    const QString timer = ScheduleUnits::timerText(sampleRun(), schedule);
    QCOMPARE(timerLines(timer), lines);
    QVERIFY(timer.contains(QLatin1String("\n[Install]\nWantedBy=timers.target\n")));
    QCOMPARE(schedule.describe(), description);
    QVERIFY(timer.contains(
        QStringLiteral("Description=Scenarist: run \u201cOrders\u201d %1\n").arg(description)));
    // The dialog opens with what the timer says.
    const std::optional<Schedule> back = Schedule::fromTimerText(timer);
    QVERIFY(back);
    QCOMPARE(back->kind, schedule.kind);
    QVERIFY(*back == schedule);
}

void TestSchedule::serviceRunsTheFileWithTheScheduleTrigger()
{
    ScheduledRun run = sampleRun();
    run.arguments = QStringList {QStringLiteral("--keychain")};
    const QString service = ScheduleUnits::serviceText(run);
    QVERIFY(service.contains(QLatin1String("\n[Service]\nType=oneshot\n")));
    QVERIFY2(service.contains(QLatin1String("\nExecStart=/usr/bin/scenarist-run --trigger schedule "
                                            "--keychain /home/ann/orders.scenario.json\n")),
        qPrintable(service));
    QVERIFY(service.contains(QStringLiteral("Description=Scenarist: run \u201cOrders\u201d\n")));
}

void TestSchedule::execStartQuotesAsSystemdReadsIt_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << QStringLiteral("/home/ann/a.json")
                           << QStringLiteral("/home/ann/a.json");
    QTest::newRow("space") << QStringLiteral("/home/ann/My orders.json")
                           << QStringLiteral("\"/home/ann/My orders.json\"");
    QTest::newRow("percent, a specifier")
        << QStringLiteral("/tmp/100%h.json") << QStringLiteral("\"/tmp/100%%h.json\"");
    QTest::newRow("dollar, a variable")
        << QStringLiteral("/tmp/$HOME.json") << QStringLiteral("\"/tmp/$$HOME.json\"");
    QTest::newRow("quote and backslash") << QStringLiteral("/tmp/a \"b\" \\c.json")
                                         << QStringLiteral("\"/tmp/a \\\"b\\\" \\\\c.json\"");
    QTest::newRow("semicolon") << QStringLiteral(";") << QStringLiteral("\";\"");
    QTest::newRow("line break") << QStringLiteral("/tmp/a\nb") << QStringLiteral("\"/tmp/a\\nb\"");
    QTest::newRow("empty") << QString() << QStringLiteral("\"\"");
    QTest::newRow("not ASCII") << QStringLiteral("/home/j\u00fcrgen/\u00e9t\u00e9.json")
                               << QStringLiteral("\"/home/j\u00fcrgen/\u00e9t\u00e9.json\"");
}

void TestSchedule::execStartQuotesAsSystemdReadsIt()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(ScheduleUnits::quoteForExec(word), quoted);
}

void TestSchedule::crontabLineOfEachForm_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<QString>("fields");
    QTest::newRow("every 15 minutes")
        << Schedule::everyMinutes(15) << QStringLiteral("*/15 * * * *");
    QTest::newRow("every minute") << Schedule::everyMinutes(1) << QStringLiteral("* * * * *");
    QTest::newRow("every hour") << Schedule::everyMinutes(60) << QStringLiteral("0 * * * *");
    QTest::newRow("every 3 hours") << Schedule::everyMinutes(180) << QStringLiteral("0 */3 * * *");
    QTest::newRow("daily") << Schedule::dailyAt(QTime(7, 5)) << QStringLiteral("5 7 * * *");
    QTest::newRow("Monday and Sunday") << Schedule::onDays({Qt::Sunday, Qt::Monday}, QTime(18, 30))
                                       << QStringLiteral("30 18 * * 1,0");
}

void TestSchedule::crontabLineOfEachForm()
{
    QFETCH(Schedule, schedule);
    QFETCH(QString, fields);
    QString why;
    const QString line = ScheduleUnits::crontabLine(
        sampleRun(QStringLiteral("/home/ann/it's 100%.json")), schedule, &why);
    QCOMPARE(line,
        fields
            + QStringLiteral(" /usr/bin/scenarist-run --trigger schedule '/home/ann/it'\\''s "
                             "100\\%.json'"));
    QVERIFY(why.isEmpty());
}

void TestSchedule::crontabSaysWhatItCannotDo()
{
    QString why;
    QVERIFY(ScheduleUnits::crontabLine(sampleRun(), Schedule::everyMinutes(90), &why).isEmpty());
    QVERIFY2(why.contains(QLatin1String("every 90 minutes")), qPrintable(why));
    why.clear();
    QVERIFY(ScheduleUnits::crontabLine(
        sampleRun(), Schedule::calendarExpression(QStringLiteral("Mon 9:00")), &why)
                .isEmpty());
    QVERIFY2(why.contains(QLatin1String("calendar expression")), qPrintable(why));
}

void TestSchedule::problemsInPlainWords_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<QString>("problem");
    QTest::newRow("0 minutes") << Schedule::everyMinutes(
        0) << QStringLiteral("Choose a number of minutes from 1 to 1440 (one day).");
    QTest::newRow("1441 minutes") << Schedule::everyMinutes(1441)
                                  << QStringLiteral(
                                         "Choose a number of minutes from 1 to 1440 (one "
                                         "day).");
    QTest::newRow("no day") << Schedule::onDays({}, QTime(9, 0))
                            << QStringLiteral("Choose at least one day of the week.");
    QTest::newRow("no time") << Schedule::dailyAt(QTime())
                             << QStringLiteral("Choose a time of day, such as 09:00.");
    QTest::newRow("empty expression")
        << Schedule::calendarExpression(QStringLiteral("  "))
        << QStringLiteral("Write a calendar expression, such as \u201cMon..Fri 09:00\u201d.");
    QTest::newRow("two lines") << Schedule::calendarExpression(
        QStringLiteral("Mon 9:00\nExecStart=x"))
                               << QStringLiteral("A calendar expression is one line of text, such "
                                                 "as \u201cMon..Fri 09:00\u201d.");
}

void TestSchedule::problemsInPlainWords()
{
    QFETCH(Schedule, schedule);
    QFETCH(QString, problem);
    QCOMPARE(schedule.problem(), problem);
}

void TestSchedule::everyReadsMinutesAndHours_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("minutes");
    QTest::newRow("15min") << QStringLiteral("15min") << 15;
    QTest::newRow("15m") << QStringLiteral("15m") << 15;
    QTest::newRow("15") << QStringLiteral("15") << 15;
    QTest::newRow("15 minutes") << QStringLiteral("15 minutes") << 15;
    QTest::newRow("2h") << QStringLiteral("2h") << 120;
    QTest::newRow("24h") << QStringLiteral("24h") << 1440;
    QTest::newRow("25h") << QStringLiteral("25h") << 0;
    QTest::newRow("0") << QStringLiteral("0") << 0;
    QTest::newRow("words") << QStringLiteral("often") << 0;
    QTest::newRow("negative") << QStringLiteral("-5") << 0;
    QTest::newRow("seconds") << QStringLiteral("30s") << 0;
}

void TestSchedule::everyReadsMinutesAndHours()
{
    QFETCH(QString, text);
    QFETCH(int, minutes);
    QString error;
    const std::optional<int> read = Schedule::parseEvery(text, &error);
    QCOMPARE(read.value_or(0), minutes);
    QCOMPARE(error.isEmpty(), minutes != 0);
    if (minutes == 0)
        QVERIFY2(error.contains(QLatin1String("from 1 minute to 24 hours")), qPrintable(error));
}

void TestSchedule::unitNameIsStablePerFile()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("a")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("b")));
    const QString first = dir.filePath(QStringLiteral("a/Daily Orders (v2).scenario.json"));
    const QString second = dir.filePath(QStringLiteral("b/Daily Orders (v2).scenario.json"));
    const QString name = ScheduleUnits::unitName(first);
    QVERIFY2(QRegularExpression(QStringLiteral("^scenarist-daily-orders-v2-[0-9a-f]{8}$"))
                 .match(name)
                 .hasMatch(),
        qPrintable(name));
    QCOMPARE(ScheduleUnits::unitName(first), name);
    QCOMPARE(ScheduleUnits::unitName(
                 dir.filePath(QStringLiteral("a/../a/Daily Orders (v2).scenario.json"))),
        name);
    QVERIFY(ScheduleUnits::unitName(second) != name);
    QVERIFY(ScheduleUnits::unitName(QStringLiteral("/tmp/\u00e9\u00e9.json"))
                .startsWith(QLatin1String("scenarist-")));
}

void TestSchedule::writeReadAndRemove()
{
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    const QString folder = ScheduleUnits::userUnitFolder();
    QCOMPARE(folder, config.filePath(QStringLiteral("systemd/user")));

    const ScheduledRun run = sampleRun(config.filePath(QStringLiteral("orders.scenario.json")));
    QVERIFY(!ScheduleUnits::read(folder, run.scenarioFile));
    QStringList written;
    QString error;
    QVERIFY2(ScheduleUnits::write(folder, run, Schedule::everyMinutes(15), &written, &error),
        qPrintable(error));
    const QString name = ScheduleUnits::unitName(run.scenarioFile);
    QCOMPARE(written,
        QStringList({folder + QLatin1Char('/') + name + QStringLiteral(".service"),
            folder + QLatin1Char('/') + name + QStringLiteral(".timer")}));
    QCOMPARE(ScheduleUnits::read(folder, run.scenarioFile).value_or(Schedule()).onCalendar(),
        QStringLiteral("*:0/15"));

    // Saving again replaces the schedule.
    QVERIFY(ScheduleUnits::write(
        folder, run, Schedule::onDays({Qt::Tuesday}, QTime(8, 0)), nullptr, &error));
    QVERIFY(*ScheduleUnits::read(folder, run.scenarioFile)
        == Schedule::onDays({Qt::Tuesday}, QTime(8, 0)));

    QStringList removed;
    QVERIFY(ScheduleUnits::remove(folder, run.scenarioFile, &removed, &error));
    QCOMPARE(removed.size(), 2);
    QVERIFY(QDir(folder).entryList(QDir::Files).isEmpty());
    QVERIFY(!ScheduleUnits::read(folder, run.scenarioFile));
    qunsetenv("XDG_CONFIG_HOME");
}

void TestSchedule::calendarCheckReadsSystemdAnalyze()
{
    const CalendarCheck::Result utc = CalendarCheck::parse(QStringLiteral("*:0/15"), 0,
        "  Original form: *:0/15\nNormalized form: *-*-* *:00/15:00\n"
        "    Next elapse: Thu 2026-12-03 18:00:00 UTC\n       From now: 5min left\n");
    QVERIFY(utc.checked && utc.valid);
    QCOMPARE(utc.next, QDateTime(QDate(2026, 12, 3), QTime(18, 0), Qt::UTC));

    const CalendarCheck::Result berlin = CalendarCheck::parse(QStringLiteral("Mon 09:00"), 0,
        "  Original form: Mon 09:00\nNormalized form: Mon *-*-* 09:00:00\n"
        "    Next elapse: Mon 2026-12-07 09:00:00 CET\n"
        "       (in UTC): Mon 2026-12-07 08:00:00 UTC\n       From now: 3 days left\n");
    QVERIFY(berlin.valid);
    QCOMPARE(berlin.next, QDateTime(QDate(2026, 12, 7), QTime(8, 0), Qt::UTC));

    const CalendarCheck::Result never = CalendarCheck::parse(QStringLiteral("2020-01-01"), 0,
        "  Original form: 2020-01-01\nNormalized form: 2020-01-01 00:00:00\n"
        "    Next elapse: never\n");
    QVERIFY(never.checked && !never.valid);
    QVERIFY2(never.error.contains(QLatin1String("never run")), qPrintable(never.error));

    const CalendarCheck::Result bad = CalendarCheck::parse(QStringLiteral("bogus"), 1,
        "Failed to parse calendar specification 'bogus': Invalid argument\n");
    QVERIFY(bad.checked && !bad.valid);
    QVERIFY2(bad.error.startsWith(
                 QStringLiteral("systemd cannot read \u201cbogus\u201d as a calendar expression")),
        qPrintable(bad.error));
}

void TestSchedule::calendarCheckAsksSystemd()
{
    if (CalendarCheck::program().isEmpty())
        QSKIP("systemd-analyze is not installed (packaging/setup-debian.sh installs it)");
    CalendarCheck check;
    QSignalSpy finished(&check, &CalendarCheck::finished);
    // A newer question replaces one still asked: only its answer comes.
    check.start(QStringLiteral("bogus"));
    check.start(QStringLiteral("*:0/15"));
    QVERIFY(finished.wait(10000));
    QTest::qWait(200);
    QCOMPARE(finished.size(), 1);
    auto result = finished.first().first().value<CalendarCheck::Result>();
    QCOMPARE(result.expression, QStringLiteral("*:0/15"));
    QVERIFY(result.valid);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(result.next > now.addSecs(-60) && result.next <= now.addSecs(15 * 60));
    QCOMPARE(result.next.time().minute() % 15, 0);

    finished.clear();
    check.start(QStringLiteral("-1"));
    QVERIFY(finished.wait(10000));
    result = finished.first().first().value<CalendarCheck::Result>();
    QVERIFY(result.checked && !result.valid);
}

void TestSchedule::noUserManagerWithoutRuntimeFolder()
{
    const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
    qunsetenv("XDG_RUNTIME_DIR");
    QVERIFY(!SystemdUser::isAvailable());
    QTemporaryDir fake;
    qputenv("XDG_RUNTIME_DIR", fake.path().toUtf8());
    QVERIFY(!SystemdUser::isAvailable());
    if (runtime.isEmpty())
        qunsetenv("XDG_RUNTIME_DIR");
    else
        qputenv("XDG_RUNTIME_DIR", runtime);
}

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
