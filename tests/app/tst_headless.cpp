#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

/// scenarist-run as a person or a scheduler uses it (README, "Run a scenario headless").
class TestHeadless : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Outcome run(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(SCENARIST_RUN_EXECUTABLE), arguments);
        Outcome outcome;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished(5000);
            return outcome;
        }
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        outcome.out = process.readAllStandardOutput();
        outcome.err = process.readAllStandardError();
        return outcome;
    }

    static QString example(const QString &name = QStringLiteral("oauth2-client-credentials"))
    {
        return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/%1.scenario.json")
            .arg(name);
    }

    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    /// A copy of the example with another client secret.
    QString exampleWithSecret(const QString &secret)
    {
        QFile in(example());
        in.open(QIODevice::ReadOnly);
        QByteArray bytes = in.readAll();
        bytes.replace("\"demo-secret\"", "\"" + secret.toUtf8() + "\"");
        const QString path = m_dir.filePath(QStringLiteral("wrong.scenario.json"));
        QFile out(path);
        out.open(QIODevice::WriteOnly);
        out.write(bytes);
        return path;
    }

    QTemporaryDir m_dir;

private slots:
    void exampleSucceedsAndShowsTokenAndResponse()
    {
        const Outcome o
            = run({QStringLiteral("--sandbox-port"), QString::number(freePort()), example()});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        const QString text = QString::fromUtf8(o.out);
        QVERIFY(text.contains(QLatin1String("\"access_token\"")));
        QVERIFY(text.contains(QLatin1String("statusCode: 200")));
        QVERIFY(text.contains(QLatin1String("\"client_id\": \"demo-client\"")));
        QVERIFY(text.contains(QLatin1String("2 succeeded, 0 failed, 0 not run")));
        QVERIFY2(!text.contains(QLatin1String("demo-secret")), "the client secret must be masked");
    }

    void defaultSandboxPortWorks()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 8765))
            QSKIP("Port 8765 is in use on this machine; --sandbox-port is tested instead.");
        probe.close();
        const Outcome o = run({QStringLiteral("--sandbox"), example()});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
    }

    void sandboxMovesWhenTheUsualPortIsTaken()
    {
        // The app (or anything else) holds 8765: the sandbox runs on a free port, says which,
        // and the scenario reaches it through {{sandbox.url}}.
        QTcpServer holder;
        holder.listen(QHostAddress::LocalHost, 8765); // if this fails, 8765 is taken anyway
        const Outcome o = run({QStringLiteral("--sandbox"), example()});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        const QString err = QString::fromUtf8(o.err);
        QVERIFY2(err.contains(QLatin1String("port 8765 is in use")), o.err);
        const QRegularExpression url(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)"));
        const QRegularExpressionMatch match = url.match(err);
        QVERIFY2(match.hasMatch(), o.err);
        QVERIFY(match.captured(1) != QLatin1String("8765"));
        QVERIFY(QString::fromUtf8(o.out).contains(QLatin1String("2 succeeded, 0 failed")));
    }

    void jsonOutputHasTheDocumentedShape_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("form") << example();
        QTest::newRow("raw json") << example(QStringLiteral("oauth2-client-credentials-json"));
    }
    void jsonOutputHasTheDocumentedShape()
    {
        QFETCH(QString, file);
        const Outcome o = run({QStringLiteral("--sandbox-port"), QString::number(freePort()),
            QStringLiteral("--output"), QStringLiteral("json"), file});
        QCOMPARE(o.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(o.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject report = doc.object();
        QVERIFY(report.value(QStringLiteral("scenario")).isString());
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);
        const QJsonArray modules = report.value(QStringLiteral("modules")).toArray();
        QCOMPARE(modules.size(), 2);
        for (const QJsonValue &m : modules) {
            QVERIFY(m[QStringLiteral("id")].isDouble());
            QVERIFY(m[QStringLiteral("label")].isString());
            QCOMPARE(m[QStringLiteral("status")].toString(), QStringLiteral("succeeded"));
            const QJsonObject input = m[QStringLiteral("input")].toObject();
            QVERIFY(input.value(QStringLiteral("method")).isString());
            QVERIFY(input.value(QStringLiteral("url"))
                        .toString()
                        .startsWith(QLatin1String("http://127.0.0.1:")));
            QVERIFY(input.value(QStringLiteral("headers")).isArray());
            QVERIFY(input.value(QStringLiteral("body")).isString());
            const QJsonObject output = m[QStringLiteral("output")].toObject();
            QCOMPARE(output.value(QStringLiteral("statusCode")).toInt(), 200);
            QVERIFY(output.value(QStringLiteral("headers")).isArray());
            QVERIFY(output.value(QStringLiteral("data")).isObject());
            QVERIFY(m[QStringLiteral("warnings")].isArray());
            QVERIFY(m[QStringLiteral("durationMs")].isDouble());
        }
        QCOMPARE(modules[0][QStringLiteral("input")][QStringLiteral("method")].toString(),
            QStringLiteral("POST"));
        QVERIFY(!modules[0][QStringLiteral("output")][QStringLiteral("data")]
                        [QStringLiteral("access_token")]
                            .toString()
                            .isEmpty());
        QCOMPARE(modules[1][QStringLiteral("output")][QStringLiteral("data")]
                        [QStringLiteral("client_id")]
                            .toString(),
            QStringLiteral("demo-client"));
        QVERIFY2(!o.out.contains("demo-secret"), "secrets are masked as ********");
        QVERIFY(o.out.contains("********"));
    }

    void wrongSecretExitsOneWithPlainWords()
    {
        const QString file = exampleWithSecret(QStringLiteral("not-the-secret"));
        const Outcome o = run({QStringLiteral("--sandbox-port"), QString::number(freePort()),
            QStringLiteral("--output"), QStringLiteral("json"), file});
        QCOMPARE(o.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(o.out).object();
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(true), false);
        const QJsonArray modules = report.value(QStringLiteral("modules")).toArray();
        QCOMPARE(modules[0][QStringLiteral("status")].toString(), QStringLiteral("failed"));
        const QString message = modules[0][QStringLiteral("error")].toString();
        QVERIFY2(message.contains(QLatin1String("invalid_client")), qPrintable(message));
        QCOMPARE(modules[0][QStringLiteral("output")][QStringLiteral("statusCode")].toInt(), 401);
        QCOMPARE(modules[1][QStringLiteral("status")].toString(), QStringLiteral("skipped"));

        const Outcome text
            = run({QStringLiteral("--sandbox-port"), QString::number(freePort()), file});
        QCOMPARE(text.exitCode, 1);
        QVERIFY(text.out.contains("FAILED"));
        QVERIFY(text.out.contains("invalid_client"));
    }

    void unreadableFilesExitTwo_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("broken json")
            << QByteArray("{\"format\": ") << QStringLiteral("not valid JSON");
        QTest::newRow("newer version")
            << QByteArray("{\"format\": \"scenarist-scenario\", \"version\": 9}")
            << QStringLiteral("newer Scenarist");
    }
    void unreadableFilesExitTwo()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(QStringLiteral("damaged.scenario.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        const Outcome o = run({path});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(expected.toUtf8()), o.err);
        QVERIFY(o.out.isEmpty());
    }

    void missingFileExitsTwo()
    {
        const Outcome o = run({m_dir.filePath(QStringLiteral("nope.scenario.json"))});
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.err.contains("no file"));
    }

    void sandboxPortTakenExitsTwo()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const Outcome o = run(
            {QStringLiteral("--sandbox-port"), QString::number(taken.serverPort()), example()});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(QByteArray::number(taken.serverPort())), o.err);
        QVERIFY2(o.err.contains("in use"), o.err);
    }

    void repeatRunsTheChainManyTimes()
    {
        const Outcome o = run({QStringLiteral("--sandbox-port"), QString::number(freePort()),
            QStringLiteral("--repeat"), QStringLiteral("20"), example()});
        QCOMPARE(o.exitCode, 0);
        QVERIFY(o.out.contains("2 succeeded"));
    }

    void headlessRunnerDoesNotLinkWidgets()
    {
        QProcess ldd;
        ldd.start(QStringLiteral("ldd"), {QStringLiteral(SCENARIST_RUN_EXECUTABLE)});
        QVERIFY(ldd.waitForFinished(10000));
        const QByteArray libraries = ldd.readAllStandardOutput();
        QVERIFY(libraries.contains("libQt6Core"));
        QVERIFY2(!libraries.contains("libQt6Widgets"), libraries);
        QVERIFY2(!libraries.contains("libQt6Gui"), libraries);
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
