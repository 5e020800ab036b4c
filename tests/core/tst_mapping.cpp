#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingContext.h"
#include "core/mapping/MappingExpression.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

/// The {{…}} mapping language (docs/mapping-functions.md): text, paths, functions, operators,
/// errors.
class TestMapping : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void evaluatesToText_data();
    void evaluatesToText();
    void wholeFieldKeepsStructure_data();
    void wholeFieldKeepsStructure();
    void missingPathWarns_data();
    void missingPathWarns();
    void runtimeErrors_data();
    void runtimeErrors();
    void syntaxErrorsHavePositions_data();
    void syntaxErrorsHavePositions();
    void tooDeepIsAnError_data();
    void tooDeepIsAnError();
    void justUnderTheDepthLimit_data();
    void justUnderTheDepthLimit();
    void evaluationStopsPastTheDepthLimit();
    void references_data();
    void references();
    void namedRootReferences();
    void knownRoots_data();
    void knownRoots();
    void errorsDoNotRevealSecrets();
    void secretsRead_data();
    void secretsRead();
    void hasMappings_data();
    void hasMappings();
    void uuidIsRandomVersion4();
    void nowDefaultsToCurrentTime();
    void parsedOnceEvaluatesAgainstAnyContext();
    void defaultTemplateIsEmpty();
    void benchmarkSimpleFieldEvaluation();

private:
    static QJsonValue json(const char *text);
    void measureRate(const FieldTemplate &parsed);
    MappingContext m_context;
};

QJsonValue TestMapping::json(const char *text)
{
    // Wrapped in an array so that scalars (3600, true, null, "x") parse too.
    const QByteArray wrapped = QByteArray("[") + text + "]";
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", text);
    return document.array().at(0);
}

void TestMapping::initTestCase()
{
    m_context.moduleOutputs.insert(1, json(R"({
        "statusCode": 200,
        "headers": [{"name": "Content-Type", "value": "application/json"},
                    {"name": "X-Request-Id", "value": "req-42"}],
        "data": {"access_token": "abc", "token_type": "Bearer", "expires_in": 3600}})"));
    m_context.moduleOutputs.insert(2, json(R"({
        "statusCode": 200,
        "headers": [],
        "data": {
            "items": [{"id": 1, "name": "Apple", "price": 1.5, "tags": ["red", "fruit"]},
                      {"id": 2, "name": "Banana", "price": 0.25, "tags": []},
                      {"id": 3, "name": "Cherry", "price": 10, "tags": ["red"]}],
            "total": 3, "next": null, "odd key": "x", "200": "numeric key", "empty": "",
            "nested": {"a": {"b": "deep"}}, "flag": true}})"));
    m_context.moduleOutputs.insert(3, json(R"({
        "statusCode": 404, "headers": [], "data": "  plain text body with spaces  "})"));
    m_context.moduleOutputs.insert(4, json(R"({"statusCode": 200, "headers": [], "data": {
        "date": "2024-03-05T14:07:09.123Z", "unix": 1709647629, "csv": "a,b,,c",
        "amount": "1 756 200,582", "url": "a b&c=d/é", "encoded": "a%20b%26c%3D%C3%A9"}})"));
    m_context.namedRoots.insert(
        QStringLiteral("secrets"), json(R"({"client_secret": "s3cr3t", "client_id": "demo"})"));
    m_context.now = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    m_context.timeZone
        = QTimeZone::utc(); // dates without a zone; tst_mappingfunctions tries others
}

