// libFuzzer target: the cURL importer (Paste cURL) and the command written back for a module.
// Any text must give a request or a plain error; a request that was read must write as a
// curl command that reads back as the same request.

#include "CurlRoundTrip.h"
#include "FuzzCheck.h"

#include "core/io/CurlCommand.h"
#include "core/io/ScenarioFile.h"

#include <QString>

namespace {

using CurlRoundTrip::sentHeaders;

QString describe(const QList<NameValue> &headers)
{
    QStringList lines;
    for (const NameValue &header : headers)
        lines.append(header.name + QLatin1String(": ") + header.value);
    return lines.join(QLatin1String(" | "));
}

} // namespace

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString command
        = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const CurlCommand::ParseResult parsed = CurlCommand::parse(command);
    if (!parsed.ok())
        return 0;

    // Paste cURL makes a module of the request; the scenario must save and open again.
    ScenarioDocument document;
    Module module;
    module.id = 1;
    module.config = parsed.spec;
    document.modules.append(module);
    document.nextId = 2;
    QString fileError;
    FUZZ_CHECK_DETAIL(ScenarioFile::parse(ScenarioFile::serialize(document), &fileError),
        "a module made from a curl command saves as a file that does not open", fileError);

    const QString written = CurlCommand::fromSpec(parsed.spec);
    const CurlCommand::ParseResult again = CurlCommand::parse(written);
    FUZZ_CHECK_DETAIL(again.ok(), "a command written for an imported request does not import again",
        again.error + QLatin1Char('\n') + written);
    FUZZ_CHECK_DETAIL(again.spec.method == parsed.spec.method, "the method changed on the way back",
        parsed.spec.method + QLatin1String(" -> ") + again.spec.method + QLatin1Char('\n')
            + written);
    FUZZ_CHECK_DETAIL(
        CurlRoundTrip::sentUrl(again.spec.url) == CurlRoundTrip::sentUrl(parsed.spec.url),
        "the URL changed on the way back",
        parsed.spec.url + QLatin1String(" -> ") + again.spec.url + QLatin1Char('\n') + written);
    FUZZ_CHECK_DETAIL(sentHeaders(again.spec) == sentHeaders(parsed.spec),
        "the headers changed on the way back",
        describe(sentHeaders(parsed.spec)) + QLatin1String(" -> ")
            + describe(sentHeaders(again.spec)) + QLatin1Char('\n') + written);
    return 0;
}
