#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <optional>

class QProcess;

/// Asks `systemd-analyze calendar` whether systemd reads a calendar expression and when it
/// next comes (docs/schedules.md), without blocking: finished() says it. A start() while a
/// check runs replaces any expression still waiting, and only the newest one is answered.
class CalendarCheck : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        QString expression;
        /// systemd-analyze answered; false when it is not installed or did not answer.
        bool checked = false;
        bool valid = false; ///< systemd reads it and it names a time to come
        QDateTime next; ///< the next time it comes (UTC); invalid when not checked or never
        QString error; ///< one sentence in plain words when checked and not valid
    };

    explicit CalendarCheck(QObject *parent = nullptr);
    ~CalendarCheck() override;

    /// The systemd-analyze program, or an empty text when this computer has none.
    static QString program();
    /// Checks `expression`; finished() follows, also when systemd-analyze is missing.
    void start(const QString &expression);
    /// What systemd-analyze's exit code and output say about `expression`.
    static Result parse(const QString &expression, int exitCode, const QByteArray &output);

signals:
    void finished(const CalendarCheck::Result &result);

private:
    QProcess *m_process = nullptr;
    std::optional<QString> m_pending; ///< asked while m_process runs
};

Q_DECLARE_METATYPE(CalendarCheck::Result)
