#include "core/flow/Filter.h"
#include "core/mapping/MappingContext.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

/// Filters on links (docs/filters.md): reading and writing Make's `filter` object, every
/// operator, the comparison rules and the words a user reads when a bundle is stopped.
class TestFilter : public QObject
{
    Q_OBJECT

private slots:
    void operators_data();
    void operators();
    void everyOperatorIsTested();
    void exist_data();
    void exist();
    void notANumberWarns_data();
    void notANumberWarns();
    void invalidPattern_data();
    void invalidPattern();
    void patternLimits();
    void arraySideNotAList();
    void orOfAndGroups_data();
    void orOfAndGroups();
    void reasonInPlainWords();
    void reasonForSeveralGroups();
    void reasonShortensLongValues();
    void secretsAreNotShown();
    void datesWithoutZoneUseTheGivenZone();
    void timeOfDay_data();
    void timeOfDay();
    void emptyConditionsIsNoFilter();
    void readErrorsNameThePlace_data();
    void readErrorsNameThePlace();
    void keepsEveryKey();
    void realExportsRoundTrip_data();
    void realExportsRoundTrip();
    void operatorWords();
};

namespace {

const QString q1 = QStringLiteral("\u2018");
const QString q2 = QStringLiteral("\u2019");

QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray("[") + text + "]").array().at(0);
}

const MappingContext &context()
{
    static const MappingContext value = [] {
        MappingContext c;
        c.moduleOutputs.insert(1, json(R"({"data": {
            "count": 3, "price": "2.50", "status": "Active", "text": "abc", "empty": "",
            "nothing": null, "spaces": "  ", "zero": 0, "no": false, "flag": true,
            "greeting": "Hello world", "city": "Zürich", "school": "École",
            "items": ["Red", "green", 3, {"id": 1}], "none": [], "object": {"a": 1},
            "when": "2024-03-05T14:07:09Z", "later": "2024-03-05T15:07:09+01:00",
            "long": "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor"
            }})"));
        c.namedRoots.insert(QStringLiteral("secrets"), json(R"({"token": "s3cr3t"})"));
        return c;
    }();
    return value;
}

Filter filterOf(const QList<QList<FilterCondition>> &groups)
{
    Filter filter;
    filter.name = QStringLiteral("Test");
    filter.conditions = groups;
    return filter;
}

FilterCondition condition(const QString &a, const QString &o, const QString &b = QString())
{
    FilterCondition c;
    c.a = a;
    c.o = o;
    if (Filter::operatorTakesSecondValue(o))
        c.b = b;
    return c;
}

FilterVerdict check(const QString &a, const QString &o, const QString &b = QString(),
    const QTimeZone &zone = QTimeZone::utc())
{
    return evaluate(filterOf({{condition(a, o, b)}}), context(), zone);
}

QString realFixturesDir()
{
    return QStringLiteral(SCENARIST_FIXTURES_DIR "/make-blueprints/real");
}

void collectFilters(
    const QJsonValue &value, const QString &where, QList<QPair<QString, QJsonObject>> *out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("filter") && it.value().isObject()
                && it.value().toObject().contains(QLatin1String("conditions")))
                out->append({where + QLatin1Char('#') + QString::number(out->size() + 1),
                    it.value().toObject()});
            else
                collectFilters(it.value(), where, out);
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectFilters(item, where, out);
    }
}

/// One row per operator and outcome: (a, o, b) and whether the bundle passes.
struct OperatorRow
{
    const char *o;
    const char *a;
    const char *b;
    bool passed;
};

