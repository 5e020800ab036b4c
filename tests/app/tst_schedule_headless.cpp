// scenarist-run --systemd-units (docs/schedules.md): the service and timer it writes pass
// `systemd-analyze verify`, bad values exit 2 with plain words and write nothing, and a run
// with --trigger schedule is recorded as started by a schedule.

#include "HeadlessProcess.h"
#include "core/history/RunHistory.h"
#include "core/schedule/ScheduleUnits.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString example(const char *name)
{
    return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

/// A copy of the sandbox example in a folder whose name needs quoting in a unit file.
QString copyExample(const QTemporaryDir &dir)
{
    QDir(dir.path()).mkpath(QStringLiteral("My scenarios 100%"));
    const QString path
        = dir.filePath(QStringLiteral("My scenarios 100%/orders $daily.scenario.json"));
    QFile::copy(example("oauth2-client-credentials.scenario.json"), path);
    return path;
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestScheduleHeadless : public QObject
{
    Q_OBJECT

private slots:
    void writesUnitsThatSystemdAccepts_data();
    void writesUnitsThatSystemdAccepts();
    void badValuesExitTwoAndWriteNothing_data();
    void badValuesExitTwoAndWriteNothing();
    void scheduledRunIsRecordedAsSuch();
};

void TestScheduleHeadless::writesUnitsThatSystemdAccepts_data()
{
    QTest::addColumn<QStringList>("when");
    QTest::addColumn<QString>("timerLine");
    QTest::newRow("every 15min") << QStringList {QStringLiteral("--every"), QStringLiteral("15min")}
                                 << QStringLiteral("OnCalendar=*:0/15");
    QTest::newRow("every 90 minutes") << QStringList {QStringLiteral("--every"),
        QStringLiteral("90")} << QStringLiteral("OnUnitActiveSec=90min");
    QTest::newRow("on-calendar") << QStringList {QStringLiteral("--on-calendar"),
        QStringLiteral("Mon..Fri 09:00")}
                                 << QStringLiteral("OnCalendar=Mon..Fri 09:00");
}

void TestScheduleHeadless::writesUnitsThatSystemdAccepts()
{
    QFETCH(QStringList, when);
    QFETCH(QString, timerLine);
    const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
    QVERIFY2(!analyze.isEmpty(),
        "systemd-analyze is missing: packaging/setup-debian.sh installs it (package systemd)");

    QTemporaryDir dir;
    const QString file = copyExample(dir);
    const QString units = dir.filePath(QStringLiteral("units"));
    const HeadlessOutcome outcome
        = runHeadless(QStringList {QStringLiteral("--systemd-units"), units} + when
            + QStringList {QStringLiteral("--keychain"), file});
    QVERIFY2(outcome.exitCode == 0, outcome.err.constData());

    const QString name = ScheduleUnits::unitName(file);
    const QString service = QDir(units).filePath(name + QStringLiteral(".service"));
    const QString timer = QDir(units).filePath(name + QStringLiteral(".timer"));
    const QString out = QString::fromUtf8(outcome.out);
    QVERIFY2(out.contains(service) && out.contains(timer), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("systemctl --user enable --now %1.timer").arg(name)),
        qPrintable(out));
    QCOMPARE(QDir(units).entryList(QDir::Files).size(), 2);
    QVERIFY(readText(timer).contains(QLatin1Char('\n') + timerLine + QLatin1Char('\n')));
    // The runner that wrote them runs the file, as a schedule, with the options given.
    QVERIFY2(
        readText(service).contains(QStringLiteral("\nExecStart=%1 --trigger schedule --keychain")
                                       .arg(QStringLiteral(SCENARIST_RUN_EXECUTABLE))),
        qPrintable(readText(service)));
    QVERIFY2(
        readText(service).contains(QStringLiteral("\"%1\"\n")
                                       .arg(QString(file)
                                                .replace(QLatin1Char('%'), QLatin1String("%%"))
                                                .replace(QLatin1Char('$'), QLatin1String("$$")))),
        qPrintable(readText(service)));

    // systemd's own reading: no warning, no error (the runner in ExecStart must exist).
    QProcess verify;
    verify.setProcessChannelMode(QProcess::MergedChannels);
    verify.start(analyze, {QStringLiteral("verify"), service, timer});
    QVERIFY(verify.waitForFinished(30000));
    const QByteArray said = verify.readAll();
    QVERIFY2(verify.exitCode() == 0 && said.trimmed().isEmpty(), said.constData());

    // The same check fails on a broken unit, so it does check something.
    QFile broken(service);
    QVERIFY(broken.open(QIODevice::Append));
    broken.write("Type=sometimes\n");
    broken.close();
    verify.start(analyze, {QStringLiteral("verify"), service, timer});
    QVERIFY(verify.waitForFinished(30000));
    QVERIFY(!verify.readAll().trimmed().isEmpty());
}

void TestScheduleHeadless::badValuesExitTwoAndWriteNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("says");
    const QString units = QStringLiteral("UNITS");
    QTest::newRow("0 minutes") << QStringList {QStringLiteral("--systemd-units"), units,
        QStringLiteral("--every"), QStringLiteral("0")}
                               << QStringLiteral("from 1 minute to 24 hours");
    QTest::newRow("two days") << QStringList {QStringLiteral("--systemd-units"), units,
        QStringLiteral("--every"), QStringLiteral("48h")}
                              << QStringLiteral("from 1 minute to 24 hours");
    QTest::newRow("words") << QStringList {QStringLiteral("--systemd-units"), units,
        QStringLiteral("--every"), QStringLiteral("often")}
                           << QStringLiteral("write minutes such as 15min");
    QTest::newRow("no schedule") << QStringList {QStringLiteral("--systemd-units"), units}
                                 << QStringLiteral("needs a folder and one schedule");
    QTest::newRow("two schedules") << QStringList {QStringLiteral("--systemd-units"), units,
        QStringLiteral("--every"), QStringLiteral("5"), QStringLiteral("--on-calendar"),
        QStringLiteral("daily")} << QStringLiteral("needs a folder and one schedule");
    QTest::newRow("every without units") << QStringList {QStringLiteral("--every"),
        QStringLiteral("5")} << QStringLiteral("go with --systemd-units");
    QTest::newRow("no history") << QStringList {QStringLiteral("--systemd-units"), units,
        QStringLiteral("--every"), QStringLiteral("5"), QStringLiteral("--no-history")}
                                << QStringLiteral("leave out --no-history");
    QTest::newRow("bad trigger") << QStringList {QStringLiteral("--trigger"),
        QStringLiteral("cron")} << QStringLiteral("use headless or schedule");
    if (!QStandardPaths::findExecutable(QStringLiteral("systemd-analyze")).isEmpty()) {
        QTest::newRow("calendar systemd cannot read")
            << QStringList {QStringLiteral("--systemd-units"), units,
                   QStringLiteral("--on-calendar"), QStringLiteral("every other tuesday")}
            << QStringLiteral("systemd cannot read \u201cevery other tuesday\u201d");
        QTest::newRow("calendar in the past") << QStringList {QStringLiteral("--systemd-units"),
            units, QStringLiteral("--on-calendar"), QStringLiteral("2001-01-01")}
                                              << QStringLiteral("would never run");
    }
}