void TestMapping::evaluatesToText_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *field, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(expected);
    };

    // Make writes text in a function's values without quotes.
    row("unquoted date format", "{{formatDate(now; YYYY-MM-DD)}}", "2026-01-02");
    row("unquoted date format with time", "{{formatDate(now; YYYY-MM-DD HH:mm)}}",
        "2026-01-02 03:04");
    row("unquoted replace", "{{replace(1.data.token_type; Bearer; Token)}}", "Token");
    row("unquoted symbols", "{{replace(\"a-b-c\"; -; +)}}", "a+b+c");
    row("unquoted words with spaces", "{{upper(hello world)}}", "HELLO WORLD");
    row("unquoted if branches", "{{if(1.data.expires_in > 100; long; short)}}", "long");
    row("unquoted text with #", "{{replace(\"a#b\"; #; -)}}", "a-b");

    // Plain text is kept as it is.
    row("plain empty", "", "");
    row("plain text", "hello world", "hello world");
    row("plain single braces", "a {b} c", "a {b} c");
    row("plain stray closing braces", "a }} b", "a }} b");
    row("plain unicode", "čaj ☕", "čaj ☕");

    // Paths into module outputs.
    row("bearer token", "Bearer {{1.data.access_token}}", "Bearer abc");
    row("two mappings", "{{1.data.token_type}} {{1.data.access_token}}", "Bearer abc");
    row("status code", "{{1.statusCode}}", "200");
    row("integer has no decimals", "{{1.data.expires_in}}", "3600");
    row("text around several", "x{{1.data.access_token}}y{{1.data.token_type}}z", "xabcyBearerz");
    row("spaces inside braces", "{{ 1.data.access_token }}", "abc");
    row("array first item", "{{2.data.items[1].name}}", "Apple");
    row("array last item", "{{2.data.items[3].id}}", "3");
    row("decimal from array", "{{2.data.items[2].price}}", "0.25");
    row("nested arrays", "{{2.data.items[1].tags[2]}}", "fruit");
    row("index expression", "{{2.data.items[1 + 1].name}}", "Banana");
    row("index from a path", "{{2.data.items[2.data.total].name}}", "Cherry");
    row("dotted number index", "{{2.data.items.2.name}}", "Banana");
    row("whole array ids", "{{2.data.items[].id}}", "[1,2,3]");
    row("key maps over array", "{{2.data.items.name}}", R"(["Apple","Banana","Cherry"])");
    row("backtick key", "{{2.data.`odd key`}}", "x");
    row("numeric key", "{{2.data.200}}", "numeric key");
    row("numeric key in backticks", "{{2.data.`200`}}", "numeric key");
    row("deep path", "{{2.data.nested.a.b}}", "deep");
    row("quoted key in brackets", R"({{2.data["odd key"]}})", "x");
    row("header by lower-case name", "{{1.headers.`content-type`}}", "application/json");
    row("header by exact name", "{{1.headers.`Content-Type`}}", "application/json");
    row("header by upper-case name", "{{1.headers.`X-REQUEST-ID`}}", "req-42");
    row("header list by position", "{{1.headers[1].value}}", "application/json");
    row("header name by position", "{{1.headers[2].name}}", "X-Request-Id");
    row("secret", "{{secrets.client_secret}}", "s3cr3t");
    row("path after function", "{{first(2.data.items).name}}", "Apple");
    row("path after parentheses", "{{(2.data.items)[2].id}}", "2");

    // Literals and keywords.
    row("string literal", R"({{"text"}})", "text");
    row("escaped quote", R"({{"say \"hi\""}})", R"(say "hi")");
    row("escaped backslash", R"({{"back\\slash"}})", R"(back\slash)");
    row("closing braces inside quotes", R"({{"}}"}})", "}}");
    row("integer literal", "{{42}}", "42");
    row("decimal literal", "{{3.25}}", "3.25");
    row("negative literal", "{{-7}}", "-7");
    row("true", "{{true}}", "true");
    row("false", "{{false}}", "false");
    row("null is empty", "[{{null}}]", "[]");
    row("emptystring", "a{{emptystring}}b", "ab");
    row("space", "a{{space}}b", "a b");
    row("newline", "a{{newline}}b", "a\nb");
    row("tab", "a{{tab}}b", "a\tb");
    row("carriagereturn", "a{{carriagereturn}}b", "a\rb");
    row("nbsp", "a{{nbsp}}b", "a\u00a0b");

    // Operators and precedence.
    row("multiplication first", "{{1 + 2 * 3}}", "7");
    row("parentheses", "{{(1 + 2) * 3}}", "9");
    row("subtraction is left to right", "{{10 - 4 - 3}}", "3");
    row("division", "{{7 / 2}}", "3.5");
    row("modulo", "{{7 % 3}}", "1");
    row("sum of products", "{{2 * 3 + 4 * 5}}", "26");
    row("unary minus", "{{-2 * 3}}", "-6");
    row("floating point", "{{0.1 + 0.2}}", "0.30000000000000004");
    row("text plus number concatenates", R"({{"a" + 1}})", "a1");
    row("number plus text concatenates", R"({{1 + "2"}})", "12");
    row("concatenate paths", R"({{1.data.token_type + " " + 1.data.access_token}})", "Bearer abc");
    row("divide a path", "{{1.data.expires_in / 60}}", "60");
    row("multiply a path", "{{1.data.expires_in * 1000}}", "3600000");
    row("numeric text multiplies", R"({{"4" * 2}})", "8");
    row("big integer", "{{1.data.expires_in * 1000000}}", "3600000000");
    row("equal numbers", "{{1.statusCode = 200}}", "true");
    row("not equal", "{{1.statusCode != 200}}", "false");
    row("number equals numeric text", R"({{1.statusCode = "200"}})", "true");
    row("numbers compare numerically", "{{2 < 10}}", "true");
    row("text compares as text", R"({{"2" < "10"}})", "false");
    row("greater or equal", "{{3 >= 3}}", "true");
    row("less or equal", "{{3 <= 2}}", "false");
    row("greater", "{{1.data.expires_in > 60}}", "true");
    row("text equality", R"({{1.data.token_type = "Bearer"}})", "true");
    row("text equality is exact", R"({{1.data.token_type = "bearer"}})", "false");
    row("arithmetic before comparison", "{{1 + 1 = 2}}", "true");
    row("comparison before and", "{{1 = 1 & 2 = 3}}", "false");
    row("comparison before or", "{{1 = 1 | 2 = 3}}", "true");
    row("and before or (left)", "{{false & true | true}}", "true");
    row("and before or (right)", "{{true | false & false}}", "true");
    row("parentheses around or", "{{(true | false) & false}}", "false");
    row("sum compared", "{{2 + 3 * 4 > 13}}", "true");

    // if / ifempty
    row("if true", R"({{if(1.statusCode = 200; "ok"; "failed")}})", "ok");
    row("if false", R"({{if(3.statusCode = 200; "ok"; "failed")}})", "failed");
    row("if without else", R"([{{if(false; "yes")}}])", "[]");
    row("if empty text is false", R"({{if(2.data.empty; "yes"; "no")}})", "no");
    row("if text false is false", R"({{if("false"; 1; 2)}})", "2");
    row("if lowercase keyword", R"({{IF(true; "a"; "b")}})", "a");
    row("ifempty empty text", R"({{ifempty(2.data.empty; "fallback")}})", "fallback");
    row("ifempty has value", R"({{ifempty(1.data.access_token; "x")}})", "abc");
    row("ifempty null", "{{ifempty(2.data.next; 0)}}", "0");
    row("ifempty missing", R"({{ifempty(2.data.missing; "default")}})", "default");

    // get, length, first, last, keys
    row("get dotted path", R"({{get(2.data; "items.2.name")}})", "Banana");
    row("get bracket path", R"({{get(2.data; "items[3].id")}})", "3");
    row("get array position", "{{get(2.data.items; 1).name}}", "Apple");
    row("get missing", R"([{{get(2.data; "nope")}}])", "[]");
    row("get header", R"({{get(1.headers; "content-type")}})", "application/json");
    row("length of text", "{{length(1.data.access_token)}}", "3");
    row("length of array", "{{length(2.data.items)}}", "3");
    row("length of empty text", "{{length(emptystring)}}", "0");
    row("length of empty array", "{{length(2.data.items[2].tags)}}", "0");
    row("length counts characters", R"({{length("čaj")}})", "3");
    row("first", "{{first(2.data.items[].name)}}", "Apple");
    row("last", "{{last(2.data.items).name}}", "Cherry");
    row("first of empty", "[{{first(2.data.items[2].tags)}}]", "[]");
    row("keys", "{{keys(1.data)}}", R"(["access_token","expires_in","token_type"])");
    row("join keys", R"({{join(keys(2.data.nested); ",")}})", "a");

    // Text functions
    row("lower", R"({{lower("ABC Déf")}})", "abc déf");
    row("upper", R"({{upper("abc déf")}})", "ABC DÉF");
    row("upper of path", "{{upper(1.data.access_token)}}", "ABC");
    row("trim", "[{{trim(3.data)}}]", "[plain text body with spaces]");
    row("trim blanks", R"([{{trim("   ")}}])", "[]");
    row("capitalize", R"({{capitalize("hello")}})", "Hello");
    row("replace all", R"({{replace("a-b-c"; "-"; "+")}})", "a+b+c");
    row("replace regex first", R"({{replace("Hello World"; "/o/"; "0")}})", "Hell0 World");
    row("replace regex global", R"({{replace("Hello World"; "/o/g"; "0")}})", "Hell0 W0rld");
    row("replace regex ignore case", R"({{replace("aBc"; "/b/gi"; "x")}})", "axc");
    row("replace regex groups", R"({{replace("john smith"; "/(\w+) (\w+)/"; "$2, $1")}})",
        "smith, john");
    row("replace empty search", R"({{replace("aaa"; emptystring; "b")}})", "aaa");
    row("replace nothing found", R"({{replace("abc"; "x"; "y")}})", "abc");
    row("substring", R"({{substring("Hello World"; 0; 5)}})", "Hello");
    row("substring to end", R"({{substring("Hello"; 1)}})", "ello");
    row("substring swapped", R"({{substring("Hello"; 3; 1)}})", "el");
    row("substring negative start", R"({{substring("Hello"; -2; 2)}})", "He");
    row("substring past end", R"({{substring("Hello"; 2; 100)}})", "llo");
    row("split", R"({{split(4.data.csv; ",")}})", R"(["a","b","","c"])");
    row("split characters", R"({{split("abc"; emptystring)}})", R"(["a","b","c"])");
    row("split then length", "{{length(split(\"a b c\"; space))}}", "3");
    row("join", R"({{join(2.data.items[].name; ", ")}})", "Apple, Banana, Cherry");
    row("join split", R"({{join(split("a-b"; "-"); "+")}})", "a+b");
    row("join tags", R"({{join(2.data.items[1].tags; "/")}})", "red/fruit");
    row("join empty", R"([{{join(2.data.items[2].tags; "/")}}])", "[]");
    row("contains text", R"({{contains(1.data.access_token; "bc")}})", "true");
    row("contains text not", R"({{contains("abc"; "x")}})", "false");
    row("contains array", R"({{contains(2.data.items[1].tags; "red")}})", "true");
    row("contains number in array", "{{contains(2.data.items[].id; 2)}}", "true");
    row("contains number not in array", "{{contains(2.data.items[].id; 5)}}", "false");
    row("toString number", "{{toString(42)}}", "42");
    row("toString then concatenate", "{{toString(1.data.expires_in) + 1}}", "36001");
    row("toString object", "{{toString(2.data.nested)}}", R"({"a":{"b":"deep"}})");
    row("parseNumber adds", R"({{parseNumber("42") + 1}})", "43");
    row("parseNumber comma decimal", R"({{parseNumber(4.data.amount; ",")}})", "1756200.582");
    row("parseNumber grouping", R"({{parseNumber("1,234.5")}})", "1234.5");
    row("encodeURL", "{{encodeURL(4.data.url)}}", "a%20b%26c%3Dd%2F%C3%A9");
    row("encodeURL keeps marks", R"({{encodeURL("it's (ok)!*")}})", "it's%20(ok)!*");
    row("decodeURL", "{{decodeURL(4.data.encoded)}}", "a b&c=é");
    row("encode then decode", "{{decodeURL(encodeURL(4.data.url))}}", "a b&c=d/é");
    row("base64", R"({{base64("hello")}})", "aGVsbG8=");
    row("base64 basic auth", R"({{base64("demo-client:demo-secret")}})",
        "ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=");
    row("base64 empty", "[{{base64(emptystring)}}]", "[]");
    row("md5", R"({{md5("hello")}})", "5d41402abc4b2a76b9719d911017c592");
    row("md5 empty", "{{md5(emptystring)}}", "d41d8cd98f00b204e9800998ecf8427e");
    row("sha1", R"({{sha1("hello")}})", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
    row("sha256", R"({{sha256("hello")}})",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    row("function names ignore case", R"({{LOWER("A")}}{{tostring(1)}})", "a1");

    // Numbers
    row("not", "{{not(true)}}", "false");
    row("round", "{{round(2.5)}}", "3");
    row("floor", "{{floor(2.7)}}", "2");
    row("ceil", "{{ceil(2.1)}}", "3");
    row("abs", "{{abs(-4)}}", "4");
    row("max of list", "{{max(2.data.items[].price)}}", "10");
    row("min of values", "{{min(3; 1; 2)}}", "1");

    // Dates (now is fixed at 2026-01-02T03:04:05.678Z)
    row("now keyword", "{{now}}", "2026-01-02T03:04:05.678Z");
    row("now call", "{{now()}}", "2026-01-02T03:04:05.678Z");
    row("timestamp keyword", "{{timestamp}}", "1767323045");
    row("timestamp of a date", "{{timestamp(4.data.date)}}", "1709647629");
    row("formatDate full", R"({{formatDate(4.data.date; "YYYY-MM-DD HH:mm:ss.SSS")}})",
        "2024-03-05 14:07:09.123");
    row("formatDate short", R"({{formatDate(4.data.date; "D.M.YY h:mm A")}})", "5.3.24 2:07 PM");
    row("formatDate names", R"({{formatDate(4.data.date; "dddd, MMMM Do YYYY")}})",
        "Tuesday, March 5th 2024");
    row("formatDate short names", R"({{formatDate(4.data.date; "ddd MMM DDDD Q E")}})",
        "Tue Mar 065 1 2");
    row("formatDate unix", R"({{formatDate(4.data.date; "X x")}})", "1709647629 1709647629123");
    row("formatDate utc offset", R"({{formatDate(4.data.date; "HH:mm Z")}})", "14:07 +00:00");
    row("formatDate time zone", R"({{formatDate(4.data.date; "HH:mm Z"; "Europe/Prague")}})",
        "15:07 +01:00");
    row("formatDate other zone", R"({{formatDate(4.data.date; "HH:mm ZZ"; "America/New_York")}})",
        "09:07 -0500");
    row("formatDate from timestamp", R"({{formatDate(4.data.unix; "YYYY-MM-DD")}})", "2024-03-05");
    row("formatDate escaped text", R"({{formatDate(now; "[Today is] dddd")}})", "Today is Friday");
    row("formatDate date only", R"({{formatDate("2024-12-31"; "YYYY/MM/DD hh a")}})",
        "2024/12/31 12 am");
    row("addSeconds", "{{addSeconds(4.data.date; 60)}}", "2024-03-05T14:08:09.123Z");
    row("addSeconds expiry", "{{addSeconds(now; 1.data.expires_in)}}", "2026-01-02T04:04:05.678Z");
    row("addSeconds negative", R"({{addSeconds("2024-01-01T00:00:00Z"; -1)}})",
        "2023-12-31T23:59:59.000Z");

    // Values inside text
    row("object inside text", "data: {{2.data.nested}}", R"(data: {"a":{"b":"deep"}})");
    row("array inside text", "tags={{2.data.items[1].tags}}", R"(tags=["red","fruit"])");
    row("null inside text", "n={{2.data.next}}.", "n=.");
    row("bool inside text", "flag={{2.data.flag}}", "flag=true");
    row("decimal inside text", "p={{2.data.items[1].price}}", "p=1.5");
    row("JSON body", R"({"token": "{{1.data.access_token}}", "n": {{2.data.total}}})",
        R"({"token": "abc", "n": 3})");
}

void TestMapping::evaluatesToText()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const FieldTemplate::Result result = evaluateField(field, m_context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, expected);
    QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char('\n'))));
}

