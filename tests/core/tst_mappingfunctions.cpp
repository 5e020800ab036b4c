#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingContext.h"
#include "core/mapping/MappingFunctions.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <functional>

/// Make's function reference (docs/mapping-functions.md): one row per function with Make's
/// documented example where its reference gives one, then edge cases, errors, the keywords,
/// the [] projection, time zones and what values read from secrets become.
class TestMappingFunctions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void makesExamples_data();
    void makesExamples();
    void edgeCases_data();
    void edgeCases();
    void errors_data();
    void errors();
    void everyFunctionHasARow();
    void keywords_data();
    void keywords();
    void projection_data();
    void projection();
    void datesUseTheScenariosTimeZone_data();
    void datesUseTheScenariosTimeZone();
    void systemTimeZoneIsTheDefault();
    void valuesFromSecretsStayMarked_data();
    void valuesFromSecretsStayMarked();
    void systemVariablesTheRunDoesNotGive();
    void randomFunctionsVary();
    void realExportsParse();
    void documentationIsTrue();
    void referenceExamplesWork();

private:
    static QJsonValue json(const char *text);
    MappingContext m_context;
};

QJsonValue TestMappingFunctions::json(const char *text)
{
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[") + text + "]");
    if (document.isNull())
        qFatal("bad JSON in test: %s", text);
    return document.array().at(0);
}

void TestMappingFunctions::initTestCase()
{
    m_context.moduleOutputs.insert(1, json(R"({"statusCode": 200, "headers": [], "data": {
        "emails": [{"email": "ada@work.com", "label": "work"},
                   {"email": "ada@home.org", "label": "home"},
                   {"email": "ada@old.net", "label": "old"}],
        "contacts": [{"name": "bob", "age": 30, "address": {"city": "Brno"}},
                     {"name": "Alice", "age": 25, "address": {"city": "Praha"}},
                     {"name": "carol", "age": 35, "address": {"city": "Aš"}},
                     {"name": "bob", "age": 40, "address": {"city": "Zlín"}}],
        "user": {"name": "Ada", "email": "ada@example.com", "password": "pa55"},
        "choices": [{"message": {"role": "assistant", "content": "Hello"}},
                    {"message": {"role": "assistant", "content": "there"}}],
        "created": "2018-10-01T07:32:00Z",
        "numbers": [1, 2, 3, 4], "others": [3, 4, 5, 6], "letters": ["a", "b", "c"],
        "duplicates": [1, 2, 2, "2", 3, 1],
        "nested": ["item1", ["sub1", ["deep1", ["deepest"]]]],
        "pairs": [{"name": "color", "value": "red"}, {"name": "size", "value": 42}],
        "prices": [1.5, 2.25, 10], "empty": [], "text": "abc", "none": null}})"));
    m_context.now = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    // Make's system variables, as a run gives them (triggerTimestamp is left to `now`).
    m_context.namedRoots.insert(QStringLiteral("executionId"), QStringLiteral("e-1"));
    m_context.namedRoots.insert(QStringLiteral("scenarioId"), 7);
    m_context.namedRoots.insert(QStringLiteral("operationsConsumed"), 2);
    // Make's examples are written for a scenario in UTC unless they say otherwise.
    m_context.timeZone = QTimeZone::utc();
}

using ExampleRow = std::function<void(
    const char *function, const char *name, const char *field, const char *expected)>;