const QList<OperatorRow> &operatorRows()
{
    static const QList<OperatorRow> list = [] {
        QList<OperatorRow> rows;
        const auto row = [&rows](const char *o, const char *a, const char *b, bool passed) {
            rows.append({o, a, b, passed});
        };

        row("exist", "{{1.data.text}}", "", true);
        row("exist", "{{1.data.missing}}", "", false);
        row("notexist", "{{1.data.missing}}", "", true);
        row("notexist", "{{1.data.text}}", "", false);

        // Text: exact, case and spaces count.
        row("text:equal", "{{1.data.status}}", "Active", true);
        row("text:equal", "{{1.data.status}}", "active", false);
        row("text:equal", "{{1.data.count}}", "3", true); // a number compares as its text
        row("text:equal", "{{1.data.missing}}", "", true); // missing is empty text
        row("text:equal", "{{1.data.object}}", "{\"a\":1}", true); // objects as compact JSON
        row("text:notequal", "{{1.data.status}}", "Closed", true);
        row("text:notequal", "{{1.data.status}}", "Active", false);
        row("text:contain", "{{1.data.greeting}}", "lo w", true);
        row("text:contain", "{{1.data.greeting}}", "World", false);
        row("text:notcontain", "{{1.data.greeting}}", "World", true);
        row("text:notcontain", "{{1.data.greeting}}", "lo w", false);
        row("text:startwith", "{{1.data.greeting}}", "Hello", true);
        row("text:startwith", "{{1.data.greeting}}", "hello", false);
        row("text:notstartwith", "{{1.data.greeting}}", "hello", true);
        row("text:notstartwith", "{{1.data.greeting}}", "Hello", false);
        row("text:endwith", "{{1.data.greeting}}", "world", true);
        row("text:endwith", "{{1.data.greeting}}", "World", false);
        row("text:notendwith", "{{1.data.greeting}}", "World", true);
        row("text:notendwith", "{{1.data.greeting}}", "world", false);
        row("text:pattern", "order-123", "\\d+", true); // unanchored
        row("text:pattern", "order-123", "^\\d+$", false);
        row("text:notpattern", "order-123", "^\\d+$", true);
        row("text:notpattern", "order-123", "\\d+", false);

        // The same, ignoring case (Unicode case folding).
        row("text:equal:ci", "{{1.data.school}}", "éCOLE", true);
        row("text:equal:ci", "{{1.data.school}}", "Ecole", false);
        row("text:notequal:ci", "{{1.data.school}}", "Ecole", true);
        row("text:notequal:ci", "{{1.data.school}}", "éCOLE", false);
        row("text:contain:ci", "{{1.data.city}}", "ÜR", true);
        row("text:contain:ci", "{{1.data.city}}", "UR", false);
        row("text:notcontain:ci", "{{1.data.city}}", "UR", true);
        row("text:notcontain:ci", "{{1.data.city}}", "ÜR", false);
        row("text:startwith:ci", "{{1.data.greeting}}", "HELLO", true);
        row("text:startwith:ci", "{{1.data.greeting}}", "world", false);
        row("text:notstartwith:ci", "{{1.data.greeting}}", "world", true);
        row("text:notstartwith:ci", "{{1.data.greeting}}", "HELLO", false);
        row("text:endwith:ci", "{{1.data.greeting}}", "WORLD", true);
        row("text:endwith:ci", "{{1.data.greeting}}", "hello", false);
        row("text:notendwith:ci", "{{1.data.greeting}}", "hello", true);
        row("text:notendwith:ci", "{{1.data.greeting}}", "WORLD", false);
        row("text:pattern:ci", "{{1.data.greeting}}", "^hello", true);
        row("text:pattern:ci", "{{1.data.greeting}}", "^world", false);
        row("text:notpattern:ci", "{{1.data.greeting}}", "^world", true);
        row("text:notpattern:ci", "{{1.data.greeting}}", "^hello", false);

        // Numbers: both sides converted, text that is a number included.
        row("number:equal", "{{1.data.count}}", "3.0", true);
        row("number:equal", "{{1.data.count}}", "4", false);
        row("number:notequal", "{{1.data.count}}", "4", true);
        row("number:notequal", "{{1.data.count}}", " 3 ", false);
        row("number:less", "{{1.data.price}}", "3", true);
        row("number:less", "{{1.data.count}}", "3", false);
        row("number:greater", "{{1.data.count}}", "2.5", true);
        row("number:greater", "{{1.data.count}}", "10", false); // not compared as text
        row("number:lessorequal", "{{1.data.count}}", "3", true);
        row("number:lessorequal", "{{1.data.count}}", "2", false);
        row("number:greaterorequal", "{{1.data.count}}", "3", true);
        row("number:greaterorequal", "{{1.data.count}}", "1e1", false);

        // Dates: the same moment written in two zones is equal.
        row("date:equal", "{{1.data.when}}", "{{1.data.later}}", true);
        row("date:equal", "{{1.data.when}}", "2024-03-05T14:07:10Z", false);
        row("date:notequal", "{{1.data.when}}", "2024-03-05", true);
        row("date:notequal", "{{1.data.when}}", "1709647629", false); // a Unix timestamp
        row("date:less", "2024-03-04", "{{1.data.when}}", true);
        row("date:less", "{{1.data.when}}", "2024-03-05", false);
        row("date:greater", "{{1.data.when}}", "2024-03-05T14:00:00Z", true);
        row("date:greater", "{{1.data.when}}", "Tue, 05 Mar 2024 15:00:00 +0000", false);
        row("date:lessorequal", "{{1.data.when}}", "{{1.data.later}}", true);
        row("date:lessorequal", "{{1.data.when}}", "2024-01-01", false);
        row("date:greaterorequal", "{{1.data.when}}", "{{1.data.later}}", true);
        row("date:greaterorequal", "{{1.data.when}}", "2025-01-01", false);

        // Times of day: the date part does not count.
        row("time:equal", "14:30", "2:30 PM", true);
        row("time:equal", "14:30", "14:31", false);
        row("time:notequal", "14:30", "14:30:01", true);
        row("time:notequal", "{{1.data.when}}", "14:07:09", false);
        row("time:less", "09:00", "{{1.data.when}}", true);
        row("time:less", "2020-01-01T23:00:00Z", "{{1.data.when}}", false);
        row("time:greater", "2020-01-01T23:00:00Z", "{{1.data.when}}", true);
        row("time:greater", "12:00 AM", "00:01", false);
        row("time:lessorequal", "14:07:09", "{{1.data.when}}", true);
        row("time:lessorequal", "14:07:10", "{{1.data.when}}", false);
        row("time:greaterorequal", "14:07:09", "{{1.data.when}}", true);
        row("time:greaterorequal", "1:00", "{{1.data.when}}", false);

        row("boolean:equal", "{{1.data.flag}}", "true", true);
        row("boolean:equal", "{{1.data.flag}}", "false", false);
        row("boolean:equal", "{{1.data.no}}", "0", true);
        row("boolean:equal", "{{1.data.missing}}", "false", true); // missing reads as false
        row("boolean:notequal", "{{1.data.flag}}", "FALSE", true);
        row("boolean:notequal", "{{1.data.flag}}", "1", false);

        // Arrays: items compared as text; length operators compare the number of items.
        row("array:contain", "{{1.data.items}}", "Red", true);
        row("array:contain", "{{1.data.items}}", "3", true);
        row("array:contain", "{{1.data.items}}", "{\"id\":1}", true);
        row("array:contain", "{{1.data.items}}", "red", false);
        row("array:contain", "{{1.data.items}}", "Re", false); // whole items, not parts
        row("array:notcontain", "{{1.data.items}}", "red", true);
        row("array:notcontain", "{{1.data.items}}", "Red", false);
        row("array:contain:ci", "{{1.data.items}}", "RED", true);
        row("array:contain:ci", "{{1.data.items}}", "blue", false);
        row("array:notcontain:ci", "{{1.data.items}}", "blue", true);
        row("array:notcontain:ci", "{{1.data.items}}", "GREEN", false);
        row("array:equal", "{{1.data.items}}", "4", true);
        row("array:equal", "{{1.data.missing}}", "0", true); // missing is an empty list
        row("array:equal", "{{1.data.items}}", "3", false);
        row("array:notequal", "{{1.data.none}}", "1", true);
        row("array:notequal", "{{1.data.none}}", "0", false);
        row("array:less", "{{1.data.items}}", "5", true);
        row("array:less", "{{1.data.items}}", "4", false);
        row("array:greater", "{{1.data.items}}", "3", true);
        row("array:greater", "{{1.data.items}}", "4", false);
        row("array:lessorequal", "{{1.data.items}}", "4", true);
        row("array:lessorequal", "{{1.data.items}}", "3", false);
        row("array:greaterorequal", "{{1.data.items}}", "4", true);
        row("array:greaterorequal", "{{1.data.none}}", "1", false);
        return rows;
    }();
    return list;
}

} // namespace