void TestMapping::wholeFieldKeepsStructure_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("expected");
    auto row = [](const char *name, const char *field, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(field) << json(expected);
    };
    row("object", "{{2.data.items[1]}}",
        R"({"id": 1, "name": "Apple", "price": 1.5, "tags": ["red", "fruit"]})");
    row("whole array", "{{2.data.items[].id}}", "[1, 2, 3]");
    row("number", "{{1.data.expires_in}}", "3600");
    row("bool", "{{2.data.flag}}", "true");
    row("null", "{{2.data.next}}", "null");
    row("headers list", "{{1.headers}}",
        R"([{"name": "Content-Type", "value": "application/json"},
            {"name": "X-Request-Id", "value": "req-42"}])");
    row("split result", R"({{split("a,b"; ",")}})", R"(["a", "b"])");
    row("keys result", "{{keys(2.data.nested)}}", R"(["a"])");
    row("comparison", "{{1.statusCode = 200}}", "true");
    row("arithmetic", "{{1 + 2}}", "3");
    row("whole output data", "{{1.data}}",
        R"({"access_token": "abc", "token_type": "Bearer", "expires_in": 3600})");
    row("ifempty falls back to a list", "{{ifempty(2.data.next; 2.data.items[1].tags)}}",
        R"(["red", "fruit"])");
    row("text around makes text", "Token {{1.data.expires_in}}", R"("Token 3600")");
    row("space around makes text", " {{1.data.expires_in}}", R"(" 3600")");
    row("two mappings make text", "{{1.statusCode}}{{1.statusCode}}", R"("200200")");
    row("plain text", "plain", R"("plain")");
}