/// Make's documented examples, one or more per function, as (function, name, field, result).
static void makesExampleRows(const ExampleRow &row)
{

    // General functions
    row("get", "path into an object", "{{get(1.data; user.name)}}", "Ada");
    row("get", "position in a list", "{{get(1.data.letters; 1 + 1)}}", "b");
    row("if", "true", "{{if(1 = 1; A; B)}}", "A");
    row("if", "false", "{{if(1 = 2; A; B)}}", "B");
    row("if", "and", "{{if(1 = 2 & 1 = 2; A; B)}}", "B");
    row("ifempty", "a value", "{{ifempty(A; B)}}", "A");
    row("ifempty", "missing", "{{ifempty(1.data.unknown; B)}}", "B");
    row("ifempty", "empty text", R"({{ifempty(""; B)}})", "B");
    row("switch", "second", "{{switch(B; A; 1; B; 2; C; 3)}}", "2");
    row("switch", "third", "{{switch(C; A; 1; B; 2; C; 3)}}", "3");
    row("switch", "else", "{{switch(X; A; 1; B; 2; C; 3; 4)}}", "4");
    row("omit", "password left out", "{{omit(1.data.user; password)}}",
        R"({"email":"ada@example.com","name":"Ada"})");
    row("pick", "name only", "{{pick(1.data.user; name)}}", R"({"name":"Ada"})");
    row("pick", "several keys", "{{pick(1.data.user; name; email)}}",
        R"({"email":"ada@example.com","name":"Ada"})");

    // Math functions
    row("abs", "negative", "{{abs(-5)}}", "5");
    row("abs", "positive", "{{abs(5)}}", "5");
    row("abs", "zero", "{{abs(0)}}", "0");
    row("abs", "decimal", "{{abs(-3.7)}}", "3.7");
    row("average", "values", "{{average(1; 2; 6)}}", "3");
    row("average", "list", "{{average(1.data.numbers)}}", "2.5");
    row("ceil", "up", "{{ceil(1.2)}}", "2");
    row("ceil", "whole", "{{ceil(4)}}", "4");
    row("floor", "down", "{{floor(1.2)}}", "1");
    row("floor", "down from .9", "{{floor(1.9)}}", "1");
    row("floor", "whole", "{{floor(4)}}", "4");
    row("formatNumber", "Make's example", "{{formatNumber(123456789; 3; ,; .)}}",
        "123.456.789,000");
    row("formatNumber", "defaults", "{{formatNumber(1234.5; 2)}}", "1.234,50");
    row("formatNumber", "English", R"({{formatNumber(1234567.891; 2; "."; ",")}})", "1,234,567.89");
    row("max", "values", "{{max(5; 8; 2)}}", "8");
    row("max", "list", "{{max(1.data.prices)}}", "10");
    row("median", "odd count", "{{median(3; 5; 7)}}", "5");
    row("median", "even count", "{{median(2; 3; 5; 8)}}", "4");
    row("median", "decimals", "{{median(2.5; 3.5; 2; 4.5; 1)}}", "2.5");
    row("min", "values", "{{min(5; 8; 2)}}", "2");
    row("min", "list and value", "{{min(1.data.prices; 0.5)}}", "0.5");
    row("parseNumber", "Make's example", "{{parseNumber(1 756 200,582; ,)}}", "1756200.582");
    row("round", "down", "{{round(1.2)}}", "1");
    row("round", "half up", "{{round(1.5)}}", "2");
    row("round", "negative half", "{{round(-1.5)}}", "-1");
    row("stdevP", "population", "{{stdevP(2; 4; 4; 4; 5; 5; 7; 9)}}", "2");
    row("stdevS", "sample", "{{stdevS(1.data.numbers)}}", "1.2909944487358056");
    row("sum", "values", "{{sum(1; 2; 3)}}", "6");
    row("sum", "list", "{{sum(1.data.prices)}}", "13.75");
    row("trunc", "whole", "{{trunc(3.789)}}", "3");
    row("trunc", "two decimals", "{{trunc(3.789; 2)}}", "3.78");
    row("trunc", "negative", "{{trunc(-3.789)}}", "-3");

    // Text and binary functions
    row("ascii", "non-ASCII removed", "{{ascii(ěMščařžkýáeíé)}}", "Make");
    row("ascii", "diacritics removed", "{{ascii(ěščřž; true)}}", "escrz");
    row("base64", "Make's example", "{{base64(Make)}}", "TWFrZQ==");
    row("capitalize", "Make's example", "{{capitalize(make)}}", "Make");
    row("contains", "found", "{{contains(Hello World; Hello)}}", "true");
    row("contains", "not found", "{{contains(Hello World; Bye)}}", "false");
    row("contains", "a list", "{{contains(1.data.letters; b)}}", "true");
    row("decodeURL", "Make's example", "{{decodeURL(Automate%20your%20workflow)}}",
        "Automate your workflow");
    row("encodeURL", "spaces", "{{encodeURL(Automate your workflow)}}",
        "Automate%20your%20workflow");
    row("escapeHTML", "Make's example", "{{escapeHTML(<b>Hello</b>)}}", "&lt;b&gt;Hello&lt;/b&gt;");
    row("escapeMarkdown", "heading", "{{escapeMarkdown(# Header)}}", "\\# Header");
    row("indexOf", "found", "{{indexOf(Make; k)}}", "2");
    row("indexOf", "not found", "{{indexOf(We love Make; x)}}", "-1");
    row("indexOf", "from a start", "{{indexOf(We love Make; e; 7)}}", "11");
    row("length", "text", "{{length(hello)}}", "5");
    row("length", "list", "{{length(1.data.numbers)}}", "4");
    row("lower", "Make's example", "{{lower(Hello)}}", "hello");
    row("md5", "hash", "{{md5(Make)}}", "529a05ca6c1263aab080ec4f20754411");
    row("replace", "text", "{{replace(Hello World; Hello; Hi)}}", "Hi World");
    row("replace", "regular expression",
        "{{replace(All these numbers 1 2 3 4 are replaced; /\\d/g; X)}}",
        "All these numbers X X X X are replaced");
    row("replace", "groups",
        R"({{replace("Phone number 777111222"; "/(\d{3})(\d{3})(\d{3})/"; "+420 $1 $2 $3")}})",
        "Phone number +420 777 111 222");
    row("replaceEmojiCharacters", "emoji",
        R"({{replaceEmojiCharacters("Hi 👋🏽 all 👨‍👩‍👧"; "*")}})", "Hi * all *");
    row("sha1", "hash", "{{sha1(Make)}}", "a94431ee22f05f141107f9355ed3127d0f0c4d5a");
    row("sha256", "hash", "{{sha256(Make)}}",
        "ccdd25d4230fb997a7ee1166f8afabd157248eb812ea55ec7c3d1b7c8af7fa11");
    row("sha256", "base64", "{{sha256(Make; base64)}}",
        "zN0l1CMPuZen7hFm+K+r0VckjrgS6lXsfD0bfIr3+hE=");
    row("sha256", "HMAC", "{{sha256(Make; hex; key)}}",
        "b84abf7f8352c0fda7f439bbf261951f1ed0ed5bb549b87dd5e92796735b624e");
    row("sha512", "hash", "{{sha512(Make)}}",
        "e8000cd0fb8fae18caa8daa677269b0034380d3ec549e0113a0722d8b8dc05b0f7037f33f32fa09f906b2f1d"
        "7c43f2689a55d79aadf6bf09dd93f79407424d34");
    row("sha512", "HMAC with a key in hex", "{{sha512(Make; hex; 6b6579; hex)}}",
        "a470106cba6d30eb2ab2e314bd17ea69aa173a6daf751fee5f9a4ad4b01d5dca61c359c391f83d85a26223"
        "70c71bdb4774ab0cc30ff161ae9c43e2e532ea0740");
    row("split", "Make's example", "{{split(John, George, Paul; ,)}}",
        R"(["John"," George"," Paul"])");
    row("startcase", "Make's example", "{{startcase(hello WORLD)}}", "Hello World");
    row("stripHTML", "tags", "{{stripHTML(<b>Hello</b>)}}", "Hello");
    row("substring", "from 0", "{{substring(Hello; 0; 3)}}", "Hel");
    row("substring", "from 1", "{{substring(Hello; 1; 3)}}", "el");
    row("toBinary", "base64 back to text", "{{toString(toBinary(TWFrZQ==; base64))}}", "Make");
    row("toBinary", "hex", "{{toBinary(4d616b65; hex)}}", "Make");
    row("toString", "number", "{{toString(42) + 1}}", "421");
    row("trim", "spaces", R"([{{trim("  Hello  ")}}])", "[Hello]");
    row("upper", "Make's example", "{{upper(Hello)}}", "HELLO");

    // Date and time functions (the scenario's zone is UTC here)
    row("addDays", "forward", "{{addDays(2016-12-08T15:55:57.536Z; 2)}}",
        "2016-12-10T15:55:57.536Z");
    row("addDays", "back", "{{addDays(2016-12-08T15:55:57.536Z; -2)}}", "2016-12-06T15:55:57.536Z");
    row("addHours", "forward", "{{addHours(2016-12-08T15:55:57.536Z; 2)}}",
        "2016-12-08T17:55:57.536Z");
    row("addHours", "back", "{{addHours(2016-12-08T15:55:57.536Z; -2)}}",
        "2016-12-08T13:55:57.536Z");
    row("addMinutes", "forward", "{{addMinutes(2016-12-08T15:55:57.536Z; 2)}}",
        "2016-12-08T15:57:57.536Z");
    row("addMinutes", "back", "{{addMinutes(2016-12-08T15:55:57.536Z; -2)}}",
        "2016-12-08T15:53:57.536Z");
    row("addMonths", "forward", "{{addMonths(2016-08-08T15:55:57.536Z; 2)}}",
        "2016-10-08T15:55:57.536Z");
    row("addMonths", "back", "{{addMonths(2016-08-08T15:55:57.536Z; -2)}}",
        "2016-06-08T15:55:57.536Z");
    row("addSeconds", "forward", "{{addSeconds(2016-12-08T15:55:57.536Z; 2)}}",
        "2016-12-08T15:55:59.536Z");
    row("addSeconds", "back", "{{addSeconds(2016-12-08T15:55:57.536Z; -2)}}",
        "2016-12-08T15:55:55.536Z");
    row("addYears", "forward", "{{addYears(2016-08-08T15:55:57.536Z; 2)}}",
        "2018-08-08T15:55:57.536Z");
    row("addYears", "back", "{{addYears(2016-08-08T15:55:57.536Z; -2)}}",
        "2014-08-08T15:55:57.536Z");
    row("formatDate", "month first", "{{formatDate(1.data.created; MM/DD/YYYY)}}", "10/01/2018");
    row("formatDate", "with AM/PM", "{{formatDate(1.data.created; YYYY-MM-DD hh:mm A)}}",
        "2018-10-01 07:32 AM");
    row("formatDate", "in a zone", "{{formatDate(1.data.created; DD.MM.YYYY HH:mm; UTC)}}",
        "01.10.2018 07:32");
    row("formatDate", "in Prague",
        "{{formatDate(1.data.created; YYYY-MM-DD hh:mm A; Europe/Prague)}}", "2018-10-01 09:32 AM");
    row("parseDate", "date", "{{parseDate(2016-12-28; YYYY-MM-DD)}}", "2016-12-28T00:00:00.000Z");
    row("parseDate", "date and time", "{{parseDate(2016-12-28 16:03; YYYY-MM-DD HH:mm)}}",
        "2016-12-28T16:03:00.000Z");
    row("parseDate", "12-hour time", "{{parseDate(2016-12-28 04:03 pm; YYYY-MM-DD hh:mm a)}}",
        "2016-12-28T16:03:00.000Z");
    row("parseDate", "Unix timestamp", "{{parseDate(1482940986; X)}}", "2016-12-28T16:03:06.000Z");
    row("parseDate", "ISO 8601 without a format", "{{parseDate(2016-12-28T16:03:06+01:00)}}",
        "2016-12-28T15:03:06.000Z");
    row("setDate", "day of the month", "{{setDate(2015-08-07T14:52:13.611Z; 5)}}",
        "2015-08-05T14:52:13.611Z");
    row("setDay", "by name", "{{setDay(2018-06-27T11:36:39.138Z; monday)}}",
        "2018-06-25T11:36:39.138Z");
    row("setDay", "by number", "{{setDay(2018-06-27T11:36:39.138Z; 1)}}",
        "2018-06-25T11:36:39.138Z");
    row("setDay", "7 is Sunday", "{{setDay(2018-06-27T11:36:39.138Z; 7)}}",
        "2018-07-01T11:36:39.138Z");
    row("setHour", "Make's example", "{{setHour(2015-08-07T14:52:13.611Z; 6)}}",
        "2015-08-07T06:52:13.611Z");
    row("setMinute", "Make's example", "{{setMinute(2015-10-07T11:36:39.138Z; 10)}}",
        "2015-10-07T11:10:39.138Z");
    row("setMonth", "by number", "{{setMonth(2015-08-07T14:52:13.611Z; 5)}}",
        "2015-05-07T14:52:13.611Z");
    row("setMonth", "by name", "{{setMonth(2015-08-07T14:52:13.611Z; january)}}",
        "2015-01-07T14:52:13.611Z");
    row("setSecond", "Make's example", "{{setSecond(2015-10-07T11:36:39.138Z; 10)}}",
        "2015-10-07T11:36:10.138Z");
    row("setYear", "Make's example", "{{setYear(2015-08-07T14:52:13.611Z; 2017)}}",
        "2017-08-07T14:52:13.611Z");
    row("now", "the time of the run", "{{now}}", "2026-01-02T03:04:05.678Z");
    row("executionId", "as the run gives it", "Run {{executionId}}", "Run e-1");
    row("scenarioId", "as the run gives it", "{{scenarioId}}", "7");
    row("operationsConsumed", "as the run gives it", "{{operationsConsumed + 1}}", "3");
    row("triggerTimestamp", "the start of the run", "{{triggerTimestamp}}", "1767323045");
    row("timestamp", "the time of the run", "{{timestamp}}", "1767323045");

    // Array functions
    row("add", "values at the end", "{{add(1.data.numbers; 5; 6)}}", "[1,2,3,4,5,6]");
    row("arrayDiff", "numbers", "{{arrayDiff(1.data.numbers; 1.data.others)}}", "[1,2]");
    row("arrayDiff", "text", "{{arrayDiff(1.data.letters; split(b,d; ,))}}", R"(["a","c"])");
    row("arrayIntersect", "numbers", "{{arrayIntersect(1.data.numbers; 1.data.others)}}", "[3,4]");
    row("arrayIntersect", "text", "{{arrayIntersect(1.data.letters; split(b,c,d; ,))}}",
        R"(["b","c"])");
    row("deduplicate", "repeats left out", "{{deduplicate(1.data.duplicates)}}", R"([1,2,"2",3])");
    row("distinct", "by a key", "{{map(distinct(1.data.contacts; name); age)}}", "[30,25,35]");
    row("distinct", "by a nested key", "{{length(distinct(1.data.contacts; address.city))}}", "4");
    row("first", "first item", "{{first(1.data.letters)}}", "a");
    row("flatten", "one level", "{{flatten(1.data.nested)}}",
        R"(["item1","sub1",["deep1",["deepest"]]])");
    row("flatten", "two levels", "{{flatten(1.data.nested; 2)}}",
        R"(["item1","sub1","deep1",["deepest"]])");
    row("join", "with a separator", "{{join(1.data.letters; \", \")}}", "a, b, c");
    row("keys", "of an object", "{{keys(1.data.user)}}", R"(["email","name","password"])");
    row("last", "last item", "{{last(1.data.letters)}}", "c");
    row("map", "Make's example", "{{map(1.data.emails; email)}}",
        R"(["ada@work.com","ada@home.org","ada@old.net"])");
    row("map", "filtered", "{{map(1.data.emails; email; label; work,home)}}",
        R"(["ada@work.com","ada@home.org"])");
    row("map", "nested key", "{{map(1.data.contacts; address.city)}}",
        R"(["Brno","Praha","Aš","Zlín"])");
    row("merge", "two lists", "{{merge(1.data.numbers; 1.data.letters)}}",
        R"([1,2,3,4,"a","b","c"])");
    row("remove", "values", "{{remove(1.data.numbers; 2; 4)}}", "[1,3]");
    row("reverse", "opposite order", "{{reverse(1.data.letters)}}", R"(["c","b","a"])");
    row("shuffle", "same items", "{{sort(shuffle(1.data.numbers))}}", "[1,2,3,4]");
    row("slice", "from 1", "{{slice(1.data.letters; 1)}}", R"(["b","c"])");
    row("slice", "from 0 to 2", "{{slice(1.data.letters; 0; 2)}}", R"(["a","b"])");
    row("slice", "from the end", "{{slice(1.data.letters; -2)}}", R"(["b","c"])");
    row("sort", "numbers", "{{sort(1.data.prices; desc)}}", "[10,2.25,1.5]");
    row("sort", "by a key", "{{map(sort(1.data.contacts; name); age)}}", "[25,30,40,35]");
    row("sort", "descending by a key", "{{map(sort(1.data.contacts; desc; name); name)}}",
        R"(["carol","bob","bob","Alice"])");
    row("sort", "ignoring capitals", "{{map(sort(1.data.contacts; asc ci; name); name)}}",
        R"(["Alice","bob","bob","carol"])");
    row("sort", "by a nested key", "{{map(sort(1.data.contacts; address.city); name)}}",
        R"(["carol","bob","Alice","bob"])");
    row("toArray", "key and value", "{{toArray(pick(1.data.user; name; email))}}",
        R"([{"key":"email","value":"ada@example.com"},{"key":"name","value":"Ada"}])");
    row("toCollection", "Make's layout", "{{toCollection(1.data.pairs; name; value)}}",
        R"({"color":"red","size":42})");
}

