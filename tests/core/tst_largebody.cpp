// A response of 16 MB or more is kept as its bytes (LargeBody) rather than as QJsonValues, and
// mappings read it part by part. Whatever a person maps must read the same either way: each
// mapping here is evaluated against the QJsonValue tree and against the bytes (every part
// walked in the bytes, and the default where small parts are read whole), and compared.

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/LargeBody.h"
#include "core/run/ResponseParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

/// About 300 KB: past the size from which lists are indexed (64 KB) and past the index's
/// stride (256 items), with the awkward corners of JSON around it.
QByteArray sampleDocument()
{
    QByteArray items;
    for (int i = 1; i <= 3000; ++i) {
        if (i > 1)
            items += i % 7 == 0 ? ",\n  " : ",";
        const QByteArray n = QByteArray::number(i);
        items += "{\"id\":" + n + ",\"name\":\"Item \\\"" + n
            + "\\\"\",\"tags\":[\"red\",\"green\"],"
              "\"owner\":{\"id\":7,\"note\":\"a\\\\b\"}"
            + (i % 3 == 0 ? ",\"extra\":true" : "") + "}";
    }
    return "  {\"page\": 1, \"items\" : [" + items
        + "],\n"
          "\"headers\":[{\"name\":\"Content-Type\",\"value\":\"text/plain\"},"
          "{\"name\":\"X-Id\",\"value\":\"42\"}],"
          "\"caf\\u00e9\":\"accent\",\"dup\":1,\"dup\":2,\"empty\":[],\"nothing\":{},"
          "\"values\":[1,2.5,-3e2,true,false,null,\"x\"],"
          "\"nested\":{\"a\":{\"b\":{\"c\":\"deep\"}}},\"text\":\"plain \\u263a\","
          "\"unicode\":\"\xc3\xa9t\xc3\xa9\",\"with space\":\"s\",\"last\":null}\n ";
}

QJsonObject bundle(const QJsonValue &data)
{
    return QJsonObject {{QStringLiteral("statusCode"), 200},
        {QStringLiteral("headers"), QJsonArray()}, {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("data"), data}};
}

} // namespace

class TestLargeBody : public QObject
{
    Q_OBJECT

private slots:
    void mappingsReadTheSameFromTheBytes_data()
    {
        QTest::addColumn<QString>("field");
        const char *fields[] = {
            "{{1.data.page}}",
            "{{1.data.items[1].name}}",
            "{{1.data.items[257].name}}", // just past the first index mark
            "{{1.data.items[512].owner.note}}",
            "{{1.data.items[3000].tags[2]}}",
            "{{1.data.items[3001].name}}", // one past the end: a warning with the count
            "{{1.data.items[0].name}}",
            "{{1.data.items[1 + 1].id}}",
            "{{1.data.items[1.data.page].name}}",
            "{{1.data.items[\"x\"].name}}",
            "{{1.data[\"page\"]}}",
            "{{1.data.page[1]}}",
            "{{1.data.text.x}}",
            "{{1.data.items.nope.x}}",
            "{{1.data.items.5.name}}",
            "{{1.data.items[2]}}",
            "{{1.data.items[].id}}",
            "{{1.data.items.extra}}",
            "{{1.data.items[].nope}}",
            "{{1.data.values.x}}",
            "{{1.data.values[3]}}",
            "{{1.data.headers.`content-type`}}",
            "{{1.data.headers.nope}}",
            "{{1.data.`café`}}",
            "{{1.data.dup}}",
            "{{1.data.empty[1]}}",
            "{{1.data.nothing.x}}",
            "{{1.data.nested.a.b.c}}",
            "{{1.data.nested.a.b.c.d}}",
            "{{1.data.text}}",
            "{{1.data.unicode}}",
            "{{1.data.`with space`}}",
            "{{1.data.last}}",
            "{{1.data.nope}}",
            "{{1.data.page.x}}",
            "{{length(1.data.items)}}",
            "{{length(1.data.items[].id)}}",
            "{{length(1.data.items[])}}",
            "{{length(1.data.values)}}",
            "{{length(1.data.nope)}}",
            "{{length(1.data.items[3000].tags)}}",
            "{{length(1.data.items[1.data.page].tags)}}",
            "{{1.statusCode}}",
            "Bearer {{1.data.items[3].owner.id}} and {{1.data.text}}",
        };
        for (const char *field : fields)
            QTest::newRow(field) << QString::fromUtf8(field);
    }