void TestFilter::operators_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("o");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("passed");
    for (const OperatorRow &row : operatorRows()) {
        QTest::addRow("%s %s %s -> %s", row.a, row.o, row.b, row.passed ? "true" : "false")
            << QString::fromUtf8(row.a) << QString::fromLatin1(row.o) << QString::fromUtf8(row.b)
            << row.passed;
    }
}

void TestFilter::operators()
{
    QFETCH(QString, a);
    QFETCH(QString, o);
    QFETCH(QString, b);
    QFETCH(bool, passed);
    QVERIFY(Filter::isKnownOperator(o));
    const FilterVerdict verdict = check(a, o, b);
    QCOMPARE(verdict.passed, passed);
    QVERIFY2(verdict.warnings.isEmpty(), qPrintable(verdict.warnings.join(QLatin1Char('\n'))));
    QCOMPARE(verdict.reason.isEmpty(), passed);
}

void TestFilter::everyOperatorIsTested()
{
    QHash<QString, QSet<bool>> tested;
    for (const OperatorRow &row : operatorRows())
        tested[QString::fromLatin1(row.o)].insert(row.passed);
    const QStringList known = Filter::knownOperators();
    QCOMPARE(known.size(), 52);
    for (const QString &o : known) {
        QVERIFY2(tested.value(o).contains(true), qPrintable(o + QStringLiteral(" true")));
        QVERIFY2(tested.value(o).contains(false), qPrintable(o + QStringLiteral(" false")));
    }
}

void TestFilter::exist_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<bool>("exists");
    QTest::newRow("text") << QStringLiteral("{{1.data.text}}") << true;
    QTest::newRow("missing") << QStringLiteral("{{1.data.missing}}") << false;
    QTest::newRow("missing module field") << QStringLiteral("{{1.nope.deeper}}") << false;
    QTest::newRow("null") << QStringLiteral("{{1.data.nothing}}") << false;
    QTest::newRow("empty text") << QStringLiteral("{{1.data.empty}}") << false;
    QTest::newRow("empty literal") << QString() << false;
    QTest::newRow("spaces") << QStringLiteral("{{1.data.spaces}}") << true;
    QTest::newRow("zero") << QStringLiteral("{{1.data.zero}}") << true;
    QTest::newRow("false") << QStringLiteral("{{1.data.no}}") << true;
    QTest::newRow("empty list") << QStringLiteral("{{1.data.none}}") << true;
}

void TestFilter::exist()
{
    QFETCH(QString, a);
    QFETCH(bool, exists);
    QCOMPARE(check(a, QStringLiteral("exist")).passed, exists);
    QCOMPARE(check(a, QStringLiteral("notexist")).passed, !exists);
    QVERIFY(check(a, QStringLiteral("exist")).warnings.isEmpty());
}