void TestScheduleHeadless::badValuesExitTwoAndWriteNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, says);
    QTemporaryDir dir;
    const QString units = dir.filePath(QStringLiteral("units"));
    arguments.replaceInStrings(QStringLiteral("UNITS"), units);
    const HeadlessOutcome outcome = runHeadless(arguments + QStringList {copyExample(dir)});
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(QString::fromUtf8(outcome.err).contains(says), outcome.err.constData());
    QVERIFY(outcome.out.isEmpty());
    QVERIFY(QDir(units).entryList(QDir::Files).isEmpty());
}

void TestScheduleHeadless::scheduledRunIsRecordedAsSuch()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    const QString file = copyExample(dir);
    for (const char *trigger : {"schedule", "headless"}) {
        const HeadlessOutcome outcome
            = runHeadless({QStringLiteral("--sandbox"), QStringLiteral("--history-db"), db,
                QStringLiteral("--trigger"), QLatin1String(trigger), file});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
    }
    RunHistory history(db);
    QString error;
    QVERIFY2(history.open(&error), qPrintable(error));
    const QList<HistoryRun> runs = history.runs(RunHistory::scenarioKey(file), &error);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).trigger, RunTrigger::Headless); // newest first
    QCOMPARE(runs.at(1).trigger, RunTrigger::Schedule);
}

QTEST_GUILESS_MAIN(TestScheduleHeadless)
#include "tst_schedule_headless.moc"