    void mappingsReadTheSameFromTheBytes()
    {
        QFETCH(QString, field);
        const QByteArray json = sampleDocument();
        const QJsonDocument document = QJsonDocument::fromJson(json);
        QVERIFY(document.isObject());
        MappingContext tree;
        tree.moduleOutputs.insert(1, bundle(document.object()));
        const FieldTemplate::Result expected = evaluateField(field, tree);

        // Every part walked in the bytes; and parts of 4 KB or more walked, smaller ones read
        // into QJsonValues and walked as usual (the items are small, the list is not).
        for (const qsizetype partBytes : {qsizetype(0), qsizetype(4096)}) {
            QString error;
            const LargeBodyPtr body = LargeBody::fromJson(json, &error, nullptr, partBytes);
            QVERIFY2(body, qPrintable(error));
            MappingContext bytes;
            bytes.moduleOutputs.insert(1, bundle(QJsonValue::Null));
            bytes.largeData.insert(1, body);
            const FieldTemplate::Result actual = evaluateField(field, bytes);
            QCOMPARE(actual.error, expected.error);
            QCOMPARE(actual.text, expected.text);
            QCOMPARE(actual.value, expected.value);
            QCOMPARE(actual.warnings, expected.warnings);
        }
    }

    void wholeDataAndWholeBundleReadTheSame()
    {
        const QByteArray json = sampleDocument();
        const QJsonObject data = QJsonDocument::fromJson(json).object();
        MappingContext tree;
        tree.moduleOutputs.insert(1, bundle(data));
        MappingContext bytes;
        bytes.moduleOutputs.insert(1, bundle(QJsonValue::Null));
        bytes.largeData.insert(1, LargeBody::fromJson(json, nullptr, nullptr, 0));
        for (const QString field : {QStringLiteral("{{1.data}}"), QStringLiteral("{{1}}"),
                 QStringLiteral("{{1[]}}"), QStringLiteral("{{1[\"data\"].page}}")}) {
            const FieldTemplate::Result a = evaluateField(field, tree);
            const FieldTemplate::Result b = evaluateField(field, bytes);
            QCOMPARE(b.value, a.value);
            QCOMPARE(b.text, a.text);
        }
    }

    void listsAreCountedAndPagedThroughTheIndex()
    {
        const QByteArray json = sampleDocument();
        const LargeBodyPtr body = LargeBody::fromJson(json);
        QVERIFY(body);
        const QJsonObject data = QJsonDocument::fromJson(json).object();
        const std::optional<LargeBody::Range> items
            = body->member(body->root(), QStringLiteral("items"));
        QVERIFY(items);
        QCOMPARE(body->typeAt(*items), QJsonValue::Array);
        QCOMPARE(body->childCount(*items), 3000);
        QCOMPARE(body->childCount(body->root()), data.size() + 1); // "dup" is there twice
        // Pages from anywhere, across index marks, give the items of the tree.
        const QJsonArray list = data.value(QStringLiteral("items")).toArray();
        for (const qint64 first : {0, 1, 255, 256, 257, 511, 1000, 2990}) {
            const QList<LargeBody::Child> page = body->children(*items, first, 20);
            QCOMPARE(page.size(), qMin<qint64>(20, 3000 - first));
            for (int i = 0; i < page.size(); ++i)
                QCOMPARE(body->value(page.at(i).range), list.at(first + i));
        }
        QVERIFY(body->children(*items, 3000, 5).isEmpty());
        QVERIFY(!body->item(*items, 3000));
        QVERIFY(!body->item(*items, -1));
        QCOMPARE(body->value(*body->item(*items, 2999)), list.at(2999));
        // Members keep their names, escapes read; a repeated key gives its last value.
        QCOMPARE(body->value(*body->member(body->root(), QStringLiteral("café"))),
            QJsonValue(QStringLiteral("accent")));
        QCOMPARE(body->value(*body->member(body->root(), QStringLiteral("dup"))), QJsonValue(2));
        QVERIFY(body->keys(body->root(), 100).contains(QStringLiteral("café")));
        QVERIFY(!body->member(body->root(), QStringLiteral("nope")));
        QVERIFY(!body->member(*items, QStringLiteral("id"))); // a list has no members
        // The whole body reads as the tree.
        QCOMPARE(body->value(), QJsonValue(data));
    }

