#pragma once

#include <QFileDevice>

#include "core/io/ScenarioDocument.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class Scenario;

/// The scenario file format, version 2 (docs/scenario-file.md): JSON, stable key order, one
/// module per block, no run results and no secret values. Readers name the module and key of
/// any error. Version 1 files (one chain of requests) are read too, with the same meaning.
namespace ScenarioFile {

constexpr int formatVersion = 2;
inline QString formatName()
{
    return QStringLiteral("scenarist-scenario");
}
inline QString suggestedSuffix()
{
    return QStringLiteral(".scenario.json");
}

QJsonObject toJson(const ScenarioDocument &document);
/// The file's bytes: toJson() written with a stable key order.
QByteArray serialize(const ScenarioDocument &document);

/// Reads a document. On failure returns nothing and sets *error to a precise message (what
/// is wrong and where). Unknown keys are ignored and listed in the document's warnings.
std::optional<ScenarioDocument> fromJson(const QJsonObject &json, QString *error);
std::optional<ScenarioDocument> parse(const QByteArray &bytes, QString *error);
std::optional<ScenarioDocument> load(const QString &path, QString *error);

/// True when the text is an object with a top-level "format" key (what every scenario file
/// has and a Make blueprint has not), found without building the JSON tree of a large file.
/// False when there is none or the text is not laid out as a JSON object.
bool hasFormatKey(const QByteArray &bytes);

/// Writes atomically (QSaveFile): a failure or a crash mid-save leaves the old file intact.
bool save(const ScenarioDocument &document, const QString &path, QString *error);

/// Writes bytes atomically; the building block of save() and autosave.
bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error,
    std::optional<QFileDevice::Permissions> permissions = std::nullopt);

/// The 1-based line and column of a byte offset, for parse error messages.
QString describeOffset(const QByteArray &bytes, int offset);

} // namespace ScenarioFile