void TestMappingFunctions::makesExamples_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    makesExampleRows(
        [](const char *function, const char *name, const char *field, const char *expected) {
            QTest::newRow(qPrintable(
                QStringLiteral("%1: %2").arg(QLatin1String(function), QLatin1String(name))))
                << QString::fromUtf8(field) << QString::fromUtf8(expected);
        });
}

void TestMappingFunctions::makesExamples()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const FieldTemplate::Result result = evaluateField(field, m_context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, expected);
    QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char('\n'))));
}

void TestMappingFunctions::everyFunctionHasARow()
{
    QSet<QString> covered;
    makesExampleRows([&covered](const char *function, const char *, const char *, const char *) {
        covered.insert(QString::fromLatin1(function).toLower());
    });
    QStringList missing;
    for (const MappingFunction *function : MappingFunctions::all()) {
        const QString name = QString::fromLatin1(function->name).toLower();
        static const QSet<QString> elsewhere {QStringLiteral("not"), QStringLiteral("uuid"),
            QStringLiteral("random")}; // no Make example: see edgeCases and randomFunctionsVary
        if (!covered.contains(name) && !elsewhere.contains(name))
            missing.append(name);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1String(", "))));
}

void TestMappingFunctions::edgeCases_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *field, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(expected);
    };
    // Empty and missing lists
    row("sum of an empty list", "{{sum(1.data.empty)}}", "0");
    row("average of an empty list", "[{{average(1.data.empty)}}]", "[]");
    row("median of an empty list", "[{{median(1.data.empty)}}]", "[]");
    row("stdevS of one number", "[{{stdevS(5)}}]", "[]");
    row("sum skips null", "{{sum(1.data.none; 2)}}", "2");
    row("map of null", "{{map(1.data.none; id)}}", "[]");
    row("sort of an empty list", "{{sort(1.data.empty)}}", "[]");
    row("slice of an empty list", "{{slice(1.data.empty; 1; 5)}}", "[]");
    row("slice past the end", "{{slice(1.data.letters; 10)}}", "[]");
    row("slice with huge positions", "{{slice(1.data.letters; -1e15; 1e15)}}", R"(["a","b","c"])");
    row("flatten of an empty list", "{{flatten(emptyarray)}}", "[]");
    row("flatten with a huge depth", "{{flatten(1.data.nested; 1e300)}}",
        R"(["item1","sub1","deep1","deepest"])");
    row("flatten with depth 0", "{{flatten(1.data.nested; 0)}}",
        R"(["item1",["sub1",["deep1",["deepest"]]]])");
    row("add to nothing", "{{add(1.data.none; 1)}}", "[1]");
    row("add to emptyarray", "{{add(emptyarray; a; b)}}", R"(["a","b"])");
    row("merge with nothing", "{{merge(1.data.none; 1.data.letters)}}", R"(["a","b","c"])");
    row("remove nothing", "{{remove(1.data.letters)}}", R"(["a","b","c"])");
    row("remove text number", R"({{remove(1.data.duplicates; "2")}})", "[1,3,1]");
    row("reverse of nothing", "{{reverse(1.data.none)}}", "[]");
    row("distinct keeps the kind", "{{distinct(1.data.duplicates)}}", R"([1,2,"2",3])");
    row("toCollection of nothing", "{{toCollection(1.data.none; name; value)}}", "{}");
    row("toArray of nothing", "{{toArray(1.data.none)}}", "[]");
    row("pick a missing key", "{{pick(1.data.user; nope)}}", "{}");
    row("pick with a list of keys", "{{pick(1.data.user; split(name,email; ,))}}",
        R"({"email":"ada@example.com","name":"Ada"})");
    row("omit everything", "{{omit(1.data.user; name; email; password)}}", "{}");
    row("switch without a match or else", "[{{switch(Z; A; 1)}}]", "[]");
    row("switch number against text", R"({{switch(200; "200"; ok; other)}})", "ok");
    row("switch does not evaluate branches not taken", "{{switch(A; A; 1; B; 1 / 0)}}", "1");
    row("arrayDiff with nothing", "{{arrayDiff(1.data.numbers; 1.data.none)}}", "[1,2,3,4]");
    row("map skips items without the key", "{{map(1.data.nested; id)}}", "[]");
    row("map quoted key", R"({{map(1.data.emails; "label")}})", R"(["work","home","old"])");
    row("sort mixed numbers and text", "{{sort(1.data.duplicates)}}", R"([1,1,2,2,3,"2"])");
    row("values left empty", "[{{ifempty(; )}}]", "[]");
    row("a value left empty in the middle", "{{join(add(emptyarray; a; ; b); -)}}", "a--b");
    // Numbers
    row("sum of huge numbers", "{{sum(1e308; 1e308)}}", "Infinity");
    row("formatNumber of a huge number", "{{length(formatNumber(1e300; 0))}}", "401");
    row("formatNumber rounds", "{{formatNumber(2.345; 1)}}", "2,3");
    row("formatNumber negative", "{{formatNumber(-1234.5; 0; .; ,)}}", "-1,235");
    row("formatNumber no minus for zero", "{{formatNumber(-0.001; 2)}}", "0,00");
    row("trunc of a huge number", "{{trunc(1e300; 2)}}", "1e+300");
    row("trunc keeps exact decimals", "{{trunc(1.005; 2)}}", "1");
    row("median of numeric text", R"({{median("3"; "1"; "2")}})", "2");
    row("pi", "{{round(pi * 100)}}", "314");
    // Text
    row("indexOf an empty text", "{{indexOf(abc; emptystring)}}", "0");
    row("indexOf past the end", "{{indexOf(abc; c; 100)}}", "-1");
    row("startcase with punctuation", "{{startcase(jean-luc o'NEIL)}}", "Jean-Luc O'Neil");
    row("ascii of empty", "[{{ascii(emptystring)}}]", "[]");
    row("escapeHTML quotes", R"({{escapeHTML("a & 'b' \"c\"")}})",
        "a &amp; &#39;b&#39; &quot;c&quot;");
    row("stripHTML comments", R"({{stripHTML("a<!-- <b> -->b<br/>c")}})", "abc");
    row("sha512 of empty", "{{length(sha512(emptystring))}}", "128");
    row("toBinary of plain text", "{{toBinary(Make)}}", "Make");
    row("not", "{{not(1.data.empty)}}", "true");
    // Dates
    row("parseDate of a time alone is today", "{{parseDate(10:30; HH:mm)}}",
        "2026-01-02T10:30:00.000Z");
    row("parseDate without a year is this year", "{{parseDate(28.12.; DD.MM.)}}",
        "2026-12-28T00:00:00.000Z");
    row("parseDate with literal text", "{{parseDate(Date: 28.12.2016; [Date:] DD.MM.YYYY)}}",
        "2016-12-28T00:00:00.000Z");
    row("parseDate with month names", "{{parseDate(Aug 18, 2019 10:00 AM; MMM D, YYYY hh:mm A)}}",
        "2019-08-18T10:00:00.000Z");
    row("parseDate with an offset", "{{parseDate(2019-08-18 10:00 +02:00; YYYY-MM-DD HH:mm Z)}}",
        "2019-08-18T08:00:00.000Z");
    row("parseDate with milliseconds", "{{parseDate(1482940986123; x)}}",
        "2016-12-28T16:03:06.123Z");
    row("parseDate with other separators", "{{parseDate(2016/12/28; YYYY-MM-DD)}}",
        "2016-12-28T00:00:00.000Z");
    row("parseDate two-digit year", "{{parseDate(28.12.16; DD.MM.YY)}}",
        "2016-12-28T00:00:00.000Z");
    row("parseDate ordinal", "{{parseDate(December 28th 2016; MMMM Do YYYY)}}",
        "2016-12-28T00:00:00.000Z");
    row("parseDate in a zone", "{{parseDate(2016-12-28 16:03; YYYY-MM-DD HH:mm; Europe/Prague)}}",
        "2016-12-28T15:03:00.000Z");
    row("parseDate then formatDate",
        "{{formatDate(parseDate(28/12/2016; DD/MM/YYYY); YYYY-MM-DD)}}", "2016-12-28");
    row("addMonths to the end of a month", "{{addMonths(2024-01-31T10:00:00Z; 1)}}",
        "2024-02-29T10:00:00.000Z");
    row("addYears from 29 February", "{{addYears(2024-02-29T10:00:00Z; 1)}}",
        "2025-02-28T10:00:00.000Z");
    row("setHour carries over", "{{setHour(2015-08-07T14:52:13.611Z; 25)}}",
        "2015-08-08T01:52:13.611Z");
    row("setHour carries back", "{{setHour(2015-08-07T14:52:13.611Z; -1)}}",
        "2015-08-06T23:52:13.611Z");
    row("setMonth carries over", "{{setMonth(2015-08-07T14:52:13.611Z; 13)}}",
        "2016-01-07T14:52:13.611Z");
    row("setMonth keeps the day in the month", "{{setMonth(2015-08-31T10:00:00Z; 2)}}",
        "2015-02-28T10:00:00.000Z");
    row("setDate carries over", "{{setDate(2015-02-07T10:00:00Z; 30)}}",
        "2015-03-02T10:00:00.000Z");
    row("setDay sunday", "{{setDay(2018-06-27T11:36:39.138Z; sunday)}}",
        "2018-06-24T11:36:39.138Z");
    row("setSecond carries over", "{{setSecond(2015-10-07T11:36:39.138Z; 70)}}",
        "2015-10-07T11:37:10.138Z");
    row("setYear of a leap day", "{{setYear(2024-02-29T10:00:00Z; 2023)}}",
        "2023-02-28T10:00:00.000Z");
    row("formatDate fractions", "{{formatDate(2024-03-05T14:07:09.123Z; SS SSSSSS)}}", "12 123000");
}

