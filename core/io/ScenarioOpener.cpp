#include "core/io/ScenarioOpener.h"

#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"

namespace ScenarioOpener {

Opened open(const QString &path)
{
    Opened opened;
    opened.isBlueprint = MakeBlueprint::isBlueprintFile(path);
    if (opened.isBlueprint) {
        std::optional<MakeBlueprint::ImportResult> imported
            = MakeBlueprint::importFile(path, &opened.error);
        if (imported) {
            opened.document = std::move(imported->document);
            opened.report = imported->report;
        }
    } else {
        opened.document = ScenarioFile::load(path, &opened.error);
    }
    return opened;
}

} // namespace ScenarioOpener
