// libFuzzer target: filters on links. An input that starts with `{` is read as Make's filter
// object, written back and read again (it must give the same filter and the same JSON), then
// evaluated. Any other input is one condition, `operator NL a NL b`, evaluated with its operator
// and with the operator that means the opposite: when neither warns, exactly one passes.

#include "FuzzCheck.h"

#include "core/flow/Filter.h"
#include "core/mapping/DateReading.h"
#include "core/mapping/MappingContext.h"

#include <QHash>
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
        c.moduleOutputs.insert(1, json(R"({"data": {
            "count": 3, "price": "2.50", "status": "Active", "text": "abc", "empty": "",
            "nothing": null, "flag": true, "school": "École", "emoji": "😀 x",
            "items": ["Red", "green", 3, {"id": 1}, null, [1, 2]], "none": [], "object": {"a": 1},
            "when": "2024-03-05T14:07:09Z", "local": "2024-03-31 02:30", "unix": 1709647629,
            "huge": 1e308, "tiny": -5e-324}})"));
        c.namedRoots.insert(QStringLiteral("secrets"), json(R"({"token": "s3cr3t"})"));
        return c;
    }();
    return value;
}

const QTimeZone &zone()
{
    // A zone with daylight saving time, so that local times in its gaps are read too.
    static const QTimeZone value("Europe/Paris");
    return value;
}

/// The operator that is true exactly when `o` is false, when both sides read.
QString opposite(const QString &o)
{
    static const QHash<QString, QString> pairs = [] {
        QHash<QString, QString> map;
        const auto pair = [&map](const QString &a, const QString &b) {
            map.insert(a, b);
            map.insert(b, a);
        };
        pair(QStringLiteral("exist"), QStringLiteral("notexist"));
        for (const QString &kind : {QStringLiteral("number:"), QStringLiteral("date:"),
                 QStringLiteral("time:"), QStringLiteral("array:")}) {
            pair(kind + QStringLiteral("equal"), kind + QStringLiteral("notequal"));
            pair(kind + QStringLiteral("less"), kind + QStringLiteral("greaterorequal"));
            pair(kind + QStringLiteral("greater"), kind + QStringLiteral("lessorequal"));
        }
        pair(QStringLiteral("boolean:equal"), QStringLiteral("boolean:notequal"));
        for (const QString &ci : {QString(), QStringLiteral(":ci")}) {
            for (const QString &word :
                {QStringLiteral("equal"), QStringLiteral("contain"), QStringLiteral("startwith"),
                    QStringLiteral("endwith"), QStringLiteral("pattern")}) {
                pair(QStringLiteral("text:") + word + ci, QStringLiteral("text:not") + word + ci);
            }
            pair(QStringLiteral("array:contain") + ci, QStringLiteral("array:notcontain") + ci);
        }
        return map;
    }();
    return pairs.value(o);
}

void checkVerdict(const FilterVerdict &verdict)
{
    FUZZ_CHECK(verdict.passed == verdict.reason.isEmpty(),
        "a stopped bundle has no reason, or a passed one has one");
    FUZZ_CHECK_DETAIL(!verdict.reason.contains(QLatin1String("s3cr3t")), "a reason shows a secret",
        verdict.reason);
    for (const QString &warning : verdict.warnings) {
        FUZZ_CHECK_DETAIL(
            !warning.contains(QLatin1String("s3cr3t")), "a warning shows a secret", warning);
    }
}

void fuzzObject(const QByteArray &bytes)
{
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject())
        return;
    QString error;
    const std::optional<Filter> filter = Filter::fromJson(document.object(), &error);
    if (!filter) {
        FUZZ_CHECK(!error.isEmpty(), "a filter was refused without a message");
        return;
    }
    const QJsonObject written = filter->toJson();
    const std::optional<Filter> again = Filter::fromJson(written, &error);
    FUZZ_CHECK_DETAIL(again.has_value(), "a filter written back does not read again", error);
    FUZZ_CHECK(*again == *filter, "a filter written back reads differently");
    FUZZ_CHECK(again->toJson() == written, "a filter written twice gives different JSON");
    // Every key of the original survives, unless it was a number or boolean read as text.
    const QJsonObject original = document.object();
    for (auto it = original.begin(); it != original.end(); ++it) {
        FUZZ_CHECK_DETAIL(written.contains(it.key()), "a key of the filter was dropped", it.key());
    }
    checkVerdict(evaluate(*filter, context(), zone()));
}

void fuzzCondition(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    const QStringList parts = text.split(QLatin1Char('\n'));
    QString o = parts.value(0);
    if (!Filter::isKnownOperator(o)) {
        const QStringList known = Filter::knownOperators();
        o = known.at(int(qHash(o) % uint(known.size())));
    }
    FilterCondition condition;
    condition.o = o;
    condition.a = parts.value(1);
    if (parts.size() > 2)
        condition.b = parts.mid(2).join(QLatin1Char('\n'));
    Filter filter;
    filter.conditions = {{condition}};
    const FilterVerdict verdict = evaluate(filter, context(), zone());
    checkVerdict(verdict);

    filter.conditions[0][0].o = opposite(o);
    FUZZ_CHECK_DETAIL(
        Filter::isKnownOperator(filter.conditions[0][0].o), "an operator has no opposite", o);
    const FilterVerdict reverse = evaluate(filter, context(), zone());
    checkVerdict(reverse);
    if (verdict.warnings.isEmpty() && reverse.warnings.isEmpty()) {
        FUZZ_CHECK_DETAIL(verdict.passed != reverse.passed, "an operator and its opposite agree",
            o + QLatin1String(": ") + verdict.reason + QLatin1String(" | ") + reverse.reason);
    }
    FUZZ_CHECK(verdict.warnings.isEmpty() || !verdict.passed,
        "a condition that warned let the bundle through");
    FUZZ_CHECK(reverse.warnings.isEmpty() || !reverse.passed,
        "a condition that warned let the bundle through");

    // The date reader agrees with itself whichever way the value comes.
    const std::optional<QDateTime> date = readDate(condition.a, zone());
    if (date) {
        FUZZ_CHECK(date->isValid(), "readDate gave an invalid date");
        // ISO 8601 text has four-digit years; timestamps reach further.
        const int year = date->toUTC().date().year();
        if (year < 1 || year > 9999)
            return;
        const std::optional<QDateTime> utc
            = readDate(date->toUTC().toString(Qt::ISODateWithMs), zone());
        FUZZ_CHECK_DETAIL(
            utc && *utc == *date, "a date written as ISO 8601 reads differently", condition.a);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (bytes.startsWith('{'))
        fuzzObject(bytes);
    else
        fuzzCondition(bytes);
    return 0;
}