void TestMapping::wholeFieldKeepsStructure()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, expected);
    const FieldTemplate::Result result = evaluateField(field, m_context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.value, expected);
}

void TestMapping::missingPathWarns_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expectedText");
    QTest::addColumn<QStringList>("expectedWarnings"); // each must appear in its warning
    auto row = [](const char *name, const char *field, const char *text,
                   const QStringList &warnings) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(text) << warnings;
    };
    row("typo in key", "{{1.data.acces_token}}", "",
        {QStringLiteral("1.data.acces_token: module 1's output has no 'acces_token' (it has: "
                        "access_token, expires_in, token_type)")});
    row("typo keeps text around", "Bearer {{1.data.acces_token}}", "Bearer ",
        {QStringLiteral("has no 'acces_token'")});
    row("index past the end", "{{2.data.items[5].id}}", "",
        {QStringLiteral("2.data.items[5].id: module 2's output has no item 5 (data.items has "
                        "3 items)")});
    row("index zero", "{{2.data.items[0].id}}", "",
        {QStringLiteral("lists start at 1 in mappings, so the first item is [1]")});
    row("huge computed index", R"({{2.data.items[parseNumber("1e300")].id}})", "",
        {QStringLiteral("has no item 9000000000000000 (data.items has 3 items)")});
    row("huge negative computed index", R"({{2.data.items[-parseNumber("1e300")].id}})", "",
        {QStringLiteral("lists start at 1 in mappings")});
    row("missing header", "{{1.headers.`x-missing`}}", "",
        {QStringLiteral("has no 'x-missing' (it has: Content-Type, X-Request-Id)")});
    row("key on text", "{{1.data.access_token.x}}", "",
        {QStringLiteral("(data.access_token is text, not an object)")});
    row("key on number", "{{2.data.total.x}}", "",
        {QStringLiteral("(data.total is a number, not an object)")});
    row("key missing in list items", "{{2.data.items.nope}}", "",
        {QStringLiteral("has no 'nope' in the items of the list (they have: id, name, price, "
                        "tags)")});
    row("missing secret", "{{secrets.nope}}", "",
        {QStringLiteral("secrets.nope: secrets has no 'nope' (it has: client_id, "
                        "client_secret)")});
    row("index on object", "{{1.data[1]}}", "",
        {QStringLiteral("has no item 1 (data is an object, not a list)")});
    row("two missing", "{{1.data.missing}} and {{1.data.other}}", " and ",
        {QStringLiteral("'missing'"), QStringLiteral("'other'")});
    row("ifempty hides its own warning", R"({{ifempty(2.data.missing; "d")}})", "d", {});
    row("if skips the other branch", "{{if(true; 1; 2.data.missing)}}", "1", {});
    row("and stops early", "{{false & 2.data.missing}}", "false", {});
    row("or stops early", "{{true | 2.data.missing}}", "true", {});
    row("get is quiet", R"([{{get(2.data; "nope")}}])", "[]", {});
}

void TestMapping::missingPathWarns()
{
    QFETCH(QString, field);
    QFETCH(QString, expectedText);
    QFETCH(QStringList, expectedWarnings);
    const FieldTemplate::Result result = evaluateField(field, m_context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, expectedText);
    QCOMPARE(result.warnings.size(), expectedWarnings.size());
    for (int i = 0; i < expectedWarnings.size(); ++i)
        QVERIFY2(result.warnings.at(i).contains(expectedWarnings.at(i)),
            qPrintable(result.warnings.at(i)));
}

