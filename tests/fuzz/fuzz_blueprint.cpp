// libFuzzer target: the Make blueprint importer (File > Import Make blueprint) and the export
// of what it imported. Any JSON must import (with a report) without crashing; the result must
// export, and save and reopen as a scenario file.

#include "FuzzCheck.h"

#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &parseError);
    if (!json.isObject())
        return 0;
    const QJsonObject object = json.object();
    MakeBlueprint::isBlueprint(object);

    const MakeBlueprint::ImportResult imported = MakeBlueprint::import(object);
    QStringList report;
    const QJsonObject exported = MakeBlueprint::exportBlueprint(imported.document, &report);
    FUZZ_CHECK(exported.contains(QLatin1String("flow")), "an export has no flow");

    // Importing what was exported must work too (Make → Scenarist → Make → Scenarist).
    const MakeBlueprint::ImportResult reimported = MakeBlueprint::import(exported);
    FUZZ_CHECK(reimported.document.modules.size() == imported.document.modules.size(),
        "exporting and importing again loses or adds modules");
    for (qsizetype i = 0; i < imported.document.modules.size(); ++i) {
        FUZZ_CHECK(
            reimported.document.modules.at(i).position == imported.document.modules.at(i).position,
            "exporting and importing again moves a module");
    }

    // An imported blueprint is saved as a scenario file: it must open again.
    QString error;
    const auto reopened = ScenarioFile::parse(ScenarioFile::serialize(imported.document), &error);
    FUZZ_CHECK_DETAIL(
        reopened.has_value(), "an imported blueprint saves as a file that does not open", error);
    return 0;
}
