#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

/// Both apps say the version written in project() of the top CMakeLists.txt, the one place
/// it is kept.
class TestVersion : public QObject
{
    Q_OBJECT

private:
    static QString projectVersion()
    {
        QFile file(QStringLiteral(SCENARIST_SOURCE_DIR "/CMakeLists.txt"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QRegularExpression project(
            QStringLiteral(R"(project\(\s*Scenarist\s+VERSION\s+([0-9.]+))"));
        return project.match(QString::fromUtf8(file.readAll())).captured(1);
    }

    static QString versionOutput(const QString &program)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(program, {QStringLiteral("--version")});
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return {};
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

private slots:
    void bothAppsSayTheProjectVersion_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("scenarist-run") << QStringLiteral(SCENARIST_RUN_EXECUTABLE);
        QTest::newRow("scenarist") << QStringLiteral(SCENARIST_BINARY_DIR "/app/scenarist");
    }

    void bothAppsSayTheProjectVersion()
    {
        QFETCH(QString, program);
        const QString version = projectVersion();
        QVERIFY(!version.isEmpty());
        const QString output = versionOutput(program);
        QVERIFY2(output.endsWith(QLatin1Char(' ') + version), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestVersion)
#include "tst_version.moc"