void TestMappingFunctions::edgeCases()
{
    makesExamples();
}

void TestMappingFunctions::errors_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expectedError"); // must appear in the error
    auto row = [](const char *name, const char *field, const char *error) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(error);
    };
    row("parseDate that does not match", "{{parseDate(32/13/2020; DD/MM/YYYY)}}",
        "parseDate: “32/13/2020” does not match the format DD/MM/YYYY (there is no month 13).");
    row("parseDate of a day that does not exist", "{{parseDate(31/04/2020; DD/MM/YYYY)}}",
        "parseDate: “31/04/2020” does not match the format DD/MM/YYYY (there is no day 31 in "
        "April 2020).");
    row("parseDate with text left over", "{{parseDate(2020-01-01 10:00; YYYY-MM-DD)}}",
        "(“10:00” is left over)");
    row("parseDate of a word", "{{parseDate(tomorrow; YYYY-MM-DD)}}",
        "“tomorrow” does not match the format YYYY-MM-DD (the year is missing)");
    row("parseDate without a format", "{{parseDate(tomorrow)}}",
        "parseDate: “tomorrow” is not a date. Give its format as the second value");
    row("parseDate bad zone", "{{parseDate(2020-01-01; YYYY-MM-DD; Mars/Base)}}",
        "\"Mars/Base\" is not a time zone");
    row("parseDate bad hour", "{{parseDate(13:00 pm; hh:mm a)}}", "13 is not an hour from 1 to 12");
    row("sum of a word", "{{sum(1; two)}}", "sum: \"two\" is not a number.");
    row("average of a list with text", "{{average(1.data.letters)}}", "\"a\" is not a number");
    row("map of text", "{{map(1.data.text; id)}}",
        "map: the first value must be a list, but it is text.");
    row("sort with a bad order", "{{sort(1.data.letters; upwards; name)}}",
        "sort: “upwards” is not an order: use asc, desc, asc ci or desc ci.");
    row("slice of an object", "{{slice(1.data.user; 1)}}", "must be a list, but it is an object");
    row("slice with a word", "{{slice(1.data.letters; one)}}", "slice: \"one\" is not a number.");
    row("pick from a list", "{{pick(1.data.letters; a)}}",
        "pick: the first value must be an object");
    row("toArray of a list", "{{toArray(1.data.letters)}}", "must be an object");
    row("formatNumber with too many decimals", "{{formatNumber(1; 101)}}",
        "formatNumber: The number of decimal places must be a number from 0 to 100, not 101.");
    row("formatNumber of text", "{{formatNumber(abc; 2)}}", "\"abc\" is not a number");
    row("trunc with negative places", "{{trunc(1.5; -1)}}", "must be a number from 0 to 15");
    row("toBinary of bad base64", "{{toBinary(!!!; base64)}}",
        "toBinary: “!!!” is not Base64 text.");
    row("toBinary of bad hex", "{{toBinary(xyz; hex)}}", "is not hexadecimal");
    row("toBinary with an unknown encoding", "{{toBinary(abc; rot13)}}",
        "“rot13” is not an encoding");
    row("sha512 with an unknown encoding", "{{sha512(abc; morse)}}",
        "sha512: “morse” is not an output encoding");
    row("addMonths beyond any date", "{{addMonths(now; 1e300)}}",
        "goes beyond the dates Scenarist can handle");
    row("addYears beyond any date", "{{addYears(now; 300000)}}",
        "goes beyond the dates Scenarist can handle");
    row("setYear beyond any date", "{{setYear(now; 9000000)}}",
        "goes beyond the dates Scenarist can handle");
    row("setHour of a word", "{{setHour(now; noon)}}", "setHour: \"noon\" is not a number.");
    row("setDay of a word", "{{setDay(now; someday)}}", "\"someday\" is not a number");
    row("setMonth of a huge number", "{{setMonth(now; 1e300)}}",
        "The value must be a number from -10000000 to 10000000");
    row("setHour of a non-date", "{{setHour(soon; 3)}}", "\"soon\" is not a date");
}