void TestMapping::runtimeErrors_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expectedError"); // must appear in the error
    auto row = [](const char *name, const char *field, const char *error) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(error);
    };
    row("module not run", "{{5.data.x}}",
        "Module 5 has not run yet, so {{5.data.x}} has no value. Run the scenario from the start.");
    row("module not run inside text", "Bearer {{5.data.x}}", "Module 5 has not run yet");
    row("module not run in function", "{{lower(6.data)}}", "Module 6 has not run yet");
    row("division by zero", "{{1 / 0}}", "Cannot divide by zero");
    row("modulo by zero", "{{5 % 0}}", "by zero");
    row("text times number", R"({{"abc" * 2}})", R"("abc" is not a number)");
    row("minus on text", R"({{-"abc"}})", "minus sign");
    row("parseNumber of text", R"({{parseNumber("abc")}})",
        R"(parseNumber: "abc" is not a number)");
    row("formatDate of non-date", R"({{formatDate("yesterday"; "YYYY")}})", "is not a date");
    row("formatDate bad zone", R"({{formatDate(now; "YYYY"; "Mars/Olympus")}})",
        "is not a time zone");
    row("keys of a list", "{{keys(2.data.items)}}", "keys: this needs an object");
    row("first of text", R"({{first("abc")}})", "first: this needs a list");
    row("unknown root", "{{vault.key}}", "Unknown name 'vault' in {{vault.key}}");
    row("bad regular expression", R"({{replace("a"; "/(/"; "b")}})",
        "not a valid regular expression");
    row("join of text", R"({{join("abc"; ",")}})", "must be a list");
    row("addSeconds of text", R"({{addSeconds(now; "soon")}})", "is not a number");
    // Doubles beyond any date once made integers were undefined behaviour (and gave a year
    // such as -292275056); they are errors now.
    row("formatDate of NaN", R"({{formatDate("nan"; "YYYY")}})", "is not a date");
    row("formatDate of infinity", R"({{formatDate("inf"; "YYYY")}})", "is not a date");
    row("formatDate of a huge number", R"({{formatDate(parseNumber("1e300"); "YYYY")}})",
        "is not a date");
    row("addDays beyond any date", R"({{addDays(now; parseNumber("1e300"))}})",
        "goes beyond the dates Scenarist can handle");
    row("addSeconds beyond any date", R"({{addSeconds(now; parseNumber("9e15"))}})",
        "goes beyond the dates Scenarist can handle");
}

void TestMapping::runtimeErrors()
{
    QFETCH(QString, field);
    QFETCH(QString, expectedError);
    const FieldTemplate parsed = FieldTemplate::parse(field);
    QVERIFY2(parsed.errors().isEmpty(), qPrintable(parsed.errors().value(0).message));
    const FieldTemplate::Result result = parsed.evaluate(m_context);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(expectedError), qPrintable(result.error));
    QVERIFY(result.text.isEmpty());
}

void TestMapping::syntaxErrorsHavePositions_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expectedMessage"); // must appear in the message
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("length");
    auto row = [](const char *name, const char *field, const char *message, int start, int length) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(message) << start
                            << length;
    };
    // Unquoted text is only for plain values: a misspelt function inside stays an error.
    row("misspelt call in a value", "{{upper(lowr(1.data.scope))}}", "Unknown function 'lowr'", 8,
        4);
    row("unclosed braces", "Bearer {{1.data.access_token", "Missing closing }}", 7, 21);
    row("empty braces", "{{}}", "Empty mapping", 0, 4);
    row("blank braces", "a {{   }} b", "Empty mapping", 2, 7);
    row("misspelt function", R"({{lowr("A")}})", "Unknown function 'lowr'. Did you mean lower?", 2,
        4);
    row("unknown function", "{{frobnicate(1)}}", "Unknown function 'frobnicate'", 2, 10);
    row("too many arguments", R"({{lower("a"; "b")}})", "lower takes 1 value, but 2 were given", 2,
        15);
    row("too few arguments", R"({{substring("a")}})",
        "substring takes 2 to 3 values, but 1 was given", 2, 14);
    row("arguments to now", "{{now(1)}}", "now takes 0 values", 2, 6);
    row("too many for if", "{{if(1; 2; 3; 4)}}", "if takes 2 to 3 values, but 4 were given", 2, 14);
    row("bad character", "{{1.data # 2}}", "The character '#'", 9, 1);
    row("bad character later", "ok {{1.data.x}} then {{bad!}}", "The character '!'", 26, 1);
    row("unterminated string", R"({{"abc}})", "no closing quote", 2, 4);
    row("unterminated backtick", "{{1.data.`x}}", "no closing backtick", 9, 2);
    row("missing operand", "{{1 +}}", "A value is missing", 5, 1);
    row("two values without operator", "{{1.data.x 1.data.y}}", "Unexpected '1'", 11, 1);
    row("two strings", R"({{"a" "b"}})", R"(Unexpected '"b"')", 6, 3);
    row("bare word", "{{hello}}", "Unknown name 'hello'", 2, 5);
    row("unclosed parenthesis", "{{(1 + 2}}", "This ( has no matching )", 2, 1);
    row("unclosed call", R"({{lower("a"}})", "lower( has no matching )", 2, 6);
    row("unclosed bracket", "{{2.data.items[1}}", "This [ has no matching ]", 14, 1);
    row("nothing after dot", "{{1.}}", "Expected a name after the dot", 3, 1);
    row("module zero", "{{0.data}}", "'0' is not a module number", 2, 1);
    row("function without parentheses", "{{lower}}", "lower is a function", 2, 5);
    row("operator without value", "{{1 + * 2}}", "but found '*'", 6, 1);
    {
        const QByteArray deep = "{{" + QByteArray(5000, '(') + "1" + QByteArray(5000, ')') + "}}";
        // Refused at the 128th (, past maxMappingDepth levels.
        row("nested too deeply", deep.constData(), "nested too deeply", 129, 1);
        const QByteArray minus = "{{" + QByteArray(5000, '-') + "1}}";
        row("too many minus signs", minus.constData(), "nested too deeply", 129, 1);
    }
}

void TestMapping::syntaxErrorsHavePositions()
{
    QFETCH(QString, field);
    QFETCH(QString, expectedMessage);
    QFETCH(int, start);
    QFETCH(int, length);
    const FieldTemplate parsed = FieldTemplate::parse(field);
    QCOMPARE(parsed.errors().size(), 1);
    const MappingIssue issue = parsed.errors().first();
    QVERIFY2(issue.message.contains(expectedMessage), qPrintable(issue.message));
    QCOMPARE(issue.start, start);
    QCOMPARE(issue.length, length);
    // A field with a syntax error never evaluates to a silently wrong value.
    const FieldTemplate::Result result = parsed.evaluate(m_context);
    QVERIFY(!result.ok());
    QCOMPARE(result.error, issue.message);
}

namespace {

QString repeated(const QString &text, int count)
{
    QString out;
    out.reserve(text.size() * count);
    for (int i = 0; i < count; ++i)
        out += text;
    return out;
}

/// "{{1+1+…+1}}" with `terms` ones: as deep as it is long, however flat it looks.
QString plusChain(int terms)
{
    return QStringLiteral("{{") + repeated(QStringLiteral("1+"), terms - 1) + QStringLiteral("1}}");
}

} // namespace