void TestFilter::notANumberWarns_data()
{
    QTest::addColumn<QString>("o");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("warning");
    const QString tail = QStringLiteral(", so condition 1 (") + q1;
    QTest::newRow("text") << QStringLiteral("number:greater") << QStringLiteral("{{1.data.text}}")
                          << QStringLiteral("1")
                          << q1 + QStringLiteral("abc") + q2 + QStringLiteral(" is not a number")
            + tail + QStringLiteral("{{1.data.text}}") + q2
            + QStringLiteral(" number: greater than) is false");
    // notequal is false too: an unreadable side never makes a condition true.
    QTest::newRow("notequal") << QStringLiteral("number:notequal") << QStringLiteral("5")
                              << QStringLiteral("five")
                              << q1 + QStringLiteral("five") + q2
            + QStringLiteral(" is not a number") + tail + QStringLiteral("5") + q2
            + QStringLiteral(" number: not equal to) is false");
    QTest::newRow("missing") << QStringLiteral("number:less")
                             << QStringLiteral("{{1.data.missing}}") << QStringLiteral("1")
                             << QStringLiteral("an empty value is not a number") + tail
            + QStringLiteral("{{1.data.missing}}") + q2
            + QStringLiteral(" number: less than) is false");
    QTest::newRow("boolean") << QStringLiteral("number:equal") << QStringLiteral("{{1.data.flag}}")
                             << QStringLiteral("1")
                             << q1 + QStringLiteral("true") + q2
            + QStringLiteral(" is not a number") + tail + QStringLiteral("{{1.data.flag}}") + q2
            + QStringLiteral(" number: equal to) is false");
    QTest::newRow("infinity") << QStringLiteral("number:equal") << QStringLiteral("inf")
                              << QStringLiteral("inf")
                              << q1 + QStringLiteral("inf") + q2
            + QStringLiteral(" is not a number") + tail + QStringLiteral("inf") + q2
            + QStringLiteral(" number: equal to) is false");
    QTest::newRow("date") << QStringLiteral("date:notequal") << QStringLiteral("yesterday")
                          << QStringLiteral("2024-01-01")
                          << q1 + QStringLiteral("yesterday") + q2
            + QStringLiteral(" is not a date") + tail + QStringLiteral("yesterday") + q2
            + QStringLiteral(" date: not equal to) is false");
    QTest::newRow("impossible date")
        << QStringLiteral("date:less") << QStringLiteral("2024-02-30")
        << QStringLiteral("2024-03-01")
        << q1 + QStringLiteral("2024-02-30") + q2 + QStringLiteral(" is not a date") + tail
            + QStringLiteral("2024-02-30") + q2 + QStringLiteral(" date: earlier than) is false");
    QTest::newRow("time") << QStringLiteral("time:equal") << QStringLiteral("25:00")
                          << QStringLiteral("01:00")
                          << q1 + QStringLiteral("25:00") + q2
            + QStringLiteral(" is not a time of day") + tail + QStringLiteral("25:00") + q2
            + QStringLiteral(" time: equal to) is false");
    QTest::newRow("boolean yes") << QStringLiteral("boolean:notequal") << QStringLiteral("yes")
                                 << QStringLiteral("true")
                                 << q1 + QStringLiteral("yes") + q2
            + QStringLiteral(" is not true or false") + tail + QStringLiteral("yes") + q2
            + QStringLiteral(" boolean: not equal to) is false");
    QTest::newRow("length") << QStringLiteral("array:equal") << QStringLiteral("{{1.data.items}}")
                            << QStringLiteral("four")
                            << q1 + QStringLiteral("four") + q2 + QStringLiteral(" is not a number")
            + tail + QStringLiteral("{{1.data.items}}") + q2
            + QStringLiteral(" array: length equal to) is false");
}

void TestFilter::notANumberWarns()
{
    QFETCH(QString, o);
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, warning);
    const FilterVerdict verdict = check(a, o, b);
    QVERIFY(!verdict.passed);
    QCOMPARE(verdict.warnings, QStringList {warning});
}

void TestFilter::invalidPattern_data()
{
    QTest::addColumn<QString>("o");
    QTest::newRow("pattern") << QStringLiteral("text:pattern");
    QTest::newRow("notpattern") << QStringLiteral("text:notpattern");
    QTest::newRow("pattern:ci") << QStringLiteral("text:pattern:ci");
}

void TestFilter::invalidPattern()
{
    QFETCH(QString, o);
    const FilterVerdict verdict = check(QStringLiteral("abc"), o, QStringLiteral("(a"));
    QVERIFY(!verdict.passed);
    QCOMPARE(verdict.warnings.size(), 1);
    QVERIFY2(verdict.warnings.constFirst().startsWith(
                 q1 + QStringLiteral("(a") + q2 + QStringLiteral(" is not a valid pattern (")),
        qPrintable(verdict.warnings.constFirst()));
    QVERIFY(verdict.reason.contains(QStringLiteral("is not a valid pattern")));
}

void TestFilter::patternLimits()
{
    const FilterVerdict longPattern = check(
        QStringLiteral("abc"), QStringLiteral("text:pattern"), QString(1001, QLatin1Char('a')));
    QVERIFY(!longPattern.passed);
    QCOMPARE(longPattern.warnings.size(), 1);
    QVERIFY(longPattern.warnings.constFirst().startsWith(
        QStringLiteral("the pattern is longer than 1,000 characters, so condition 1")));
    // 1,000 characters is still read.
    QVERIFY(check(QString(1000, QLatin1Char('a')), QStringLiteral("text:pattern"),
        QString(1000, QLatin1Char('a')))
                .passed);

    const QString big(1024 * 1024 + 1, QLatin1Char('x'));
    const FilterVerdict longSubject
        = check(big, QStringLiteral("text:notpattern"), QStringLiteral("y"));
    QVERIFY(!longSubject.passed);
    QCOMPARE(longSubject.warnings.size(), 1);
    QVERIFY(longSubject.warnings.constFirst().startsWith(
        QStringLiteral("the text to search is longer than 1 MB")));
    // Other text operators read text of any size.
    QVERIFY(check(big, QStringLiteral("text:notcontain"), QStringLiteral("y")).passed);
}