void TestMappingFunctions::errors()
{
    QFETCH(QString, field);
    QFETCH(QString, expectedError);
    const FieldTemplate parsed = FieldTemplate::parse(field);
    QVERIFY2(parsed.errors().isEmpty(), qPrintable(parsed.errors().value(0).message));
    const FieldTemplate::Result result = parsed.evaluate(m_context);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(expectedError), qPrintable(result.error));
}

void TestMappingFunctions::keywords_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("expected");
    QTest::newRow("true") << QStringLiteral("{{true}}") << QJsonValue(true);
    QTest::newRow("false") << QStringLiteral("{{false}}") << QJsonValue(false);
    QTest::newRow("null") << QStringLiteral("{{null}}") << QJsonValue(QJsonValue::Null);
    QTest::newRow("emptystring") << QStringLiteral("{{emptystring}}") << QJsonValue(QString());
    QTest::newRow("emptyarray") << QStringLiteral("{{emptyarray}}") << QJsonValue(QJsonArray());
    QTest::newRow("ignore") << QStringLiteral("{{ignore}}") << QJsonValue(QJsonValue::Null);
    QTest::newRow("erase") << QStringLiteral("{{erase}}") << QJsonValue(QString());
    QTest::newRow("pi") << QStringLiteral("{{pi}}") << QJsonValue(3.141592653589793);
    QTest::newRow("space") << QStringLiteral("{{space}}") << QJsonValue(QStringLiteral(" "));
    QTest::newRow("newline") << QStringLiteral("{{newline}}") << QJsonValue(QStringLiteral("\n"));
    QTest::newRow("tab") << QStringLiteral("{{tab}}") << QJsonValue(QStringLiteral("\t"));
    QTest::newRow("nbsp") << QStringLiteral("{{nbsp}}") << QJsonValue(QString(QChar(0xA0)));
    QTest::newRow("carriagereturn")
        << QStringLiteral("{{carriagereturn}}") << QJsonValue(QStringLiteral("\r"));
    QTest::newRow("now") << QStringLiteral("{{now}}")
                         << QJsonValue(QStringLiteral("2026-01-02T03:04:05.678Z"));
    QTest::newRow("timestamp") << QStringLiteral("{{timestamp}}") << QJsonValue(1767323045.0);
    QTest::newRow("emptyarray is empty")
        << QStringLiteral("{{length(emptyarray)}}") << QJsonValue(0);
}

