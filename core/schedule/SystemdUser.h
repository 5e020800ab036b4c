#pragma once

#include <QObject>
#include <QStringList>

/// Runs `systemctl --user` commands one after another without blocking, for the schedules
/// (docs/schedules.md): finished() says whether they all worked, or in plain words which one
/// did not and what systemctl said.
class SystemdUser : public QObject
{
    Q_OBJECT
public:
    explicit SystemdUser(QObject *parent = nullptr);
    ~SystemdUser() override;

    /// True when this session has a systemd user manager that systemctl --user reaches: the
    /// program is installed and $XDG_RUNTIME_DIR/systemd/private exists.
    static bool isAvailable();

    /// Runs `systemctl --user` with each argument list in turn; stops at the first that fails
    /// unless `keepGoing`. The commands of a run still going are dropped (the one running
    /// finishes unheard).
    void run(const QList<QStringList> &commands, bool keepGoing = false);
    bool isRunning() const { return m_process != nullptr; }

signals:
    void finished(bool ok, const QString &error);

private:
    void next();

    class QProcess *m_process = nullptr;
    QList<QStringList> m_pending;
    bool m_keepGoing = false;
    QString m_error;
};
