// libFuzzer target: the {{…}} mapping language. Parses the input as a field (with and without
// known roots) and evaluates it against a fixed context with a few module outputs, as the
// runner does for every mappable field.

#include "FuzzCheck.h"

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/LargeBody.h"
#include "core/mapping/MappingContext.h"
#include "core/mapping/MappingExpression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>

namespace {

QJsonValue json(const char *text)
{
    // Wrapped in an array so that scalars parse too.
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[") + text + "]");
    return document.array().at(0);
}

const MappingContext &context()
{
    static const MappingContext value = [] {
        MappingContext c;
        c.moduleOutputs.insert(1, json(R"({"statusCode": 200,
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "cookies": [{"name": "sid", "value": "x1"}],
            "data": {"access_token": "abc", "token_type": "Bearer", "expires_in": 3600}})"));
        c.moduleOutputs.insert(2, json(R"({"statusCode": 200, "headers": [], "data": {
            "items": [{"id": 1, "name": "Apple", "price": 1.5, "tags": ["red", "fruit"]},
                      {"id": 2, "name": "Banana", "price": 0.25, "tags": []},
                      {"id": 3, "name": "Cherry", "price": 1e308, "tags": ["red"]}],
            "total": 3, "next": null, "odd key": "x", "200": "numeric key", "empty": "",
            "nested": {"a": {"b": "deep"}}, "flag": true, "neg": -2147483649,
            "big": 9007199254740993, "small": 5e-324}})"));
        c.moduleOutputs.insert(3, json(R"({"statusCode": 404, "headers": [],
            "data": "  plain text body with spaces  "})"));
        c.moduleOutputs.insert(4, json(R"({"statusCode": 200, "headers": [], "data": {
            "date": "2024-03-05T14:07:09.123Z", "unix": 1709647629, "csv": "a,b,,c",
            "amount": "1 756 200,582", "url": "a b&c=d/é", "encoded": "a%20b%26c%3D%C3%A9"}})"));
        c.moduleOutputs.insert(5, QJsonValue(QJsonValue::Null)); // ran, gave nothing
        c.namedRoots.insert(
            QStringLiteral("secrets"), json(R"({"client_secret": "s3cr3t", "client_id": "demo"})"));
        c.namedRoots.insert(QStringLiteral("sandbox"), json(R"({"url": "http://127.0.0.1:1"})"));
        c.now = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
        return c;
    }();
    return value;
}

/// The same context with modules 2 and 4 answered with large bodies (LargeBody, every part
/// walked in the bytes and indexed): mappings must read the same from it.
const MappingContext &largeContext()
{
    static const MappingContext value = [] {
        MappingContext c = context();
        for (const int id : {2, 4}) {
            QJsonObject bundle = c.moduleOutputs.value(id).toObject();
            const QJsonValue data = bundle.value(QStringLiteral("data"));
            const QByteArray bytes = QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact);
            c.largeData.insert(id, LargeBody::fromJson(bytes, nullptr, nullptr, 0, 16, 2));
            bundle.insert(QStringLiteral("data"), QJsonValue(QJsonValue::Null));
            c.moduleOutputs.insert(id, bundle);
        }
        return c;
    }();
    return value;
}

void checkPositions(const FieldTemplate &field)
{
    const int size = int(field.text().size());
    for (const MappingIssue &issue : field.errors()) {
        FUZZ_CHECK(!issue.message.isEmpty(), "a syntax error has no message");
        FUZZ_CHECK(issue.start >= 0 && issue.length >= 0 && issue.start <= size,
            "a syntax error points outside the field");
    }
    for (const ModuleReference &reference : field.references()) {
        FUZZ_CHECK(reference.start >= 0 && reference.length >= 0
                && reference.start + reference.length <= size,
            "a module reference points outside the field");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    const FieldTemplate field = FieldTemplate::parse(text);
    checkPositions(field);
    field.namedRootReferences(QStringLiteral("secrets"));
    resetDeepestMappingEvaluation();
    const FieldTemplate::Result result = field.evaluate(context());
    // What the parser accepts is never so deep that evaluating it recurses past the limit.
    FUZZ_CHECK_DETAIL(deepestMappingEvaluation() <= maxMappingDepth,
        "an evaluation nested deeper than maxMappingDepth",
        QString::number(deepestMappingEvaluation()));
    if (field.errors().isEmpty())
        FUZZ_CHECK_DETAIL(result.error != mappingTooDeepMessage(),
            "a field the parser accepted was too deep to evaluate", result.error);
    if (!text.contains(QLatin1String("secrets"))) {
        FUZZ_CHECK(result.secretsRead.isEmpty(), "a field without secrets read one");
        FUZZ_CHECK(result.secretDerivedTexts.isEmpty(), "a field without secrets derived one");
    }
    if (!field.errors().isEmpty())
        FUZZ_CHECK(!result.ok(), "a field with syntax errors evaluated without an error");
    if (result.ok())
        FUZZ_CHECK(!result.value.isUndefined(), "a field evaluated to nothing at all");
    if (!result.ok())
        FUZZ_CHECK(!result.error.contains(QLatin1String("s3cr3t")), "an error shows a secret");
    const bool differsEachTime = [&text] {
        for (const char *name : {"uuid", "now", "random", "shuffle"}) {
            if (text.contains(QLatin1String(name), Qt::CaseInsensitive))
                return true;
        }
        return false;
    }();
    if (!differsEachTime) {
        // Read from large bodies, the same field gives the same answer (uuid, random and
        // shuffle differ from one evaluation to the next anyway; function names ignore case).
        const FieldTemplate::Result large = field.evaluate(largeContext());
        FUZZ_CHECK_DETAIL(large.error == result.error, "an error differs for a large body",
            result.error + QLatin1String(" | ") + large.error);
        FUZZ_CHECK_DETAIL(large.text == result.text, "a value differs for a large body",
            result.text + QLatin1String(" | ") + large.text);
        FUZZ_CHECK_DETAIL(large.warnings == result.warnings, "a warning differs for a large body",
            result.warnings.join(QLatin1Char('\n')) + QLatin1String(" | ")
                + large.warnings.join(QLatin1Char('\n')));
    }

    static const QStringList roots {QStringLiteral("secrets"), QStringLiteral("sandbox")};
    const FieldTemplate checked = FieldTemplate::parse(text, roots);
    checkPositions(checked);
    resetDeepestMappingEvaluation();
    checked.evaluate(context());
    FUZZ_CHECK(deepestMappingEvaluation() <= maxMappingDepth,
        "an evaluation nested deeper than maxMappingDepth");
    return 0;
}