void TestMappingFunctions::keywords()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, expected);
    const FieldTemplate::Result result = evaluateField(field, m_context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.value, expected);
}

void TestMappingFunctions::projection_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *field, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(expected);
    };
    // {{6.choices[].message.content}}: that field of every item, as a list.
    row("two levels", "{{1.data.choices[].message.content}}", R"(["Hello","there"])");
    row("the same with map", "{{map(1.data.choices; message.content)}}", R"(["Hello","there"])");
    row("inside a function", "{{join(1.data.choices[].message.content; space)}}", "Hello there");
    row("one item of it", "{{1.data.choices[].message.content[2]}}", "there");
    row("counted", "{{length(1.data.contacts[].name)}}", "4");
    row("as a function's list", "{{sum(1.data.contacts[].age)}}", "130");
    row("after a function", "{{sort(1.data.contacts; age)[].name}}",
        R"(["Alice","bob","carol","bob"])");
    row("of an empty list", "{{1.data.empty[].name}}", "[]");
    row("map and [] agree", "{{map(1.data.contacts; name) = 1.data.contacts[].name}}", "true");
}

void TestMappingFunctions::projection()
{
    makesExamples();
}

void TestMappingFunctions::datesUseTheScenariosTimeZone_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *field, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(expected);
    };
    // The scenario is in Europe/Prague (UTC+1 in winter, UTC+2 in summer) here.
    row("formatDate shows the zone's time", "{{formatDate(1.data.created; YYYY-MM-DD HH:mm Z)}}",
        "2018-10-01 09:32 +02:00");
    row("a date without a zone is the zone's", "{{formatDate(2024-01-15 08:00; X)}}", "1705302000");
    row("parseDate reads in the zone", "{{parseDate(2024-01-15 08:00; YYYY-MM-DD HH:mm)}}",
        "2024-01-15T07:00:00.000Z");
    row("parseDate of ISO text reads in the zone", "{{parseDate(2024-07-15T08:00:00)}}",
        "2024-07-15T06:00:00.000Z");
    row("an offset in the text wins", "{{parseDate(2024-01-15T08:00:00Z)}}",
        "2024-01-15T08:00:00.000Z");
    row("setHour in the zone", "{{setHour(2024-01-15T23:30:00Z; 6)}}", "2024-01-16T05:30:00.000Z");
    row("setDate in the zone", "{{setDate(2024-01-31T23:30:00Z; 1)}}", "2024-01-31T23:30:00.000Z");
    row("addDays keeps the time across summer time", "{{addDays(2024-03-30T12:00:00+01:00; 1)}}",
        "2024-03-31T10:00:00.000Z");
    row("addHours counts hours across summer time", "{{addHours(2024-03-30T12:00:00+01:00; 24)}}",
        "2024-03-31T11:00:00.000Z");
    row("addMonths in the zone", "{{addMonths(2024-01-31T23:30:00Z; 1)}}",
        "2024-02-29T23:30:00.000Z");
    row("setDay in the zone", "{{formatDate(setDay(2024-01-14T23:30:00Z; monday); dddd D)}}",
        "Monday 15");
}

