#pragma once

#include "core/io/ScenarioDocument.h"

#include <QString>
#include <QStringList>

#include <optional>

/// Opens any file a person may hand to Scenarist: a scenario file, or a Make blueprint that
/// is imported on the way. Both apps (the editor and scenarist-run) open files through it, so
/// they agree on what a file is.
namespace ScenarioOpener {

struct Opened
{
    /// The scenario; empty when the file could not be read (see error).
    std::optional<ScenarioDocument> document;
    /// The file was a Make blueprint: it comes from elsewhere and has no scenario file yet.
    bool isBlueprint = false;
    /// For a blueprint: one line in plain words per thing that was not converted.
    QStringList report;
    /// Why the file could not be opened, in plain words.
    QString error;
};

/// Reads `path` as a blueprint when it is one, as a scenario file otherwise.
Opened open(const QString &path);

/// Reads `path` as a Make blueprint, with MakeBlueprint::importScenario() (the whole flow:
/// routes, filters, error routes). A file that is not one is refused, and the error says why.
Opened openBlueprint(const QString &path);

} // namespace ScenarioOpener
