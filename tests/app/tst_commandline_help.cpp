#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

/// `--help` of both programs: what QCommandLineParser has no place for (exit status,
/// environment, files) is there too, since the man pages are made from it
/// (docs/packaging.md), and a command line that cannot be used exits 2, as it says.
class TestCommandLineHelp : public QObject
{
    Q_OBJECT

private:
    struct Result
    {
        int exitCode = -1;
        QString output;
        QString errors;
    };

    static Result run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
        Result result;
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.output = QString::fromUtf8(process.readAllStandardOutput());
        result.errors = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    /// The rows of the section `heading` of a --help text: the first word of each.
    static QStringList sectionTerms(const QString &help, const QString &heading)
    {
        QStringList terms;
        const QStringList lines = help.split(QLatin1Char('\n'));
        qsizetype at = lines.indexOf(heading + QLatin1Char(':'));
        if (at < 0)
            return terms;
        for (++at; at < lines.size() && !lines.at(at).isEmpty(); ++at) {
            static const QRegularExpression row(QStringLiteral("^  (\\S+)"));
            const QRegularExpressionMatch match = row.match(lines.at(at));
            if (match.hasMatch())
                terms << match.captured(1);
        }
        return terms;
    }

private slots:
    void helpHasExitStatusEnvironmentAndFiles_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("file");
        QTest::newRow("scenarist-run")
            << QStringLiteral(SCENARIST_RUN_EXECUTABLE) << QStringLiteral("SCENARIST_SECRET_<NAME>")
            << QStringLiteral("/usr/share/scenarist/examples");
        QTest::newRow("scenarist") << QStringLiteral(SCENARIST_BINARY_DIR "/app/scenarist")
                                   << QStringLiteral("SCENARIST_TRUST_FILE")
                                   << QStringLiteral("~/.local/share/Scenarist/Scenarist/recovery");
    }

    void helpHasExitStatusEnvironmentAndFiles()
    {
        QFETCH(QString, program);
        QFETCH(QString, environment);
        QFETCH(QString, file);
        const Result result = run(program, {QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.output.contains(QStringLiteral("\nOptions:\n")), qPrintable(result.output));
        QVERIFY2(sectionTerms(result.output, QStringLiteral("Environment")).contains(environment),
            qPrintable(result.output));
        QVERIFY2(sectionTerms(result.output, QStringLiteral("Files")).contains(file),
            qPrintable(result.output));
        QVERIFY(sectionTerms(result.output, QStringLiteral("Exit status")).contains("0"));
        QVERIFY(sectionTerms(result.output, QStringLiteral("Exit status")).contains("2"));
    }

    void runnerHelpListsEveryExitCode()
    {
        // The exit codes scenarist-run's code knows, each explained in --help and so in
        // `man scenarist-run`.
        QFile source(QStringLiteral(SCENARIST_SOURCE_DIR "/app/scenarist_run_main.cpp"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QRegularExpression enumeration(QStringLiteral("enum ExitCode \\{([^}]*)\\}"));
        const QString values = enumeration.match(QString::fromUtf8(source.readAll())).captured(1);
        QStringList codes;
        for (const QRegularExpressionMatch &match :
            QRegularExpression(QStringLiteral("= (\\d+)")).globalMatch(values))
            codes << match.captured(1);
        QCOMPARE(codes.size(), 4);
        const Result result = run(QStringLiteral(SCENARIST_RUN_EXECUTABLE), {"--help"});
        QCOMPARE(sectionTerms(result.output, QStringLiteral("Exit status")), codes);
    }

    void unusableCommandLineExitsTwo_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("scenarist-run") << QStringLiteral(SCENARIST_RUN_EXECUTABLE);
        QTest::newRow("scenarist") << QStringLiteral(SCENARIST_BINARY_DIR "/app/scenarist");
    }

    void unusableCommandLineExitsTwo()
    {
        QFETCH(QString, program);
        const Result result = run(program, {QStringLiteral("--sandbx"), QStringLiteral("x.json")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.errors.contains(QStringLiteral("Unknown option 'sandbx'")),
            qPrintable(result.errors));
        QVERIFY2(result.errors.contains(QStringLiteral("--help")), qPrintable(result.errors));
    }
};

QTEST_GUILESS_MAIN(TestCommandLineHelp)
#include "tst_commandline_help.moc"