void TestFilter::arraySideNotAList()
{
    for (const QString &o : {QStringLiteral("array:contain"), QStringLiteral("array:notcontain"),
             QStringLiteral("array:equal"), QStringLiteral("array:notequal")}) {
        const FilterVerdict verdict
            = check(QStringLiteral("{{1.data.text}}"), o, QStringLiteral("1"));
        QVERIFY2(!verdict.passed, qPrintable(o));
        QCOMPARE(verdict.warnings.size(), 1);
        QVERIFY2(verdict.warnings.constFirst().startsWith(q1 + QStringLiteral("abc") + q2
                     + QStringLiteral(" is not a list, so condition 1")),
            qPrintable(verdict.warnings.constFirst()));
    }
}

void TestFilter::orOfAndGroups_data()
{
    QTest::addColumn<QList<QList<bool>>>("groups");
    QTest::addColumn<bool>("passed");
    using G = QList<QList<bool>>;
    QTest::newRow("one true") << G {{true}} << true;
    QTest::newRow("one false") << G {{false}} << false;
    QTest::newRow("and: all true") << G {{true, true, true}} << true;
    QTest::newRow("and: one false") << G {{true, false, true}} << false;
    QTest::newRow("or: second group") << G {{false}, {true}} << true;
    QTest::newRow("or: first group") << G {{true, true}, {false}} << true;
    QTest::newRow("or of ands: none") << G {{true, false}, {false, true}} << false;
    QTest::newRow("or of ands: second") << G {{true, false}, {true, true}} << true;
    QTest::newRow("empty group is true") << G {{false}, {}} << true;
}

void TestFilter::orOfAndGroups()
{
    QFETCH(QList<QList<bool>>, groups);
    QFETCH(bool, passed);
    QList<QList<FilterCondition>> conditions;
    for (const QList<bool> &group : groups) {
        QList<FilterCondition> built;
        for (const bool value : group) {
            built.append(condition(QStringLiteral("{{1.data.count}}"),
                QStringLiteral("number:equal"), value ? QStringLiteral("3") : QStringLiteral("4")));
        }
        conditions.append(built);
    }
    const FilterVerdict verdict = evaluate(filterOf(conditions), context(), QTimeZone::utc());
    QCOMPARE(verdict.passed, passed);
    QCOMPARE(verdict.reason.isEmpty(), passed);
}

void TestFilter::reasonInPlainWords()
{
    QCOMPARE(check(QStringLiteral("{{1.data.count}}"), QStringLiteral("number:greater"),
                 QStringLiteral("5"))
                 .reason,
        QStringLiteral("Condition 1 (") + q1 + QStringLiteral("{{1.data.count}}") + q2
            + QStringLiteral(" number: greater than) was false: 3 is not greater than 5"));
    QCOMPARE(check(QStringLiteral("{{1.data.status}}"), QStringLiteral("text:notequal:ci"),
                 QStringLiteral("ACTIVE"))
                 .reason,
        QStringLiteral("Condition 1 (") + q1 + QStringLiteral("{{1.data.status}}") + q2
            + QStringLiteral(" text: not equal to (case insensitive)) was false: ") + q1
            + QStringLiteral("Active") + q2 + QStringLiteral(" is equal to ") + q1
            + QStringLiteral("ACTIVE") + q2 + QStringLiteral(" (ignoring case)"));
    QCOMPARE(check(QStringLiteral("{{1.data.missing}}"), QStringLiteral("exist")).reason,
        QStringLiteral("Condition 1 (") + q1 + QStringLiteral("{{1.data.missing}}") + q2
            + QStringLiteral(" exists) was false: there is no value (it is missing or null)"));
    QCOMPARE(check(QStringLiteral("{{1.data.empty}}"), QStringLiteral("exist")).reason,
        QStringLiteral("Condition 1 (") + q1 + QStringLiteral("{{1.data.empty}}") + q2
            + QStringLiteral(" exists) was false: the value is empty text"));
    QCOMPARE(check(QStringLiteral("{{1.data.items}}"), QStringLiteral("array:greater"),
                 QStringLiteral("5"))
                 .reason,
        QStringLiteral("Condition 1 (") + q1 + QStringLiteral("{{1.data.items}}") + q2
            + QStringLiteral(" array: length greater than) was false: the list ") + q1
            + QStringLiteral("[\"Red\",\"green\",3,{\"id\":1}]") + q2
            + QStringLiteral(" has 4 items, and 4 is not greater than 5"));
    QCOMPARE(check(QStringLiteral("{{1.data.when}}"), QStringLiteral("date:greater"),
                 QStringLiteral("2025-01-01"))
                 .reason,
        QStringLiteral("Condition 1 (") + q1 + QStringLiteral("{{1.data.when}}") + q2
            + QStringLiteral(" date: later than) was false: ") + q1
            + QStringLiteral("2024-03-05T14:07:09Z") + q2 + QStringLiteral(" is not later than ")
            + q1 + QStringLiteral("2025-01-01") + q2);
    QCOMPARE(check(QStringLiteral("{{1.data.count}}"), QStringLiteral("number:greater"),
                 QStringLiteral("oops"))
                 .reason,
        QStringLiteral("Condition 1 (") + q1 + QStringLiteral("{{1.data.count}}") + q2
            + QStringLiteral(" number: greater than) was false: ") + q1 + QStringLiteral("oops")
            + q2 + QStringLiteral(" is not a number"));
}

