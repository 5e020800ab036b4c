#pragma once

#include "core/model/HttpRequestSpec.h"
#include "core/model/Module.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// What the HTTP conversion of MakeBlueprint.cpp shares with the flow converter
/// (MakeBlueprintFlow.cpp). Not for use outside core/io.
namespace MakeBlueprint::detail {

/// An HTTP module of a blueprint (v3 or v4) as Scenarist's request; what it cannot hold goes
/// to *report, one line in plain words each.
HttpRequestSpec httpFromMake(const QJsonObject &module, QStringList *report);
/// An HTTP module as Make writes it: module.foreign is the original, and only the fields that
/// differ from it are written, with label and position in metadata.designer.
QJsonObject httpToMake(const Module &module, QStringList *report);
/// Writes position (and label when `writeName`) into metadata.designer of `json`.
void writeDesigner(QJsonObject &json, const Module &module, bool writeName);
/// The top-level flow of a blueprint, a clipboard copy or a single module.
QJsonArray flowOf(const QJsonObject &blueprint);
/// The ids of the modules inside routes and error routes, down to maxRouteDepth.
QList<int> nestedIds(const QJsonArray &flow);
/// "Module 2 (util:SetVariable2, “Keep the id”)", for report lines.
QString describeModule(const QJsonObject &module);
/// The `metadata` of an exported blueprint (Make's default scenario settings).
QJsonObject blueprintMetadata();
/// The scenario inputs of a blueprint (`interface.input`, at the top level or under
/// `metadata`) as a scenario file's `inputs` list; what does not fit goes to *report.
QJsonArray inputsFromMake(const QJsonObject &blueprint, QStringList *report);
/// A scenario file's `inputs` list as Make's `interface` object, {input: [...]}.
QJsonObject interfaceToMake(const QJsonArray &inputs);

} // namespace MakeBlueprint::detail
