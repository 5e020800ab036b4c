#include "core/schedule/SystemdUser.h"

#include "core/schedule/LeftRunning.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

namespace {

constexpr int answerWithinMs = 30000;

QString systemctl()
{
    return QStandardPaths::findExecutable(QStringLiteral("systemctl"));
}

} // namespace

SystemdUser::SystemdUser(QObject *parent)
    : QObject(parent)
{
}

SystemdUser::~SystemdUser()
{
    leaveRunning(m_process, this);
}

bool SystemdUser::isAvailable()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !systemctl().isEmpty() && !runtime.isEmpty()
        && QFileInfo::exists(runtime + QStringLiteral("/systemd/private"));
}

void SystemdUser::run(const QList<QStringList> &commands, bool keepGoing)
{
    if (m_process) {
        // Abandoned: left to finish, and gone once it has.
        m_process->disconnect(this);
        m_process->setParent(nullptr);
        connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
        m_process = nullptr;
    }
    m_pending = commands;
    m_keepGoing = keepGoing;
    m_error.clear();
    // Always answered later, as a command that ran would be.
    QTimer::singleShot(0, this, [this, commands] {
        if (m_pending == commands && !m_process)
            next();
    });
}

void SystemdUser::next()
{
    if (m_pending.isEmpty()) {
        emit finished(m_error.isEmpty(), m_error);
        return;
    }
    const QStringList arguments = QStringList {QStringLiteral("--user")} + m_pending.takeFirst();
    const QString program = systemctl();
    const QString command = QStringLiteral("systemctl ") + arguments.join(QLatin1Char(' '));
    const auto failed = [this, command](const QString &said) {
        const QString error
            = QCoreApplication::translate("SystemdUser", "\u201c%1\u201d did not work: %2")
                  .arg(command, said.trimmed());
        m_error = m_error.isEmpty() ? error : m_error + QLatin1Char('\n') + error;
        if (!m_keepGoing)
            m_pending.clear();
    };
    if (program.isEmpty()) {
        failed(QCoreApplication::translate("SystemdUser", "systemctl is not installed."));
        next();
        return;
    }
    auto *process = new QProcess(this);
    m_process = process;
    process->setProcessChannelMode(QProcess::MergedChannels);
    auto *deadline = new QTimer(process);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, process, [process] { process->kill(); });
    connect(process, &QProcess::finished, this,
        [this, process, failed](int exitCode, QProcess::ExitStatus status) {
            m_process = nullptr;
            process->deleteLater();
            if (status != QProcess::NormalExit) {
                failed(QCoreApplication::translate(
                    "SystemdUser", "it gave no answer within 30 seconds."));
            } else if (exitCode != 0) {
                failed(QString::fromLocal8Bit(process->readAll()));
            }
            next();
        });
    connect(process, &QProcess::errorOccurred, this,
        [this, process, failed](QProcess::ProcessError error) {
            if (error != QProcess::FailedToStart)
                return;
            m_process = nullptr;
            process->deleteLater();
            failed(process->errorString());
            next();
        });
    process->start(program, arguments);
    deadline->start(answerWithinMs);
}