void TestFilter::reasonForSeveralGroups()
{
    const Filter filter = filterOf({
        {condition(QStringLiteral("{{1.data.count}}"), QStringLiteral("number:greater"),
             QStringLiteral("1")),
            condition(QStringLiteral("{{1.data.status}}"), QStringLiteral("text:equal"),
                QStringLiteral("Closed"))},
        {condition(QStringLiteral("{{1.data.flag}}"), QStringLiteral("boolean:equal"),
            QStringLiteral("false"))},
    });
    const FilterVerdict verdict = evaluate(filter, context(), QTimeZone::utc());
    QVERIFY(!verdict.passed);
    QCOMPARE(verdict.reason,
        QStringLiteral("None of the 2 groups of conditions was true: in group 1, condition 2 (")
            + q1 + QStringLiteral("{{1.data.status}}") + q2
            + QStringLiteral(" text: equal to) was false: ") + q1 + QStringLiteral("Active") + q2
            + QStringLiteral(" is not equal to ") + q1 + QStringLiteral("Closed") + q2
            + QStringLiteral("; in group 2, condition 1 (") + q1 + QStringLiteral("{{1.data.flag}}")
            + q2 + QStringLiteral(" boolean: equal to) was false: true is not equal to false"));
}

void TestFilter::reasonShortensLongValues()
{
    const FilterVerdict verdict = check(
        QStringLiteral("{{1.data.long}}"), QStringLiteral("text:equal"), QStringLiteral("short"));
    QVERIFY(!verdict.passed);
    QVERIFY2(verdict.reason.contains(q1
                 + QStringLiteral("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed")
                 + QStringLiteral("\u2026") + q2 + QStringLiteral(" is not equal to")),
        qPrintable(verdict.reason));
    QVERIFY(!verdict.reason.contains(QStringLiteral("tempor")));
}

void TestFilter::secretsAreNotShown()
{
    const FilterVerdict verdict = check(
        QStringLiteral("{{secrets.token}}"), QStringLiteral("text:equal"), QStringLiteral("other"));
    QVERIFY(!verdict.passed);
    QVERIFY2(!verdict.reason.contains(QStringLiteral("s3cr3t")), qPrintable(verdict.reason));
    QVERIFY(verdict.reason.contains(QStringLiteral("(a secret) is not equal to")));
    const FilterVerdict number = check(
        QStringLiteral("{{secrets.token}}"), QStringLiteral("number:equal"), QStringLiteral("1"));
    QVERIFY(!number.warnings.join(QString()).contains(QStringLiteral("s3cr3t")));
    QVERIFY(check(
        QStringLiteral("{{secrets.token}}"), QStringLiteral("text:equal"), QStringLiteral("s3cr3t"))
                .passed);
}

void TestFilter::datesWithoutZoneUseTheGivenZone()
{
    // 10:00 in Paris (UTC+1 in March) is 09:00 UTC.
    const QTimeZone paris("Europe/Paris");
    QVERIFY(paris.isValid());
    const QString a = QStringLiteral("2024-03-05 10:00");
    const QString b = QStringLiteral("2024-03-05T09:30:00Z");
    QVERIFY(check(a, QStringLiteral("date:less"), b, paris).passed);
    QVERIFY(check(a, QStringLiteral("date:greater"), b, QTimeZone::utc()).passed);
    QVERIFY(check(a, QStringLiteral("date:equal"), QStringLiteral("2024-03-05T09:00:00Z"), paris)
                .passed);
    // A date and time with a zone is its time of day in the given zone.
    QVERIFY(check(QStringLiteral("2024-03-05T09:00:00Z"), QStringLiteral("time:equal"),
        QStringLiteral("10:00"), paris)
                .passed);
}

void TestFilter::timeOfDay_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("seconds") << QStringLiteral("14:30:00") << QStringLiteral("14:30");
    QTest::newRow("pm") << QStringLiteral("2:30 pm") << QStringLiteral("14:30");
    QTest::newRow("p.m.") << QStringLiteral("2:30 P.M.") << QStringLiteral("14:30");
    QTest::newRow("midnight am") << QStringLiteral("12:00 AM") << QStringLiteral("00:00");
    QTest::newRow("noon pm") << QStringLiteral("12:00 PM") << QStringLiteral("12:00");
    QTest::newRow("milliseconds") << QStringLiteral("14:30:00.500") << QStringLiteral("14:30:00,5");
    QTest::newRow("date only is midnight")
        << QStringLiteral("2024-03-05") << QStringLiteral("0:00");
}