    void scalarsAndTextAtTheTop()
    {
        const LargeBodyPtr number = LargeBody::fromJson(" 42 ");
        QVERIFY(number);
        QCOMPARE(number->typeAt(number->root()), QJsonValue::Double);
        QCOMPARE(number->value(), QJsonValue(42));
        const LargeBodyPtr text = LargeBody::fromJson("\"a\\nb\"");
        QVERIFY(text);
        QCOMPARE(text->value(), QJsonValue(QStringLiteral("a\nb")));

        const QByteArray latin1 = "caf\xe9 cr\xe8me";
        const LargeBodyPtr plain = LargeBody::fromText(latin1, "iso-8859-1");
        QCOMPARE(plain->kind(), LargeBody::Kind::Text);
        QCOMPARE(plain->typeAt(plain->root()), QJsonValue::String);
        QCOMPARE(plain->value(), QJsonValue(QStringLiteral("café crème")));
        QCOMPARE(plain->preview(plain->root(), 4), QStringLiteral("café…"));
    }

    // What is refused is refused with QJsonDocument's words and position, as for a small
    // body.
    void rejectsWhatIsNotJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("cut short") << QByteArray("{\"a\":[1,2");
        QTest::newRow("bad literal") << QByteArray("[tru]");
        QTest::newRow("two values") << QByteArray("1 2");
        QTest::newRow("two values with a comma") << QByteArray("1, 2");
        QTest::newRow("number too large") << QByteArray("[1e400]");
        QTest::newRow("number too small") << QByteArray("[5e-844]");
        QTest::newRow("1,025 levels") << QByteArray(1025, '[') + QByteArray(1025, ']');
        QTest::newRow("invalid UTF-8") << QByteArray("[\"\xff\"]");
        QTest::newRow("NUL after the value") << QByteArray("{\"a\":1} \0x", 11);
        QTest::newRow("only spaces") << QByteArray("   ");
    }

    void rejectsWhatIsNotJson()
    {
        QFETCH(QByteArray, json);
        QString error;
        qsizetype at = -1;
        QVERIFY(!LargeBody::fromJson(json, &error, &at));
        const ParsedBody small = ResponseParser::parse(json, "application/json", true);
        const ParsedBody large = ResponseParser::parse(json, "application/json", true, 1);
        QVERIFY(!small.errorMessage.isEmpty());
        QCOMPARE(large.errorMessage, small.errorMessage);
        QVERIFY2(at >= 0 && at <= json.size(), qPrintable(QString::number(at)));
    }

    // QJsonDocument is more lenient than nlohmann's parser; a large body must not fail where
    // the same body, smaller, works.
    void acceptsWhatQtAccepts_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("tab inside a string") << QByteArray("{\"log\":\"a\tb\",\"n\":1}");
        QTest::newRow("unknown escape") << QByteArray("[\"it\\'s\", \"\\a\"]");
        QTest::newRow("lone surrogate") << QByteArray("{\"cut\":\"\\ud83d\"}");
        QTest::newRow(".5 and 1.") << QByteArray("[.5, 1.]");
    }

    void acceptsWhatQtAccepts()
    {
        QFETCH(QByteArray, json);
        const QJsonDocument qt = QJsonDocument::fromJson(json);
        QVERIFY(!qt.isNull());
        const LargeBodyPtr body = LargeBody::fromJson(json, nullptr, nullptr, 0, 4, 1);
        QVERIFY(body);
        const QJsonValue expected = qt.isArray() ? QJsonValue(qt.array()) : QJsonValue(qt.object());
        QCOMPARE(body->value(), expected);
        QCOMPARE(
            body->childCount(body->root()), qt.isArray() ? qt.array().size() : qt.object().size());
        const QList<LargeBody::Child> children = body->children(body->root(), 0, 10);
        for (int i = 0; i < children.size(); ++i) {
            QCOMPARE(body->value(children.at(i).range),
                qt.isArray() ? qt.array().at(i) : qt.object().value(children.at(i).key));
        }
    }

    void previewsCutBetweenCharacters()
    {
        // A long string of two-byte characters: any cut lands inside some character.
        const QString word = QStringLiteral("привет мир ");
        QString text;
        while (text.size() < 5000)
            text += word;
        const QByteArray json = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
        const LargeBodyPtr body = LargeBody::fromJson(json, nullptr, nullptr, 0);
        const LargeBody::Child item = body->children(body->root(), 0, 1).value(0);
        for (const int chars : {7, 100, 301, 1000}) {
            const QString preview = body->preview(item.range, chars);
            QVERIFY2(
                preview.size() >= chars / 2 && preview.size() <= chars + 1, qPrintable(preview));
            QVERIFY(preview.endsWith(QChar(0x2026)));
            QVERIFY2(text.startsWith(preview.chopped(1)), qPrintable(preview));
        }
    }

    void indexAndMarksFromAnySize()
    {
        // Indexed from 16 bytes with a mark every 3 members: pages start inside the marks.
        const QByteArray json = sampleDocument();
        const LargeBodyPtr body = LargeBody::fromJson(json, nullptr, nullptr, 0, 16, 3);
        const QJsonObject data = QJsonDocument::fromJson(json).object();
        const LargeBody::Range items = *body->member(body->root(), QStringLiteral("items"));
        const QJsonArray list = data.value(QStringLiteral("items")).toArray();
        for (const qint64 first : {0, 2, 3, 4, 5, 6, 2998, 2999}) {
            const QList<LargeBody::Child> page = body->children(items, first, 2);
            QCOMPARE(page.size(), qMin<qint64>(2, 3000 - first));
            for (int i = 0; i < page.size(); ++i)
                QCOMPARE(body->value(page.at(i).range), list.at(first + i));
        }
        QCOMPARE(body->value(), QJsonValue(data));
    }

    // An object keyed by id: its members are found through the key table, with the same
    // answers as QJsonObject (the last of a repeated key, escaped keys read).
    void objectKeyedByIdFindsEveryMember()
    {
        QByteArray json = "{";
        for (int i = 1; i <= 3000; ++i) {
            const QByteArray n = QByteArray::number(i);
            json += "\"u" + n + "\":{\"id\":" + n + "},";
        }
        json += "\"u7\":\"again\",\"caf\\u00e9\":1,\"tab\\tkey\":2,\"\":3}";
        const QJsonObject expected = QJsonDocument::fromJson(json).object();
        QCOMPARE(expected.size(), 3003);
        for (const auto &[indexedBytes, stride] :
            {std::pair<qsizetype, qint64> {LargeBody::DefaultIndexedBytes, 256}, {16, 3}}) {
            const LargeBodyPtr body
                = LargeBody::fromJson(json, nullptr, nullptr, 0, indexedBytes, stride);
            QVERIFY(body);
            for (auto it = expected.begin(); it != expected.end(); ++it) {
                const std::optional<LargeBody::Range> member = body->member(body->root(), it.key());
                QVERIFY2(member, qPrintable(it.key()));
                QCOMPARE(body->value(*member), it.value());
            }
            QVERIFY(!body->member(body->root(), QStringLiteral("u3001")));
            QVERIFY(!body->member(body->root(), QStringLiteral("U7")));
            QCOMPARE(body->value(*body->member(body->root(), QStringLiteral("u7"))),
                QJsonValue(QStringLiteral("again")));
        }
    }

    void acceptsTheDeepestNestingQtAccepts()
    {
        const QByteArray deepest = QByteArray(1024, '[') + QByteArray(1024, ']');
        QVERIFY(LargeBody::fromJson(deepest));
        QVERIFY(!QJsonDocument::fromJson(deepest).isNull());
    }

    void splicedIntoADocumentAsItCame()
    {
        const QByteArray json = sampleDocument();
        const LargeBodyPtr body = LargeBody::fromJson(json);
        QJsonObject report {
            {QStringLiteral("ok"), true}, {QStringLiteral("data"), LargeBody::marker(1)}};
        const QByteArray written = body->splice(
            QJsonDocument(report).toJson(QJsonDocument::Indented), LargeBody::marker(1));
        QJsonParseError error;
        const QJsonDocument reread = QJsonDocument::fromJson(written, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(reread.object().value(QStringLiteral("data")),
            QJsonValue(QJsonDocument::fromJson(json).object()));
        QVERIFY(written.contains(json.trimmed())); // the server's bytes, not rewritten

        const LargeBodyPtr text = LargeBody::fromText("line \"1\"\nline 2");
        const QByteArray withText = text->splice(
            QJsonDocument(report).toJson(QJsonDocument::Compact), LargeBody::marker(1));
        QCOMPARE(QJsonDocument::fromJson(withText).object().value(QStringLiteral("data")),
            QJsonValue(QStringLiteral("line \"1\"\nline 2")));
    }

    void responseParserKeepsLargeBodiesAsBytes()
    {
        const QByteArray json = sampleDocument();
        const ParsedBody small = ResponseParser::parse(json, "application/json", true);
        QVERIFY(small.isJson);
        QVERIFY(!small.large);
        QVERIFY(small.data.isObject());

        const ParsedBody large
            = ResponseParser::parse(json, "application/json; charset=utf-8", true, 1024);
        QVERIFY(large.errorMessage.isEmpty());
        QVERIFY(large.isJson);
        QVERIFY(large.large);
        QVERIFY(large.data.isUndefined());
        QCOMPARE(large.large->kind(), LargeBody::Kind::Json);
        QCOMPARE(large.large->value(), small.data);
        // The same bytes, not a copy.
        QCOMPARE(large.large->bytes().constData(), json.constData());

        const ParsedBody broken
            = ResponseParser::parse(json.left(json.size() - 5), "application/json", true, 1024);
        QVERIFY(broken.errorMessage.contains(QStringLiteral("not valid JSON")));
        QVERIFY(broken.errorMessage.contains(QStringLiteral("Parse response")));
        QVERIFY(broken.large);
        QCOMPARE(broken.large->kind(), LargeBody::Kind::Text);

        // Parse response off: text, with the same warning as a small body for bad bytes.
        QByteArray badText = QByteArray(2000, 'a') + "\xff" + QByteArray(10, 'b');
        const ParsedBody smallText = ResponseParser::parse(badText, "text/plain", true);
        const ParsedBody largeText = ResponseParser::parse(badText, "text/plain", true, 1024);
        QVERIFY(largeText.large);
        QCOMPARE(largeText.large->kind(), LargeBody::Kind::Text);
        QCOMPARE(largeText.warnings, smallText.warnings);
        QVERIFY(!largeText.warnings.isEmpty());
        QCOMPARE(largeText.large->value(), smallText.data);
    }
};

QTEST_GUILESS_MAIN(TestLargeBody)
#include "tst_largebody.moc"
