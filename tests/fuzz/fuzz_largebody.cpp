// libFuzzer target: LargeBody, the way large responses are read (checked by nlohmann's parser,
// then walked by Scenarist's own scanner). Differential: it must accept exactly what
// QJsonDocument accepts and read it the same, part by part (members, items, counts) and whole;
// what it refuses gets a message and a place inside the input.

#include "FuzzCheck.h"

#include "core/mapping/LargeBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cstddef>
#include <cstdint>

namespace {

/// What QJsonDocument makes of `bytes`, as ResponseParser asks it for a small body (a scalar
/// wrapped in a list; only JSON's four spaces count as spaces), or undefined.
QJsonValue qtReading(const QByteArray &bytes)
{
    qsizetype first = 0;
    while (first < bytes.size() && QByteArrayView(" \t\r\n").contains(bytes.at(first)))
        ++first;
    if (first == bytes.size())
        return QJsonValue(QJsonValue::Undefined);
    const bool wrap = bytes.at(first) != '{' && bytes.at(first) != '[';
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(wrap ? '[' + bytes + ']' : bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue(QJsonValue::Undefined);
    if (wrap)
        return document.array().size() == 1 ? document.array().at(0)
                                            : QJsonValue(QJsonValue::Undefined);
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

void compareParts(
    const LargeBody &body, LargeBody::Range range, const QJsonValue &expected, int depth)
{
    FUZZ_CHECK(body.typeAt(range) == expected.type(), "type of a part");
    FUZZ_CHECK(body.value(range) == expected, "value of a part");
    if (depth > 6)
        return;
    if (expected.isArray()) {
        const QJsonArray array = expected.toArray();
        FUZZ_CHECK(body.childCount(range) == array.size(), "item count");
        const QList<LargeBody::Child> children = body.children(range, 0, array.size() + 1);
        FUZZ_CHECK(children.size() == array.size(), "items listed");
        for (qsizetype i = 0; i < array.size() && i < 50; ++i) {
            const std::optional<LargeBody::Range> item = body.item(range, i);
            FUZZ_CHECK(item && *item == children.at(i).range, "item by position");
            compareParts(body, *item, array.at(i), depth + 1);
        }
        FUZZ_CHECK(!body.item(range, array.size()), "no item past the end");
    } else if (expected.isObject()) {
        const QJsonObject object = expected.toObject();
        const QList<LargeBody::Child> children = body.children(range, 0, 1 << 20);
        FUZZ_CHECK(body.childCount(range) == children.size(), "member count");
        QSet<QString> keys;
        for (const LargeBody::Child &child : children)
            keys.insert(child.key);
        FUZZ_CHECK(keys.size() == object.size(), "distinct keys");
        for (auto it = object.begin(); it != object.end(); ++it) {
            const std::optional<LargeBody::Range> member = body.member(range, it.key());
            FUZZ_CHECK_DETAIL(member, "member by key", it.key());
            compareParts(body, *member, it.value(), depth + 1);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    qsizetype at = -1;
    // Every part walked in the bytes, lists and objects of 16 bytes or more indexed with a mark
    // every 2 members: the index and its marks are in play even in small inputs.
    const LargeBodyPtr body = LargeBody::fromJson(bytes, &error, &at, 0, 16, 2);
    const QJsonValue expected = qtReading(bytes);
    if (!body) {
        FUZZ_CHECK_DETAIL(
            expected.isUndefined(), "refused by LargeBody, read by QJsonDocument", error);
        FUZZ_CHECK_DETAIL(!error.isEmpty(), "a refusal says why", error);
        FUZZ_CHECK_DETAIL(at >= 0 && at <= bytes.size(), "a refusal says where", error);
        return 0;
    }
    // Accepted exactly when QJsonDocument accepts, and read the same way.
    FUZZ_CHECK(!expected.isUndefined(), "accepted by LargeBody, refused by QJsonDocument");
    compareParts(*body, body->root(), expected, 0);
    FUZZ_CHECK(body->value() == expected, "whole value");
    // Previews never cut inside a character or an escape badly enough to fail.
    (void)body->preview(body->root(), 5);
    (void)body->sample(3, 3, 3);
    const QByteArray spliced = body->splice("{\"d\":"
            + QJsonDocument(QJsonArray {LargeBody::marker(1)})
                  .toJson(QJsonDocument::Compact)
                  .mid(1)
                  .chopped(1)
            + "}",
        LargeBody::marker(1));
    FUZZ_CHECK(QJsonDocument::fromJson(spliced).object().value(QStringLiteral("d")) == expected,
        "spliced into a document");
    return 0;
}