void TestFilter::timeOfDay()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    const FilterVerdict verdict = check(a, QStringLiteral("time:equal"), b);
    QVERIFY2(verdict.passed, qPrintable(verdict.reason));
}

void TestFilter::emptyConditionsIsNoFilter()
{
    QString error;
    const std::optional<Filter> filter
        = Filter::fromJson(json(R"({"name": "valid", "conditions": []})"), &error);
    QVERIFY2(filter, qPrintable(error));
    QVERIFY(filter->isEmpty());
    QCOMPARE(filter->name, QStringLiteral("valid"));
    const FilterVerdict verdict = evaluate(*filter, context());
    QVERIFY(verdict.passed);
    QVERIFY(verdict.reason.isEmpty());

    const std::optional<Filter> none = Filter::fromJson(QJsonValue(), &error);
    QVERIFY(none && none->isEmpty());
    const std::optional<Filter> emptyGroup
        = Filter::fromJson(json(R"({"name": "", "conditions": [[]]})"), &error);
    QVERIFY(emptyGroup && emptyGroup->isEmpty());
    QVERIFY(evaluate(*emptyGroup, context()).passed);
}

void TestFilter::readErrorsNameThePlace_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown operator")
        << QByteArray(R"({"name": "Big orders", "conditions": [[{"a": "1", "o": "exist"}],
            [{"a": "1", "o": "exist"}, {"a": "x", "o": "text:eq", "b": "y"}]]})")
        << QStringLiteral("Condition 2 in group 2 of the filter ") + q1
            + QStringLiteral("Big orders") + q2 + QStringLiteral(" has an unknown operator ") + q1
            + QStringLiteral("text:eq") + q2 + QStringLiteral(".");
    QTest::newRow("operator case")
        << QByteArray(R"({"name": "", "conditions": [[{"a": "1", "o": "Exist"}]]})")
        << QStringLiteral("Condition 1 in group 1 of the filter has an unknown operator ") + q1
            + QStringLiteral("Exist") + q2 + QStringLiteral(".");
    QTest::newRow("no operator") << QByteArray(R"({"name": "F", "conditions": [[{"a": "1"}]]})")
                                 << QStringLiteral("Condition 1 in group 1 of the filter ") + q1
            + QStringLiteral("F") + q2 + QStringLiteral(" has no operator (") + q1
            + QStringLiteral("o") + q2 + QStringLiteral(").");
    QTest::newRow("no a") << QByteArray(R"({"name": "F", "conditions": [[{"o": "exist"}]]})")
                          << QStringLiteral("Condition 1 in group 1 of the filter ") + q1
            + QStringLiteral("F") + q2 + QStringLiteral(" has no first value (") + q1
            + QStringLiteral("a") + q2 + QStringLiteral(").");
    QTest::newRow("b is an object")
        << QByteArray(R"({"name": "F", "conditions": [[{"a": "1", "o": "text:equal", "b": {}}]]})")
        << QStringLiteral("second value (") + q1 + QStringLiteral("b") + q2
            + QStringLiteral(") must be text");
    QTest::newRow("conditions not a list")
        << QByteArray(R"({"name": "F", "conditions": {}})")
        << QStringLiteral("conditions") + q2 + QStringLiteral(" of the filter ") + q1
            + QStringLiteral("F") + q2 + QStringLiteral(" must be a list of groups");
    QTest::newRow("group not a list")
        << QByteArray(R"({"name": "F", "conditions": [{"a": "1", "o": "exist"}]})")
        << QStringLiteral("Group 1 of the filter ") + q1 + QStringLiteral("F") + q2
            + QStringLiteral(" must be a list of conditions");
    QTest::newRow("condition not an object")
        << QByteArray(R"({"name": "F", "conditions": [["exist"]]})")
        << QStringLiteral("Condition 1 in group 1 of the filter ") + q1 + QStringLiteral("F") + q2
            + QStringLiteral(" must be an object");
    QTest::newRow("filter not an object")
        << QByteArray(R"("exist")") << QStringLiteral("A filter must be an object");
    QTest::newRow("name not text") << QByteArray(R"({"name": 3, "conditions": []})")
                                   << QStringLiteral("name") + q2 + QStringLiteral(" must be text");
}

void TestFilter::readErrorsNameThePlace()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    const QJsonDocument document = QJsonDocument::fromJson("[" + input + "]");
    QVERIFY(!document.isNull());
    QString message;
    const std::optional<Filter> filter = Filter::fromJson(document.array().at(0), &message);
    QVERIFY(!filter);
    QVERIFY2(message.contains(error), qPrintable(message));
}

