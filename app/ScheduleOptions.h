#pragma once

#include "core/history/RunHistory.h"
#include "core/schedule/Schedule.h"

#include <QString>
#include <QStringList>

#include <functional>

class QCommandLineParser;
class QCoreApplication;

/// scenarist-run's options for schedules (docs/schedules.md): --trigger, which the runs a
/// schedule starts record, and --systemd-units with --every or --on-calendar, which writes a
/// systemd user service and timer for FILE instead of running it.
class ScheduleOptions
{
public:
    /// Adds --trigger, --systemd-units, --every and --on-calendar to `parser`.
    static void addTo(QCommandLineParser &parser);
    /// Reads them once `parser` has parsed; false with *error in plain words (exit 2).
    bool read(const QCommandLineParser &parser, QString *error);

    RunTrigger trigger() const { return m_trigger; }
    bool writesUnits() const { return !m_folder.isEmpty(); }
    /// Writes the units for `file` into the folder of --systemd-units and says how to start
    /// them; the exit status (2 after `printError` when they cannot be written).
    int writeUnits(QCoreApplication &app, const QString &file,
        const std::function<void(const QString &)> &printError) const;

private:
    RunTrigger m_trigger = RunTrigger::Headless;
    QString m_folder;
    Schedule m_schedule;
    QStringList m_runArguments; ///< the options of the run that the units pass on
};
