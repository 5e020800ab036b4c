// libFuzzer target: the scenario file reader (File > Open, autosave recovery, scenarist-run).
// Any bytes must give a document or a plain error; a document that was read must save and
// read back the same.

#include "FuzzCheck.h"

#include "core/io/ScenarioFile.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<ScenarioDocument> document = ScenarioFile::parse(bytes, &error);
    if (!document) {
        FUZZ_CHECK(!error.isEmpty(), "a file was refused without saying why");
        return 0;
    }

    // Saving what was opened must give a file that opens again, with the same content.
    const QByteArray saved = ScenarioFile::serialize(*document);
    QString againError;
    const std::optional<ScenarioDocument> again = ScenarioFile::parse(saved, &againError);
    FUZZ_CHECK_DETAIL(again.has_value(), "a saved scenario does not open again", againError);
    FUZZ_CHECK(ScenarioFile::serialize(*again) == saved, "save, open, save changes the file");
    return 0;
}
