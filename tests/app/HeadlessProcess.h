#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStringList>
#include <QTemporaryDir>

/// Runs scenarist-run as a child process while this test's event loop keeps going, so that
/// servers living in the test process answer it.
struct HeadlessOutcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline HeadlessOutcome runHeadless(const QStringList &arguments,
    const QHash<QString, QString> &variables = {}, const QByteArray &input = {})
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys()) {
        if (name.startsWith(QLatin1String("SCENARIST_SECRET_")))
            environment.remove(name);
    }
    for (auto it = variables.constBegin(); it != variables.constEnd(); ++it)
        environment.insert(it.key(), it.value());
    QProcess process;
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(SCENARIST_RUN_EXECUTABLE), arguments);
    process.write(input);
    process.closeWriteChannel();
    HeadlessOutcome outcome;
    if (!finished.wait(60000)) {
        process.kill();
        process.waitForFinished(5000);
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    return outcome;
}

/// Writes a version 2 scenario of `modules` (no links) into `dir`; returns its path, or an
/// empty text when it could not be written.
inline QString writeScenarioFile(const QTemporaryDir &dir, const QJsonArray &modules)
{
    const QString path = dir.filePath(QStringLiteral("test.scenario.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(
        QJsonObject {{"format", "scenarist-scenario"}, {"version", 2}, {"modules", modules}})
                   .toJson());
    return path;
}