void TestMapping::tooDeepIsAnError_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("length");
    static_assert(maxMappingDepth == 128, "the offsets below count 128 levels");
    // These once overflowed the stack: a 20,000-term chain when evaluated, a 1,000,000-term
    // one (2 MB) when merely parsed, since freeing the chain recursed too. They are refused
    // at the operator, parenthesis, call, [ or minus sign that goes past the limit.
    QTest::newRow("20,000-term chain") << plusChain(20000) << 2 + 2 * 128 - 1 << 1;
    QTest::newRow("1,000,000-term chain") << plusChain(1000000) << 2 + 2 * 128 - 1 << 1;
    QTest::newRow("chain of and") << QStringLiteral("{{") + repeated(QStringLiteral("1&"), 20000)
            + QStringLiteral("1}}")
                                  << 2 + 2 * 128 - 1 << 1;
    QTest::newRow("chain of comparisons")
        << QStringLiteral("{{") + repeated(QStringLiteral("1<"), 20000) + QStringLiteral("1}}")
        << 2 + 2 * 128 - 1 << 1;
    QTest::newRow("nested parentheses") << QStringLiteral("{{") + QString(20000, QLatin1Char('('))
            + QStringLiteral("1") + QString(20000, QLatin1Char(')')) + QStringLiteral("}}")
                                        << 2 + 127 << 1;
    QTest::newRow("nested calls") << QStringLiteral("{{")
            + repeated(QStringLiteral("lower("), 20000) + QStringLiteral("\"a\"")
            + QString(20000, QLatin1Char(')')) + QStringLiteral("}}")
                                  << 2 + 6 * 127 << 6;
    QTest::newRow("nested minus signs")
        << QStringLiteral("{{") + QString(20000, QLatin1Char('-')) + QStringLiteral("1}}")
        << 2 + 127 << 1;
    QTest::newRow("nested index expressions")
        << QStringLiteral("{{") + repeated(QStringLiteral("1.data.a["), 20000) + QStringLiteral("1")
            + QString(20000, QLatin1Char(']')) + QStringLiteral("}}")
        << 2 + 9 * 128 - 1 << 1;
    // Levels add up: 100 parentheses around a 100-term chain are 200 levels.
    QTest::newRow("chain inside parentheses")
        << QStringLiteral("{{") + QString(100, QLatin1Char('(')) + plusChain(100).mid(2).chopped(2)
            + QString(100, QLatin1Char(')')) + QStringLiteral("}}")
        << 2 + 100 + 2 * 28 - 1 << 1;
    // A chain as a function's value is not read as Make's unquoted text when too deep.
    QTest::newRow("chain in a call")
        << QStringLiteral("{{lower(") + plusChain(20000).mid(2).chopped(2) + QStringLiteral(")}}")
        << 8 + 2 * 127 - 1 << 1;
    // 127 parentheses around a value are 128 levels; a path on them is one more.
    QTest::newRow("path on a deep value") << QStringLiteral("{{") + QString(127, QLatin1Char('('))
            + QStringLiteral("\"a\"") + QString(127, QLatin1Char(')'))
            + QStringLiteral(".x}}") << 2 << 127 + 3 + 127 + 2;
}

void TestMapping::tooDeepIsAnError()
{
    QFETCH(QString, field);
    QFETCH(int, start);
    QFETCH(int, length);
    QElapsedTimer timer;
    timer.start();
    const FieldTemplate parsed = FieldTemplate::parse(field);
    QCOMPARE(parsed.errors().size(), 1);
    const MappingIssue issue = parsed.errors().first();
    QCOMPARE(issue.message,
        QStringLiteral("This mapping is nested too deeply (more than 128 levels); split it into "
                       "smaller steps."));
    QCOMPARE(issue.message, mappingTooDeepMessage());
    QCOMPARE(issue.start, start);
    QCOMPARE(issue.length, length);
    const FieldTemplate::Result result = parsed.evaluate(m_context);
    QVERIFY(!result.ok());
    QCOMPARE(result.error, issue.message);
    // Refused as soon as the limit is reached, not after reading 2 MB into tokens and nodes.
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
}

void TestMapping::justUnderTheDepthLimit_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("128-term chain") << plusChain(128) << QStringLiteral("128");
    QTest::newRow("127 parentheses") << QStringLiteral("{{") + QString(127, QLatin1Char('('))
            + QStringLiteral("7") + QString(127, QLatin1Char(')'))
            + QStringLiteral("}}") << QStringLiteral("7");
    QTest::newRow("127 calls") << QStringLiteral("{{") + repeated(QStringLiteral("upper("), 127)
            + QStringLiteral("\"a\"") + QString(127, QLatin1Char(')')) + QStringLiteral("}}")
                               << QStringLiteral("A");
    QTest::newRow("127 minus signs") << QStringLiteral("{{") + QString(127, QLatin1Char('-'))
            + QStringLiteral("1}}") << QStringLiteral("-1");
    // Each path in the [ ] of another is one level deeper: 128 paths, the last with [1].
    QTest::newRow("128 nested paths")
        << QStringLiteral("{{") + repeated(QStringLiteral("2.data.items["), 128)
            + QStringLiteral("1") + repeated(QStringLiteral("].id"), 128) + QStringLiteral("}}")
        << QStringLiteral("1");
    QTest::newRow("several chains side by side")
        << plusChain(128) + QLatin1Char('-') + plusChain(128) << QStringLiteral("128-128");
}

void TestMapping::justUnderTheDepthLimit()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const FieldTemplate parsed = FieldTemplate::parse(field);
    QVERIFY2(parsed.errors().isEmpty(), qPrintable(parsed.errors().value(0).message));
    const FieldTemplate::Result result = parsed.evaluate(m_context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, expected);
}

void TestMapping::evaluationStopsPastTheDepthLimit()
{
    // A tree the parser would refuse, built by hand: evaluating it fails instead of
    // recursing on, the second guard behind the parser's.
    MappingExpressionPtr expression = std::make_unique<MappingLiteral>(QJsonValue(1));
    for (int i = 0; i < 1000; ++i)
        expression = std::make_unique<MappingUnary>(std::move(expression));
    QCOMPARE(expression->depth, 1001);
    MappingEvaluation evaluation(m_context);
    resetDeepestMappingEvaluation();
    const QJsonValue value = expression->evaluate(evaluation);
    QVERIFY(value.isUndefined() || value.isNull());
    QCOMPARE(evaluation.error, mappingTooDeepMessage());
    QCOMPARE(evaluation.depth, 0);
    QCOMPARE(evaluation.deepest, maxMappingDepth + 1);
}