void TestMappingFunctions::datesUseTheScenariosTimeZone()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    MappingContext context = m_context;
    context.timeZone = QTimeZone(QByteArrayLiteral("Europe/Prague"));
    QVERIFY(context.timeZone.isValid());
    const FieldTemplate::Result result = evaluateField(field, context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, expected);
}

void TestMappingFunctions::systemTimeZoneIsTheDefault()
{
    MappingContext context = m_context;
    context.timeZone = QTimeZone();
    const FieldTemplate::Result result
        = evaluateField(QStringLiteral("{{formatDate(2024-01-15T12:00:00Z; Z)}}"), context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    const int offset = QTimeZone::systemTimeZone().offsetFromUtc(
        QDateTime(QDate(2024, 1, 15), QTime(12, 0), Qt::UTC));
    const QString expected = QStringLiteral("%1%2:%3")
                                 .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                                 .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                                 .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
    QCOMPARE(result.text, expected);
}

void TestMappingFunctions::valuesFromSecretsStayMarked_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expectedText");
    QTest::addColumn<QStringList>("expectedSecretsRead");
    auto row = [](const char *name, const char *field, const char *text, const QStringList &read) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(text) << read;
    };
    const QStringList a {QStringLiteral("a")};
    const QStringList list {QStringLiteral("list")};
    row("sha512 of a secret", "{{sha512(secrets.a)}}",
        "6b97ed68d14eb3f1aa959ce5d49c7dc612e1eb1dafd73b1e705847483fd6a6c809f2ceb4e8df6ff9984c6298ff"
        "0285cace6614bf8daa9f0070101b6c89899e22",
        a);
    row("a secret as an HMAC key", "{{sha256(payload; hex; secrets.a)}}",
        "a6e99e28c567f217fdcc5d9351fa466c54f83565dfb0b182661bdd14e2489c94", a);
    row("map over a secret list", "{{join(map(secrets.list; token); ,)}}", "t1,t2", list);
    row("projection of a secret list", "{{join(secrets.list[].token; ,)}}", "t1,t2", list);
    row("sorted secret list", "{{first(sort(secrets.list; desc; token)).token}}", "t2", list);
    row("a secret in a switch result", "{{switch(x; x; secrets.a; y)}}", "hunter2", a);
    row("a switch branch not taken", "{{switch(y; x; secrets.a; y)}}", "y", {});
    row("formatNumber of a secret", "{{formatNumber(secrets.n; 0)}}", "1.234",
        {QStringLiteral("n")});
    row("a secret picked", "{{pick(secrets[]; a).a}}", "hunter2", {QStringLiteral("*")});
    row("startcase of a secret", "{{startcase(secrets.a)}}", "Hunter2", a);
}

