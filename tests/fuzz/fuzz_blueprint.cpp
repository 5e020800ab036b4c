// libFuzzer target: the Make blueprint importer (File > Import Make blueprint, scenarist-run)
// and the export of what it imported. Any JSON must import (with a report) without crashing;
// the result must export, and save and reopen as a scenario file. The flow-tree converter
// (toScenarioJson, fromScenarioJson) must give the same scenario when what it exported is
// converted again.

#include "FuzzCheck.h"

#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

/// What a scenario keeps of each module apart from `foreign` (which holds the blueprint's own
/// JSON, and so the junk of a junk blueprint), and its links.
QStringList outline(const QJsonObject &scenario)
{
    QStringList lines;
    for (const QJsonValue &value : scenario.value(key("modules")).toArray()) {
        QJsonObject m = value.toObject();
        m.remove(key("foreign"));
        lines.append(QString::fromUtf8(QJsonDocument(m).toJson(QJsonDocument::Compact)));
    }
    QStringList links;
    for (const QJsonValue &value : scenario.value(key("links")).toArray())
        links.append(
            QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
    links.sort();
    return lines + links;
}

/// The whole flow tree (docs/make-blueprints.md): blueprint -> scenario JSON -> blueprint ->
/// scenario JSON gives the same modules, configs and links the first conversion gave.
void checkFlowTree(const QJsonObject &blueprint)
{
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, &report);
    FUZZ_CHECK(exported.value(key("flow")).isArray(), "a converted scenario exports no flow");
    const QJsonObject again = MakeBlueprint::toScenarioJson(exported, &report);
    const QStringList first = outline(scenario);
    const QStringList second = outline(again);
    FUZZ_CHECK_DETAIL(first == second,
        "a blueprint converted to a scenario, exported and converted again is another scenario",
        first.join(QLatin1Char('\n')) + QStringLiteral("\n---\n") + second.join(QLatin1Char('\n')));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &parseError);
    if (!json.isObject())
        return 0;
    const QJsonObject object = json.object();
    MakeBlueprint::isBlueprint(object);

    // Any blueprint imports (with a report), unless it holds more modules than a scenario may.
    QStringList report;
    QString error;
    const std::optional<ScenarioDocument> imported
        = MakeBlueprint::importScenario(object, &report, &error);
    FUZZ_CHECK_DETAIL(imported.has_value() || error.contains(QLatin1String("a scenario may have")),
        "a blueprint does not import", error);
    if (!imported)
        return 0;
    const QJsonObject exported = MakeBlueprint::exportScenario(*imported, &report);
    FUZZ_CHECK(exported.contains(QLatin1String("flow")), "an export has no flow");

    // Importing what was exported must work too (Make → Scenarist → Make → Scenarist).
    const std::optional<ScenarioDocument> reimported
        = MakeBlueprint::importScenario(exported, nullptr, &error);
    FUZZ_CHECK_DETAIL(reimported.has_value(), "an exported blueprint does not import", error);
    FUZZ_CHECK(reimported->modules.size() == imported->modules.size(),
        "exporting and importing again loses or adds modules");
    for (qsizetype i = 0; i < imported->modules.size(); ++i) {
        FUZZ_CHECK(reimported->modules.at(i).position == imported->modules.at(i).position,
            "exporting and importing again moves a module");
    }

    // An imported blueprint is saved as a scenario file: it must open again.
    const auto reopened = ScenarioFile::parse(ScenarioFile::serialize(*imported), &error);
    FUZZ_CHECK_DETAIL(
        reopened.has_value(), "an imported blueprint saves as a file that does not open", error);

    checkFlowTree(object);
    return 0;
}