void TestMapping::references_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("expected"); // "id|path.joined|start|length"
    auto row = [](const char *name, const char *field, const QStringList &expected) {
        QTest::newRow(name) << QString::fromUtf8(field) << expected;
    };
    row("one reference", "Bearer {{1.data.access_token}}",
        {QStringLiteral("1|data.access_token|9|19")});
    row("two references", "{{1.data.token_type}} {{1.data.access_token}}",
        {QStringLiteral("1|data.token_type|2|17"), QStringLiteral("1|data.access_token|24|19")});
    row("array index", "{{2.data.items[1].id}}", {QStringLiteral("2|data.items.1.id|2|18")});
    row("whole array", "x {{2.data.items[].id}}", {QStringLiteral("2|data.items.id|4|17")});
    row("backtick key", "{{3.headers.`x-request-id`}}",
        {QStringLiteral("3|headers.x-request-id|2|24")});
    row("inside functions", "{{lower(1.data.a) + upper(4.data.b)}}",
        {QStringLiteral("1|data.a|8|8"), QStringLiteral("4|data.b|26|8")});
    row("inside an index", "{{2.data.items[1.count].id}}",
        {QStringLiteral("2|data.items.1.count.id|2|24"), QStringLiteral("1|count|15|7")});
    row("with a syntax error elsewhere", "{{1.data.a}} {{lowr(2.data.b)}}",
        {QStringLiteral("1|data.a|2|8")});
    row("secret is not a module", "{{secrets.client_secret}}", {});
    row("plain text", "plain", {});
    row("quoted text", R"({{"1.data.x"}})", {});
    row("numbers", "{{1 + 2.5}}", {});
}

void TestMapping::references()
{
    QFETCH(QString, field);
    QFETCH(QStringList, expected);
    QStringList actual;
    for (const ModuleReference &reference : FieldTemplate::parse(field).references()) {
        actual.append(QStringLiteral("%1|%2|%3|%4")
                          .arg(reference.moduleId)
                          .arg(reference.path.join(QLatin1Char('.')))
                          .arg(reference.start)
                          .arg(reference.length));
    }
    QCOMPARE(actual, expected);
}

void TestMapping::namedRootReferences()
{
    const FieldTemplate parsed = FieldTemplate::parse(QStringLiteral(
        "{{secrets.client_id}}:{{secrets.client_secret}} {{secrets.client_id}} {{vault.x}}"));
    QCOMPARE(parsed.namedRootReferences(QStringLiteral("secrets")),
        QStringList({QStringLiteral("client_id"), QStringLiteral("client_secret")}));
    QCOMPARE(
        parsed.namedRootReferences(QStringLiteral("vault")), QStringList({QStringLiteral("x")}));
    QVERIFY(parsed.namedRootReferences(QStringLiteral("other")).isEmpty());
    QVERIFY(parsed.references().isEmpty());
}

void TestMapping::knownRoots_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("roots");
    QTest::addColumn<QString>("expectedError"); // empty: no syntax error
    QTest::newRow("typo in root") << QStringLiteral("{{secret.client_id}}")
                                  << QStringList {QStringLiteral("secrets")}
                                  << QStringLiteral("Unknown name 'secret'. To write text, put it "
                                                    "in double quotes: \"secret\". To use a "
                                                    "module's output, start with its number, e.g. "
                                                    "1.data. Names that can start a mapping here: "
                                                    "secrets.");
    QTest::newRow("known root") << QStringLiteral("{{secrets.client_id}}")
                                << QStringList {QStringLiteral("secrets")} << QString();
    QTest::newRow("no roots known") << QStringLiteral("{{sandbox.url}}") << QStringList()
                                    << QStringLiteral("Unknown name 'sandbox'");
    QTest::newRow("module paths need no root")
        << QStringLiteral("{{1.data.access_token}}") << QStringList() << QString();
}

void TestMapping::knownRoots()
{
    QFETCH(QString, field);
    QFETCH(QStringList, roots);
    QFETCH(QString, expectedError);
    const FieldTemplate parsed = FieldTemplate::parse(field, roots);
    if (expectedError.isEmpty()) {
        QVERIFY(parsed.errors().isEmpty());
        QVERIFY(parsed.evaluate(m_context).ok());
        return;
    }
    QCOMPARE(parsed.errors().size(), 1);
    QVERIFY2(parsed.errors().first().message.startsWith(expectedError),
        qPrintable(parsed.errors().first().message));
    QCOMPARE(parsed.errors().first().start, 2);
    QVERIFY(parsed.namedRootReferences(roots.value(0)).isEmpty());
}

void TestMapping::errorsDoNotRevealSecrets()
{
    const FieldTemplate::Result result
        = evaluateField(QStringLiteral("{{parseNumber(secrets.client_secret)}}"), m_context);
    QVERIFY(!result.ok());
    QVERIFY2(!result.error.contains(QLatin1String("s3cr3t")), qPrintable(result.error));
    QVERIFY2(result.error.contains(QLatin1String("\"********\" is not a number")),
        qPrintable(result.error));
    // A failed evaluation still tells which secrets it read, for binding them to hosts.
    QCOMPARE(result.secretsRead, QStringList {QStringLiteral("client_secret")});
    QVERIFY(result.secretDerivedTexts.isEmpty());

    // A run that was given no secrets says so instead of sending an empty value.
    const FieldTemplate::Result noSecrets
        = evaluateField(QStringLiteral("{{secrets.client_id}}"), MappingContext());
    QVERIFY(!noSecrets.ok());
    QVERIFY2(noSecrets.error.contains(QLatin1String("nothing called 'secrets' is available")),
        qPrintable(noSecrets.error));
}