void TestMappingFunctions::valuesFromSecretsStayMarked()
{
    QFETCH(QString, field);
    QFETCH(QString, expectedText);
    QFETCH(QStringList, expectedSecretsRead);
    MappingContext context;
    context.namedRoots.insert(QStringLiteral("secrets"),
        json(R"({"a": "hunter2", "n": 1234, "list": [{"token": "t1"}, {"token": "t2"}]})"));
    const FieldTemplate::Result result = evaluateField(field, context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, expectedText);
    QCOMPARE(result.secretsRead, expectedSecretsRead);
    // What a value read from a secret became is masked in reports and bound to hosts.
    if (expectedSecretsRead.isEmpty())
        QVERIFY(result.secretDerivedTexts.isEmpty());
    else
        QCOMPARE(result.secretDerivedTexts, QStringList {result.text});

    // An error names no value that came from a secret.
    const FieldTemplate::Result failed
        = evaluateField(QStringLiteral("{{parseDate(upper(secrets.a); YYYY)}}"), context);
    QVERIFY(!failed.ok());
    QVERIFY2(!failed.error.contains(QLatin1String("HUNTER2")), qPrintable(failed.error));
    QVERIFY2(failed.error.contains(QLatin1String("comes from a secret")), qPrintable(failed.error));
}

void TestMappingFunctions::systemVariablesTheRunDoesNotGive()
{
    const FieldTemplate::Result result
        = evaluateField(QStringLiteral("[{{executionId}}]"), MappingContext());
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, QStringLiteral("[]"));
    QCOMPARE(result.warnings,
        QStringList {QStringLiteral("executionId: this run does not tell it, so it is empty.")});
}

void TestMappingFunctions::randomFunctionsVary()
{
    QSet<QString> seen;
    for (int i = 0; i < 20; ++i) {
        const FieldTemplate::Result result = evaluateField(
            QStringLiteral("{{random}}|{{join(shuffle(1.data.numbers); ,)}}"), m_context);
        QVERIFY2(result.ok(), qPrintable(result.error));
        const double number = result.text.section(QLatin1Char('|'), 0, 0).toDouble();
        QVERIFY(number >= 0 && number < 1);
        seen.insert(result.text);
    }
    QVERIFY(seen.size() > 1);
}

static void collectFields(const QJsonValue &value, QStringList &fields)
{
    if (value.isString()) {
        if (value.toString().contains(QLatin1String("{{")))
            fields.append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectFields(item, fields);
    } else if (value.isObject()) {
        for (const QJsonValue &item : value.toObject())
            collectFields(item, fields);
    }
}

void TestMappingFunctions::realExportsParse()
{
    // Every mapping of the real Make exports reads without a syntax error (their functions,
    // keywords and unquoted values included).
    const QDir dir(QStringLiteral(SCENARIST_FIXTURES_DIR "/make-blueprints/real"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
    if (files.isEmpty())
        QSKIP("The real Make exports are not there.");
    QStringList fields;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        collectFields(QJsonDocument::fromJson(file.readAll()).object(), fields);
    }
    QVERIFY(fields.size() > 300);
    QStringList failures;
    for (const QString &field : fields) {
        const FieldTemplate parsed = FieldTemplate::parse(field);
        if (!parsed.errors().isEmpty())
            failures.append(
                field.left(200) + QLatin1String(" → ") + parsed.errors().first().message);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1String("\n"))));
}

void TestMappingFunctions::documentationIsTrue()
{
    // docs/mapping-functions.md has a heading for every function, and each of its examples
    // ("- `{{…}}` → `result`") gives that result against MappingFunctions::exampleContext().
    QFile file(QStringLiteral(SCENARIST_SOURCE_DIR "/docs/mapping-functions.md"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    static const QRegularExpression example(
        QStringLiteral("^- `(\\{\\{[^`]*\\}\\})` → (`[^`]*`|\\*\\(empty\\)\\*)$"));
    const MappingContext context = MappingFunctions::exampleContext();
    QSet<QString> documented;
    int examples = 0;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("### "))) {
            for (const QString &name : line.mid(4).split(QLatin1String(", ")))
                documented.insert(name.trimmed().toLower());
        }
        const QRegularExpressionMatch match = example.match(line);
        if (!match.hasMatch())
            continue;
        ++examples;
        QString expected = match.captured(2);
        expected = expected.startsWith(QLatin1Char('`')) ? expected.mid(1, expected.size() - 2)
                                                         : QString();
        const FieldTemplate::Result result = evaluateField(match.captured(1), context);
        QVERIFY2(result.ok(), qPrintable(line + QLatin1String(": ") + result.error));
        QVERIFY2(
            result.text == expected, qPrintable(line + QLatin1String(" gives ") + result.text));
    }
    QVERIFY(examples > 100);
    QCOMPARE(MappingFunctions::category(*MappingFunctions::find(QStringLiteral("setHour"))),
        QStringLiteral("Date and time"));
    QCOMPARE(MappingFunctions::category(*MappingFunctions::find(QStringLiteral("sha512"))),
        QStringLiteral("Text and binary"));
    for (const MappingFunction *function : MappingFunctions::all()) {
        const QString name = QString::fromLatin1(function->name).toLower();
        const bool variable = function->keyword && function->minArguments == 0
            && QStringLiteral("executionid scenarioid operationsconsumed triggertimestamp")
                   .contains(name);
        QVERIFY2(documented.contains(name) || variable, qPrintable(name));
    }
}

void TestMappingFunctions::referenceExamplesWork()
{
    // The in-app reference (Help) shows each function's example worked out: none fails.
    const MappingContext context = MappingFunctions::exampleContext();
    for (const MappingFunction *function : MappingFunctions::all()) {
        const FieldTemplate::Result result
            = evaluateField(QString::fromUtf8(function->example), context);
        QVERIFY2(result.ok(),
            qPrintable(QLatin1String(function->name) + QLatin1String(": ") + result.error));
        QVERIFY2(result.warnings.isEmpty(), function->name);
        QVERIFY2(!QString::fromUtf8(function->description).isEmpty(), function->name);
        QVERIFY2(!MappingFunctions::category(*function).isEmpty(), function->name);
    }
}

QTEST_GUILESS_MAIN(TestMappingFunctions)
#include "tst_mappingfunctions.moc"
