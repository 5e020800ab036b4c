#include "FaultServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

/// Faults as a scheduler running scenarist-run meets them: the module fails with a
/// plain-words message, later modules are "not run", the report is complete and the process
/// ends normally with exit code 1 (never a crash, never a hang).
class TestFaultsHeadless : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        bool finished = false;
        bool crashed = false;
        int exitCode = -1;
        QString out;
        QString err;
    };

    /// A scenario of two modules: the fault, then a request that would succeed.
    QString writeScenario(const QString &url, int timeoutSeconds)
    {
        QJsonObject fault {{QStringLiteral("id"), 1},
            {QStringLiteral("type"), QStringLiteral("http.request")},
            {QStringLiteral("label"), QStringLiteral("Fault")},
            {QStringLiteral("config"),
                QJsonObject {{QStringLiteral("url"), url},
                    {QStringLiteral("timeoutSeconds"), timeoutSeconds}}}};
        QJsonObject next {{QStringLiteral("id"), 2},
            {QStringLiteral("type"), QStringLiteral("http.request")},
            {QStringLiteral("label"), QStringLiteral("Next")},
            {QStringLiteral("config"),
                QJsonObject {
                    {QStringLiteral("url"), m_server.url(QStringLiteral("/ok")).toString()}}}};
        const QJsonObject scenario {
            {QStringLiteral("format"), QStringLiteral("scenarist-scenario")},
            {QStringLiteral("version"), 1}, {QStringLiteral("name"), QStringLiteral("Faults")},
            {QStringLiteral("modules"), QJsonArray {fault, next}},
            {QStringLiteral("links"),
                QJsonArray {QJsonObject {{QStringLiteral("from"), 1}, {QStringLiteral("to"), 2}}}}};
        const QString path = m_dir.filePath(QStringLiteral("fault.scenario.json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QString();
        file.write(QJsonDocument(scenario).toJson());
        return path;
    }

    /// Runs scenarist-run while this process keeps serving the faults (no blocking wait).
    static Outcome run(const QStringList &arguments)
    {
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(SCENARIST_RUN_EXECUTABLE), arguments);
        Outcome outcome;
        outcome.finished = finished.wait(60000);
        if (!outcome.finished) {
            process.kill();
            finished.wait(5000);
            return outcome;
        }
        outcome.crashed = process.exitStatus() != QProcess::NormalExit;
        outcome.exitCode = process.exitCode();
        outcome.out = QString::fromUtf8(process.readAllStandardOutput());
        outcome.err = QString::fromUtf8(process.readAllStandardError());
        return outcome;
    }

    FaultServer m_server;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        QVERIFY(m_dir.isValid());
    }

    void fault_data()
    {
        QTest::addColumn<QString>("target"); // a FaultServer path, or "refused"
        QTest::addColumn<int>("timeoutSeconds");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("expectedExit");
        QTest::addColumn<QString>("expectedText");

        const QStringList none;
        QTest::newRow("connection refused")
            << "refused" << 5 << none << 1 << "the server refused the connection";
        QTest::newRow("reset mid-body")
            << "/reset-mid-body" << 5 << none << 1
            << "closed the connection before the whole response arrived";
        QTest::newRow("no answer")
            << "/no-answer" << 1 << none << 1 << "The server did not answer within 1 second.";
        QTest::newRow("trickle") << "/trickle?bytes=60&every=1000" << 2 << none << 1
                                 << "did not finish answering within 2 seconds";
        QTest::newRow("100 MB, --max-response-mb 10")
            << "/big?mb=100" << 10 << QStringList {"--max-response-mb", "10"} << 1
            << "The response is larger than 10 MB, the most a module accepts.";
        QTest::newRow("gzip bomb, default limit")
            << "/gzip-bomb?mb=1024" << 20 << none << 1
            << "The response is larger than 100 MB, the most a module accepts.";
        QTest::newRow("20 MB until close, --max-response-mb 10")
            << "/big?mb=20&length=0" << 10 << QStringList {"--max-response-mb", "10"} << 1
            << "The response is larger than 10 MB";
        QTest::newRow("20 MB until close, --max-response-mb 30")
            << "/big?mb=20&length=0" << 10 << QStringList {"--max-response-mb", "30"} << 0
            << "2 succeeded, 0 failed, 0 not run";
        QTest::newRow("429 with Retry-After")
            << "/status/429?retry-after=7" << 5 << none << 1
            << "The server asks to wait 7 seconds before trying again.";
        QTest::newRow("broken JSON")
            << "/broken-json" << 5 << none << 1 << "the response is not valid JSON";
    }

    void fault()
    {
        QFETCH(QString, target);
        QFETCH(int, timeoutSeconds);
        QFETCH(QStringList, options);
        QFETCH(int, expectedExit);
        QFETCH(QString, expectedText);

        QString url;
        if (target == QLatin1String("refused")) {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            url = QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort());
        } else {
            url = m_server.url(target).toString();
        }
        const QString file = writeScenario(url, timeoutSeconds);
        QVERIFY(!file.isEmpty());

        const Outcome o = run(options + QStringList {file});
        QVERIFY2(o.finished, "scenarist-run did not end");
        QVERIFY2(!o.crashed, qPrintable(o.err));
        QVERIFY2(o.exitCode == expectedExit, qPrintable(o.out + o.err));
        QVERIFY2(o.out.contains(expectedText), qPrintable(o.out.left(2000)));
        if (expectedExit == 1) {
            // The run stopped at the fault: the next module did not run, and the report says so.
            QVERIFY2(o.out.contains(QLatin1String("0 succeeded, 1 failed, 1 not run")),
                qPrintable(o.out.left(2000)));
        }
        // Sanitizer builds report leaks and undefined behaviour on stderr.
        QVERIFY2(!o.err.contains(QLatin1String("Sanitizer")), qPrintable(o.err));
    }

    void jsonReportOfAFault()
    {
        const QString file = writeScenario(
            m_server.url(QStringLiteral("/status/503?retry-after=120")).toString(), 5);
        const Outcome o = run({QStringLiteral("--output"), QStringLiteral("json"), file});
        QVERIFY(o.finished);
        QCOMPARE(o.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(o.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(true), false);
        const QJsonArray modules = report.value(QStringLiteral("modules")).toArray();
        QCOMPARE(modules.size(), 2);
        QCOMPARE(modules.at(0)[QStringLiteral("status")].toString(), QStringLiteral("failed"));
        QVERIFY2(modules.at(0)[QStringLiteral("error")].toString().contains(
                     QLatin1String("503 Service Unavailable")),
            qPrintable(o.out));
        QCOMPARE(modules.at(1)[QStringLiteral("status")].toString(), QStringLiteral("skipped"));
    }

    // --output json with an 18 MB JSON answer: the body goes into the report as it came (no
    // tree of it is built), and the report is still one valid JSON document.
    void largeJsonInTheJsonReport()
    {
        const QString file
            = writeScenario(m_server.url(QStringLiteral("/big-json?items=600000")).toString(), 20);
        const Outcome o = run({QStringLiteral("--output"), QStringLiteral("json"), file});
        QVERIFY(o.finished);
        QVERIFY2(!o.crashed, qPrintable(o.err));
        QCOMPARE(o.exitCode, 0);
        QJsonParseError error;
        const QJsonObject report = QJsonDocument::fromJson(o.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject data = report.value(QStringLiteral("modules"))
                                     .toArray()
                                     .at(0)[QStringLiteral("output")][QStringLiteral("data")]
                                     .toObject();
        QCOMPARE(data.value(QStringLiteral("count")).toInt(), 600000);
        const QJsonArray items = data.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 600000);
        QCOMPARE(items.last()[QStringLiteral("name")].toString(), QStringLiteral("Item 600000"));
        // As the server wrote it: "items" before "count" (a rebuilt object would sort them).
        const qsizetype itemsAt = o.out.indexOf(QLatin1String("{\"items\":[{\"id\":1,"));
        QVERIFY2(itemsAt > 0, qPrintable(o.out.left(2000)));
        QVERIFY(o.out.indexOf(QLatin1String("\"count\":600000}"), itemsAt) > itemsAt);
    }

    /// A chain of `count` modules 1 → 2 → …, each calling `url`, written to `name`.
    QString writeChain(const QString &name, int count, const QString &url)
    {
        QByteArray bytes = "{\"format\": \"scenarist-scenario\", \"version\": 1, \"modules\": [";
        for (int id = 1; id <= count; ++id) {
            bytes += (id > 1 ? "," : "") + QByteArray("{\"id\": ") + QByteArray::number(id)
                + ", \"type\": \"http.request\", \"config\": {\"url\": \"" + url.toUtf8() + "\"}}";
        }
        bytes += "], \"links\": [";
        for (int id = 1; id < count; ++id) {
            bytes += (id > 1 ? "," : "") + QByteArray("{\"from\": ") + QByteArray::number(id)
                + ", \"to\": " + QByteArray::number(id + 1) + '}';
        }
        bytes += "]}";
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QString();
        file.write(bytes);
        return path;
    }

    /// The scenario of writeScenario() with `links` in place of its links and `config`
    /// merged into the first module's config.
    QString writeVariant(const QJsonArray &links, const QJsonObject &config = {})
    {
        const QString path = writeScenario(m_server.url(QStringLiteral("/ok")).toString(), 5);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return QString();
        QJsonObject scenario = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray modules = scenario.value(QStringLiteral("modules")).toArray();
        QJsonObject first = modules.at(0).toObject();
        QJsonObject firstConfig = first.value(QStringLiteral("config")).toObject();
        for (auto it = config.begin(); it != config.end(); ++it)
            firstConfig.insert(it.key(), it.value());
        first.insert(QStringLiteral("config"), firstConfig);
        modules.replace(0, first);
        scenario.insert(QStringLiteral("modules"), modules);
        scenario.insert(QStringLiteral("links"), links);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QString();
        file.write(QJsonDocument(scenario).toJson());
        return path;
    }

    static QJsonObject link(int from, int to)
    {
        return QJsonObject {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
    }

    // A file that cannot be used is refused before anything is sent, with exit code 2 and a
    // message naming what is wrong.
    void unusableFileIsRefused_data()
    {
        QTest::addColumn<QJsonArray>("links");
        QTest::addColumn<QJsonObject>("config");
        QTest::addColumn<QString>("expectedText");

        QTest::newRow("circle")
            << QJsonArray {link(1, 2), link(2, 1)} << QJsonObject {}
            << "module 1 (\u201cFault\u201d) \u2192 module 2 (\u201cNext\u201d) "
               "\u2192 module 1";
        QTest::newRow("link to itself")
            << QJsonArray {link(1, 2), link(2, 2)} << QJsonObject {} << "links module 2 to itself";
        QTest::newRow("link to a missing module") << QJsonArray {
            link(1, 7)} << QJsonObject {} << "refers to module 7, which is not in the scenario";
        QTest::newRow("line break in a content type")
            << QJsonArray {link(1, 2)}
            << QJsonObject {{QStringLiteral("body"),
                   QJsonObject {{QStringLiteral("type"), QStringLiteral("raw")},
                       {QStringLiteral("contentType"),
                           QStringLiteral("text/plain\r\nX-Injected: 1")},
                       {QStringLiteral("content"), QStringLiteral("x")}}}}
            << "Module 1 (\u201cFault\u201d), key \u201cconfig.body.contentType\u201d";
    }

    void unusableFileIsRefused()
    {
        QFETCH(QJsonArray, links);
        QFETCH(QJsonObject, config);
        QFETCH(QString, expectedText);
        const QString file = writeVariant(links, config);
        QVERIFY(!file.isEmpty());
        const qsizetype sentBefore = m_server.targets().size();
        const Outcome o = run({file});
        QVERIFY(o.finished);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(expectedText), qPrintable(o.err));
        QCOMPARE(m_server.targets().size(), sentBefore);
    }

    // A pipe or a device named as the scenario, a blueprint or the secrets file must not make
    // scenarist-run wait for ever or fill its memory: refused at once, exit 2.
    void specialFilesAreRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expectedText");
        QTest::newRow("a pipe as the scenario")
            << QStringList {QStringLiteral("FIFO")} << "it is not a regular file but a pipe";
        QTest::newRow("an endless device as the scenario")
            << QStringList {QStringLiteral("/dev/zero")} << "it is in /dev";
        QTest::newRow("an endless device as the secrets file") << QStringList {
            QStringLiteral("--secrets"), QStringLiteral("/dev/zero"),
            QStringLiteral("SCENARIO")} << "Could not read the secrets file /dev/zero";
        QTest::newRow("a pipe as the secrets file") << QStringList {QStringLiteral("--secrets"),
            QStringLiteral("FIFO"), QStringLiteral("SCENARIO")}
                                                    << "it is not a regular file but a pipe";
    }

    void specialFilesAreRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expectedText);
        const QString fifo = m_dir.filePath(QStringLiteral("pipe.scenario.json"));
        QFile::remove(fifo);
        QCOMPARE(QProcess::execute(QStringLiteral("mkfifo"), {fifo}), 0);
        const QString scenario = writeScenario(m_server.url(QStringLiteral("/ok")).toString(), 5);
        arguments.replaceInStrings(QStringLiteral("FIFO"), fifo);
        arguments.replaceInStrings(QStringLiteral("SCENARIO"), scenario);
        const Outcome o = run(arguments);
        QVERIFY2(o.finished, "scenarist-run did not finish");
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(expectedText), qPrintable(o.err));
    }

    // The largest scenario loads and runs (it used to take minutes to load); one module more
    // is refused with the limit named. Timings and memory are in docs/scenario-file-limits.md.
    void largestScenarioRunsAndOneMoreIsRefused()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort());
        closed.close(); // nothing listens there: the first module fails at once
        const QString largest = writeChain(QStringLiteral("largest.scenario.json"), 100000, url);
        Outcome o = run({largest});
        QVERIFY(o.finished);
        QVERIFY2(!o.crashed, qPrintable(o.err));
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains(QLatin1String("0 succeeded, 1 failed, 99999 not run")),
            qPrintable(o.out.right(500)));

        const QString tooLarge = writeChain(QStringLiteral("too-large.scenario.json"), 100001, url);
        o = run({tooLarge});
        QVERIFY(o.finished);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(QLatin1String("holds 100,001 modules; a scenario may have at "
                                              "most 100,000")),
            qPrintable(o.err));
    }

    void badLimitIsRefused_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("zero") << "0";
        QTest::newRow("words") << "lots";
        QTest::newRow("too large") << "100000";
    }

    void badLimitIsRefused()
    {
        QFETCH(QString, value);
        const QString file = writeScenario(m_server.url(QStringLiteral("/ok")).toString(), 5);
        const qsizetype sentBefore = m_server.targets().size();
        const Outcome o = run({QStringLiteral("--max-response-mb"), value, file});
        QVERIFY(o.finished);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(QLatin1String("--max-response-mb must be a whole number")),
            qPrintable(o.err));
        QCOMPARE(m_server.targets().size(), sentBefore); // nothing was sent
    }
};

QTEST_GUILESS_MAIN(TestFaultsHeadless)
#include "tst_faults_headless.moc"