void TestMapping::secretsRead_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expectedText");
    QTest::addColumn<QStringList>("expectedSecretsRead");
    QTest::addColumn<QStringList>("expectedDerived");
    auto row = [](const char *name, const char *field, const char *text, const QStringList &read,
                   const QStringList &derived) {
        QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(text) << read
                            << derived;
    };
    const QStringList a {QStringLiteral("a")};
    row("the value itself", "{{secrets.a}}", "hunter2", a, {QStringLiteral("hunter2")});
    row("encoded", "Basic {{base64(secrets.a)}}", "Basic aHVudGVyMg==", a,
        {QStringLiteral("aHVudGVyMg==")});
    row("only the block that read it", "x{{upper(secrets.a)}}y{{1.data.b}}", "xHUNTER2yB", a,
        {QStringLiteral("HUNTER2")});
    row("hashed with more text", R"({{sha256(secrets.a + "k")}})",
        "229f0ab00c487f16fa1368a545da5b1f49637db7ff833ba7afb441f0fd715215", a,
        {QStringLiteral("229f0ab00c487f16fa1368a545da5b1f49637db7ff833ba7afb441f0fd715215")});
    row("replaced", R"({{replace(secrets.a; "h"; "H")}})", "Hunter2", a,
        {QStringLiteral("Hunter2")});
    row("name from a module's output", "{{secrets[1.data.which]}}", "zzz-other",
        {QStringLiteral("other")}, {QStringLiteral("zzz-other")});
    row("name in quotes", R"({{secrets["a"]}})", "hunter2", a, {QStringLiteral("hunter2")});
    row("deeper into a secret", "{{secrets.json.key}}", "v", {QStringLiteral("json")},
        {QStringLiteral("v")});
    row("the whole object", R"({{get(secrets[]; "a")}})", "hunter2", {QStringLiteral("*")},
        {QStringLiteral("hunter2")});
    row("the names of all", "{{join(keys(secrets[]); \",\")}}", "a,json,other",
        {QStringLiteral("*")}, {QStringLiteral("a,json,other")});
    row("in first-read order, every block", "{{secrets.other}}:{{secrets.a}}/{{secrets.other}}",
        "zzz-other:hunter2/zzz-other", {QStringLiteral("other"), QStringLiteral("a")},
        {QStringLiteral("zzz-other"), QStringLiteral("hunter2"), QStringLiteral("zzz-other")});
    row("a branch not taken", R"({{if(1.data.b = "B"; "plain"; secrets.a)}})", "plain", {}, {});
    row("a branch taken", R"({{if(1.data.b = "B"; secrets.a; "plain")}})", "hunter2", a,
        {QStringLiteral("hunter2")});
    row("a secret that is missing", "{{secrets.nope}}", "", {}, {});
    row("no secret", "Bearer {{1.data.b}}", "Bearer B", {}, {});
    row("no mapping", "plain text", "plain text", {}, {});
}

void TestMapping::secretsRead()
{
    QFETCH(QString, field);
    QFETCH(QString, expectedText);
    QFETCH(QStringList, expectedSecretsRead);
    QFETCH(QStringList, expectedDerived);
    MappingContext context;
    context.moduleOutputs.insert(1, json(R"({"data": {"b": "B", "which": "other"}})"));
    context.namedRoots.insert(QStringLiteral("secrets"),
        json(R"({"a": "hunter2", "other": "zzz-other", "json": {"key": "v"}})"));
    const FieldTemplate::Result result = evaluateField(field, context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, expectedText);
    QCOMPARE(result.secretsRead, expectedSecretsRead);
    QCOMPARE(result.secretDerivedTexts, expectedDerived);
}

void TestMapping::hasMappings_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("expected");
    QTest::newRow("plain") << QStringLiteral("abc") << false;
    QTest::newRow("single braces") << QStringLiteral("{a}") << false;
    QTest::newRow("mapping") << QStringLiteral("{{1.a}}") << true;
    QTest::newRow("unclosed") << QStringLiteral("a {{") << true;
}

void TestMapping::hasMappings()
{
    QFETCH(QString, field);
    QFETCH(bool, expected);
    QCOMPARE(FieldTemplate::parse(field).hasMappings(), expected);
    QCOMPARE(FieldTemplate::parse(field).text(), field);
}

void TestMapping::uuidIsRandomVersion4()
{
    const FieldTemplate parsed = FieldTemplate::parse(QStringLiteral("{{uuid}}"));
    const QString first = parsed.evaluate(m_context).text;
    const QString second = parsed.evaluate(m_context).text;
    const QRegularExpression v4(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    QVERIFY2(v4.match(first).hasMatch(), qPrintable(first));
    QVERIFY(first != second);
}

void TestMapping::nowDefaultsToCurrentTime()
{
    MappingContext context; // no fixed time
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const QString text = evaluateField(QStringLiteral("{{now}}"), context).text;
    const QDateTime now = QDateTime::fromString(text, Qt::ISODateWithMs);
    QVERIFY2(now.isValid(), qPrintable(text));
    QVERIFY(now >= before);
    QVERIFY(now <= QDateTime::currentDateTimeUtc().addSecs(1));
}

void TestMapping::parsedOnceEvaluatesAgainstAnyContext()
{
    const FieldTemplate parsed
        = FieldTemplate::parse(QStringLiteral("Bearer {{1.data.access_token}}"));
    MappingContext other;
    other.moduleOutputs.insert(1, json(R"({"data": {"access_token": "xyz"}})"));
    QCOMPARE(parsed.evaluate(m_context).text, QStringLiteral("Bearer abc"));
    QCOMPARE(parsed.evaluate(other).text, QStringLiteral("Bearer xyz"));
    const FieldTemplate copy = parsed;
    QCOMPARE(copy.evaluate(m_context).text, QStringLiteral("Bearer abc"));
}

void TestMapping::defaultTemplateIsEmpty()
{
    const FieldTemplate empty;
    QVERIFY(!empty.hasMappings());
    QVERIFY(empty.errors().isEmpty());
    const FieldTemplate::Result result = empty.evaluate(m_context);
    QVERIFY(result.ok());
    QVERIFY(result.text.isEmpty());
}

void TestMapping::benchmarkSimpleFieldEvaluation()
{
    const FieldTemplate parsed
        = FieldTemplate::parse(QStringLiteral("Bearer {{1.data.access_token}}"));
    QCOMPARE(parsed.evaluate(m_context).text, QStringLiteral("Bearer abc"));

    // A rough rate for the report next to QBENCHMARK's own figure; QBENCHMARK runs this
    // function several times, the rate is measured once.
    static bool measured = false;
    if (!measured) {
        measured = true;
        measureRate(parsed);
    }

    QBENCHMARK
    {
        const FieldTemplate::Result result = parsed.evaluate(m_context);
        Q_UNUSED(result);
    }
}

void TestMapping::measureRate(const FieldTemplate &parsed)
{
    constexpr int rounds = 200000;
    QElapsedTimer timer;
    timer.start();
    qsizetype total = 0;
    for (int i = 0; i < rounds; ++i)
        total += parsed.evaluate(m_context).text.size();
    const qint64 ns = std::max<qint64>(timer.nsecsElapsed(), 1);
    QCOMPARE(total, qsizetype(rounds) * 10);
    qInfo("simple field evaluations per second: %.0f", rounds * 1e9 / double(ns));
}

QTEST_GUILESS_MAIN(TestMapping)
#include "tst_mapping.moc"
