#pragma once

#include <QObject>
#include <QProcess>

/// Lets `process`, still running when `owner` goes, finish on its own: it reports to `owner`
/// no more, and deletes itself once it ends (a systemd command must not be stopped half-way,
/// nor keep anyone waiting).
inline void leaveRunning(QProcess *process, QObject *owner)
{
    if (!process)
        return;
    process->disconnect(owner);
    process->setParent(nullptr);
    QObject::connect(process, &QProcess::finished, process, &QObject::deleteLater);
}
