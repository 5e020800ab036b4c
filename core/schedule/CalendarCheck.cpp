#include "core/schedule/CalendarCheck.h"

#include "core/schedule/LeftRunning.h"

#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

namespace {

constexpr int answerWithinMs = 10000;

QDateTime readTimestamp(const QString &line)
{
    static const QRegularExpression stamp(
        QStringLiteral("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)"));
    const QRegularExpressionMatch match = stamp.match(line);
    if (!match.hasMatch())
        return {};
    QDateTime when
        = QDateTime::fromString(match.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    // systemd writes the local time, and adds a "(in UTC):" line unless it already is UTC.
    when.setTimeSpec(line.trimmed().endsWith(QLatin1String(" UTC")) ? Qt::UTC : Qt::LocalTime);
    return when.toUTC();
}

} // namespace

CalendarCheck::CalendarCheck(QObject *parent)
    : QObject(parent)
{
}

CalendarCheck::~CalendarCheck()
{
    leaveRunning(m_process, this);
}

QString CalendarCheck::program()
{
    return QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
}

void CalendarCheck::start(const QString &expression)
{
    // One systemd-analyze at a time: a newer expression waits for the running one, whose
    // answer is then dropped.
    m_pending = expression;
    if (m_process)
        return;
    m_pending.reset();
    const QString analyze = program();
    if (analyze.isEmpty()) {
        Result result;
        result.expression = expression;
        // Said later, as a check that ran would be.
        QTimer::singleShot(0, this, [this, result] {
            if (!m_process && !m_pending)
                emit finished(result);
        });
        return;
    }
    auto *process = new QProcess(this);
    m_process = process;
    process->setProcessChannelMode(QProcess::MergedChannels);
    auto *deadline = new QTimer(process);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, process, [process] { process->kill(); });
    const auto done = [this, process, expression](const Result &result) {
        m_process = nullptr;
        process->deleteLater();
        if (m_pending) {
            const QString next = *m_pending;
            m_pending.reset();
            start(next);
            return;
        }
        emit finished(result);
    };
    connect(process, &QProcess::finished, this,
        [process, expression, done](int exitCode, QProcess::ExitStatus status) {
            Result result;
            result.expression = expression;
            if (status == QProcess::NormalExit)
                result = parse(expression, exitCode, process->readAll());
            done(result);
        });
    connect(
        process, &QProcess::errorOccurred, this, [expression, done](QProcess::ProcessError error) {
            if (error != QProcess::FailedToStart)
                return;
            Result result;
            result.expression = expression;
            done(result);
        });
    // "--": an expression that starts with '-' is not an option.
    process->start(analyze, {QStringLiteral("calendar"), QStringLiteral("--"), expression});
    deadline->start(answerWithinMs);
}

CalendarCheck::Result CalendarCheck::parse(
    const QString &expression, int exitCode, const QByteArray &output)
{
    Result result;
    result.expression = expression;
    result.checked = true;
    if (exitCode != 0) {
        result.error = QCoreApplication::translate(
            "CalendarCheck", "systemd cannot read \u201c%1\u201d as a calendar expression.")
                           .arg(expression);
        return result;
    }
    QDateTime local;
    QDateTime utc;
    for (const QString &line : QString::fromUtf8(output).split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("Next elapse:")))
            local = readTimestamp(trimmed);
        else if (trimmed.startsWith(QLatin1String("(in UTC):")))
            utc = readTimestamp(trimmed);
    }
    result.next = utc.isValid() ? utc : local;
    result.valid = result.next.isValid();
    if (!result.valid) {
        result.error = QCoreApplication::translate(
            "CalendarCheck", "\u201c%1\u201d names no time to come, so it would never run.")
                           .arg(expression);
    }
    return result;
}