void TestFilter::keepsEveryKey()
{
    const QJsonObject input = json(R"({"name": "Keep", "note": {"x": 1}, "conditions": [[
        {"a": "{{1.id}}", "o": "exist"},
        {"a": "{{1.n}}", "o": "number:greater", "b": "0", "label": "extra", "flag": false},
        {"a": 5, "o": "number:equal", "b": true},
        {"a": "{{1.id}}", "o": "notexist", "b": null}]]})")
                                  .toObject();
    QString error;
    const std::optional<Filter> filter = Filter::fromJson(input, &error);
    QVERIFY2(filter, qPrintable(error));
    QCOMPARE(filter->conditions.size(), 1);
    QCOMPARE(filter->conditions.at(0).size(), 4);
    QVERIFY(!filter->conditions.at(0).at(3).b.has_value());
    QVERIFY(!filter->conditions.at(0).at(0).b.has_value());
    QCOMPARE(filter->conditions.at(0).at(2).a, QStringLiteral("5"));
    const QJsonObject written = filter->toJson();
    QCOMPARE(written.value(QLatin1String("note")), input.value(QLatin1String("note")));
    const QJsonArray group = written.value(QLatin1String("conditions")).toArray().at(0).toArray();
    QCOMPARE(group.at(0).toObject(),
        input.value(QLatin1String("conditions")).toArray().at(0).toArray().at(0).toObject());
    QCOMPARE(group.at(1).toObject(),
        input.value(QLatin1String("conditions")).toArray().at(0).toArray().at(1).toObject());
    QCOMPARE(group.at(3).toObject(),
        input.value(QLatin1String("conditions")).toArray().at(0).toArray().at(3).toObject());
    // Written in a stable order: the same filter gives the same bytes.
    QCOMPARE(QJsonDocument(written).toJson(),
        QJsonDocument(Filter::fromJson(written, &error)->toJson()).toJson());
}

void TestFilter::realExportsRoundTrip_data()
{
    QTest::addColumn<QJsonObject>("filter");
    const QDir dir(realFixturesDir());
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(dir.path()));
    int count = 0;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<QPair<QString, QJsonObject>> found;
        collectFilters(QJsonDocument::fromJson(file.readAll()).object(), name, &found);
        for (const auto &entry : found) {
            QTest::newRow(qPrintable(entry.first)) << entry.second;
            ++count;
        }
    }
    // The real exports hold 34 filters (date, number, text and exist operators among them).
    QCOMPARE(count, 34);
}

void TestFilter::realExportsRoundTrip()
{
    QFETCH(QJsonObject, filter);
    QString error;
    const std::optional<Filter> read = Filter::fromJson(filter, &error);
    QVERIFY2(read, qPrintable(error));
    const QJsonObject written = read->toJson();
    QCOMPARE(QJsonDocument(written).toJson(QJsonDocument::Compact),
        QJsonDocument(filter).toJson(QJsonDocument::Compact));
    // Every condition reads and evaluates without a crash against outputs that lack the fields.
    const FilterVerdict verdict = evaluate(*read, context(), QTimeZone::utc());
    QCOMPARE(verdict.reason.isEmpty(), verdict.passed);
}

void TestFilter::operatorWords()
{
    QCOMPARE(Filter::operatorWords(QStringLiteral("number:greaterorequal")),
        QStringLiteral("number: greater than or equal to"));
    QCOMPARE(
        Filter::operatorWords(QStringLiteral("date:less")), QStringLiteral("date: earlier than"));
    QCOMPARE(Filter::operatorWords(QStringLiteral("text:notcontain:ci")),
        QStringLiteral("text: does not contain (case insensitive)"));
    QCOMPARE(Filter::operatorWords(QStringLiteral("array:lessorequal")),
        QStringLiteral("array: length less than or equal to"));
    QCOMPARE(Filter::operatorWords(QStringLiteral("notexist")), QStringLiteral("does not exist"));
    QCOMPARE(Filter::operatorWords(QStringLiteral("bogus")), QStringLiteral("bogus"));
    QVERIFY(!Filter::operatorTakesSecondValue(QStringLiteral("exist")));
    QVERIFY(Filter::operatorTakesSecondValue(QStringLiteral("boolean:equal")));

    // As the filter editor's list offers them, under a heading.
    QCOMPARE(Filter::operatorChoice(QStringLiteral("number:greater")),
        QStringLiteral("Number: greater than"));
    QCOMPARE(Filter::operatorChoice(QStringLiteral("text:contain:ci")),
        QStringLiteral("Text: contains (case insensitive)"));
    QCOMPARE(Filter::operatorChoice(QStringLiteral("exist")), QStringLiteral("Basic: exists"));
    QCOMPARE(Filter::operatorChoice(QStringLiteral("time:greaterorequal")),
        QStringLiteral("Time of day: later than or equal to"));
    QCOMPARE(Filter::operatorChoice(QStringLiteral("boolean:notequal")),
        QStringLiteral("Yes/no: not equal to"));
    QCOMPARE(Filter::operatorGroup(QStringLiteral("array:contain")), QStringLiteral("List"));
    QCOMPARE(Filter::operatorGroup(QStringLiteral("bogus")), QString());

    FilterCondition big;
    big.a = QStringLiteral("{{1.total}}");
    big.o = QStringLiteral("number:greater");
    big.b = QStringLiteral("100");
    FilterCondition vip;
    vip.a = QStringLiteral("{{1.vip}}");
    vip.o = QStringLiteral("exist");
    Filter filter;
    filter.conditions = {{big, big}, {vip}};
    QCOMPARE(filter.conditionsWords(),
        QStringLiteral("\u2018{{1.total}}\u2019 number: greater than \u2018100\u2019\n"
                       "and \u2018{{1.total}}\u2019 number: greater than \u2018100\u2019\n"
                       "or \u2018{{1.vip}}\u2019 exists"));
}

QTEST_GUILESS_MAIN(TestFilter)
#include "tst_filter.moc"
