// Scenario inputs (docs/scenario-inputs.md): what each type accepts and says when it does
// not, the file format and its refusals, Make blueprints' `interface`, and {{var.input.NAME}}.

#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"
#include "core/mapping/FieldTemplate.h"
#include "core/mapping/ModuleReferenceCheck.h"
#include "core/model/ScenarioInputs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

ScenarioInput input(const QString &name, ScenarioInput::Type type, bool required = false,
    const QJsonValue &defaultValue = QJsonValue(QJsonValue::Undefined),
    const QStringList &options = {})
{
    ScenarioInput i;
    i.name = name;
    i.type = type;
    i.required = required;
    i.defaultValue = defaultValue;
    i.options = options;
    return i;
}

QList<ScenarioInput> everyType()
{
    using T = ScenarioInput::Type;
    QList<ScenarioInput> inputs {
        input(QStringLiteral("word"), T::Text, true, QStringLiteral("apple")),
        input(QStringLiteral("pageSize"), T::Number, true, 10),
        input(QStringLiteral("loud"), T::Boolean, false, true),
        input(QStringLiteral("since"), T::Date, false, QStringLiteral("2026-12-01")),
        input(QStringLiteral("colour"), T::Select, false, QStringLiteral("red"),
            {QStringLiteral("red"), QStringLiteral("green")}),
        input(QStringLiteral("tags"), T::Array, false, QJsonArray {QStringLiteral("a"), 2}),
        input(QStringLiteral("extra"), T::Collection, false, QJsonObject {{"k", "v"}}),
    };
    inputs[0].description = QStringLiteral("The word to look for");
    return inputs;
}

QByteArray scenarioWithInputs(const QJsonValue &inputs)
{
    return QJsonDocument(QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                             {"name", "Inputs"}, {"modules", QJsonArray()}, {"inputs", inputs}})
        .toJson();
}

} // namespace

class TestScenarioInputs : public QObject
{
    Q_OBJECT
private slots:
    void valuesAreReadByType_data()
    {
        using T = ScenarioInput::Type;
        QTest::addColumn<int>("type");
        QTest::addColumn<QJsonValue>("given");
        QTest::addColumn<QJsonValue>("expected");
        QTest::addColumn<QString>("problem");
        QTest::newRow("text") << int(T::Text) << QJsonValue("hello") << QJsonValue("hello")
                              << QString();
        QTest::newRow("number typed")
            << int(T::Number) << QJsonValue(2.5) << QJsonValue(2.5) << QString();
        QTest::newRow("number as text")
            << int(T::Number) << QJsonValue("42") << QJsonValue(42) << QString();
        QTest::newRow("not a number") << int(T::Number) << QJsonValue("abc") << QJsonValue()
                                      << QStringLiteral("input x: expected a number, got 'abc'");
        QTest::newRow("number given true")
            << int(T::Number) << QJsonValue(true) << QJsonValue()
            << QStringLiteral("input x: expected a number, got true");
        QTest::newRow("yes") << int(T::Boolean) << QJsonValue("yes") << QJsonValue(true)
                             << QString();
        QTest::newRow("false") << int(T::Boolean) << QJsonValue("false") << QJsonValue(false)
                               << QString();
        QTest::newRow("maybe") << int(T::Boolean) << QJsonValue("maybe") << QJsonValue()
                               << QStringLiteral("input x: expected true or false (or yes or "
                                                 "no), got 'maybe'");
        QTest::newRow("date") << int(T::Date) << QJsonValue("2026-12-31")
                              << QJsonValue("2026-12-31") << QString();
        QTest::newRow("date and time") << int(T::Date) << QJsonValue("2026-12-31T09:30:00Z")
                                       << QJsonValue("2026-12-31T09:30:00Z") << QString();
        QTest::newRow("not a date")
            << int(T::Date) << QJsonValue("31/12/2026") << QJsonValue()
            << QStringLiteral("input x: expected a date such as 2026-12-31 or "
                              "2026-12-31T09:30:00Z, got '31/12/2026'");
        QTest::newRow("option") << int(T::Select) << QJsonValue("green") << QJsonValue("green")
                                << QString();
        QTest::newRow("not an option")
            << int(T::Select) << QJsonValue("blue") << QJsonValue()
            << QStringLiteral("input x: expected one of red, green, got 'blue'");
        QTest::newRow("comma list") << int(T::Array) << QJsonValue("a, b,c")
                                    << QJsonValue(QJsonArray {QStringLiteral("a"),
                                           QStringLiteral("b"), QStringLiteral("c")})
                                    << QString();
        QTest::newRow("JSON list")
            << int(T::Array) << QJsonValue("[1, \"two\"]")
            << QJsonValue(QJsonArray {1, QStringLiteral("two")}) << QString();
        QTest::newRow("typed list") << int(T::Array) << QJsonValue(QJsonArray {1, 2})
                                    << QJsonValue(QJsonArray {1, 2}) << QString();
        QTest::newRow("collection") << int(T::Collection) << QJsonValue("{\"a\": 1}")
                                    << QJsonValue(QJsonObject {{"a", 1}}) << QString();
        QTest::newRow("not a collection")
            << int(T::Collection) << QJsonValue("[1]") << QJsonValue()
            << QStringLiteral("input x: expected a collection (a JSON object such as "
                              "{\"key\": \"value\"}), got '[1]'");
        QTest::newRow("text given a number")
            << int(T::Text) << QJsonValue(3) << QJsonValue()
            << QStringLiteral("input x: expected text, got a number");
    }
    void valuesAreReadByType()
    {
        QFETCH(int, type);
        QFETCH(QJsonValue, given);
        QFETCH(QJsonValue, expected);
        QFETCH(QString, problem);
        const ScenarioInput x = input(QStringLiteral("x"), ScenarioInput::Type(type), false,
            QJsonValue(QJsonValue::Undefined), {QStringLiteral("red"), QStringLiteral("green")});
        const ScenarioInputs::Checked checked
            = ScenarioInputs::validate({x}, QJsonObject {{QStringLiteral("x"), given}});
        if (problem.isEmpty()) {
            QVERIFY2(checked.ok(), qPrintable(checked.problems.join(QLatin1Char('\n'))));
            QCOMPARE(checked.values.value(QStringLiteral("x")), expected);
        } else {
            QCOMPARE(checked.problems, QStringList {problem});
            QVERIFY(!checked.values.contains(QStringLiteral("x")));
        }
    }

    void requiredDefaultsAndUnknownNames()
    {
        using T = ScenarioInput::Type;
        const QList<ScenarioInput> declared {
            input(QStringLiteral("word"), T::Text, true),
            input(QStringLiteral("size"), T::Number, true, 5),
            input(QStringLiteral("note"), T::Text, false),
        };
        // Nothing given: the required one without a default is missing, the default fills in.
        ScenarioInputs::Checked checked = ScenarioInputs::validate(declared, {});
        QCOMPARE(checked.problems,
            QStringList {QStringLiteral("input word: a value is required (text).")});
        checked = ScenarioInputs::validate(declared, {{"word", ""}});
        QCOMPARE(checked.problems.size(), 1);
        checked = ScenarioInputs::validate(declared, {{"word", "pear"}});
        QVERIFY(checked.ok());
        QCOMPARE(checked.values,
            (QJsonObject {{QStringLiteral("word"), "pear"}, {QStringLiteral("size"), 5}}));
        checked = ScenarioInputs::validate(declared, {{"word", "pear"}, {"wrod", "x"}});
        QCOMPARE(checked.problems,
            QStringList {QStringLiteral("input wrod: this scenario has no input called that; "
                                        "its inputs are word, size, note.")});
    }

    void fileRoundTrip()
    {
        ScenarioDocument document;
        document.name = QStringLiteral("Inputs");
        document.inputs = everyType();
        QString error;
        const std::optional<ScenarioDocument> read
            = ScenarioFile::parse(ScenarioFile::serialize(document), &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->inputs.size(), document.inputs.size());
        for (qsizetype i = 0; i < document.inputs.size(); ++i)
            QVERIFY2(read->inputs.at(i) == document.inputs.at(i),
                qPrintable(document.inputs.at(i).name));
        QVERIFY(read->warnings.isEmpty());
        // Written right after the name, in the documented key order.
        const QByteArray bytes = ScenarioFile::serialize(document);
        QVERIFY(bytes.indexOf("\"inputs\"") > bytes.indexOf("\"name\""));
        QVERIFY(bytes.indexOf("\"inputs\"") < bytes.indexOf("\"modules\""));
    }

    void hostileFilesAreRefusedInPlainWords_data()
    {
        QTest::addColumn<QJsonValue>("inputs");
        QTest::addColumn<QString>("words");
        QJsonArray many;
        for (int i = 0; i < 101; ++i)
            many.append(QJsonObject {{"name", QStringLiteral("i%1").arg(i)}, {"type", "text"}});
        QJsonArray options;
        for (int i = 0; i < 1001; ++i)
            options.append(QStringLiteral("o%1").arg(i));
        QTest::newRow("not a list")
            << QJsonValue("word") << QStringLiteral("key \u201cinputs\u201d: must be a list");
        QTest::newRow("unknown type")
            << QJsonValue(QJsonArray {QJsonObject {{"name", "a"}, {"type", "colour"}}})
            << QStringLiteral("inputs[1].type\u201d: \u201ccolour\u201d is not a type of input");
        QTest::newRow("duplicate")
            << QJsonValue(QJsonArray {QJsonObject {{"name", "a"}, {"type", "text"}},
                   QJsonObject {{"name", "a"}, {"type", "number"}}})
            << QStringLiteral("inputs[2].name\u201d: \u201ca\u201d is declared twice");
        QTest::newRow("invalid name")
            << QJsonValue(QJsonArray {QJsonObject {{"name", "page size"}, {"type", "text"}}})
            << QStringLiteral("\u201cpage size\u201d cannot name an input");
        QTest::newRow("starts with a digit")
            << QJsonValue(QJsonArray {QJsonObject {{"name", "1st"}, {"type", "text"}}})
            << QStringLiteral("cannot name an input");
        QTest::newRow("wrong default")
            << QJsonValue(
                   QJsonArray {QJsonObject {{"name", "n"}, {"type", "number"}, {"default", "ten"}}})
            << QStringLiteral("inputs[1].default\u201d: the default of \u201cn\u201d: expected "
                              "a number, got 'ten'.");
        QTest::newRow("select without options")
            << QJsonValue(QJsonArray {QJsonObject {{"name", "s"}, {"type", "select"}}})
            << QStringLiteral("has no options");
        QTest::newRow("huge list") << QJsonValue(many)
                                   << QStringLiteral("holds 101 inputs; a scenario may have at "
                                                     "most 100.");
        QTest::newRow("huge options")
            << QJsonValue(QJsonArray {
                   QJsonObject {{"name", "s"}, {"type", "select"}, {"options", options}}})
            << QStringLiteral("holds 1,001 options; an input may have at most 1,000.");
        QTest::newRow("required not a boolean")
            << QJsonValue(
                   QJsonArray {QJsonObject {{"name", "a"}, {"type", "text"}, {"required", "yes"}}})
            << QStringLiteral("inputs[1].required\u201d: must be true or false");
        QTest::newRow("input not an object") << QJsonValue(QJsonArray {42})
                                             << QStringLiteral("must be an object describing "
                                                               "an input");
    }
    void hostileFilesAreRefusedInPlainWords()
    {
        QFETCH(QJsonValue, inputs);
        QFETCH(QString, words);
        QString error;
        QVERIFY(!ScenarioFile::parse(scenarioWithInputs(inputs), &error));
        QVERIFY2(error.contains(words), qPrintable(error));
    }

    void unknownKeysOfAnInputAreWarnings()
    {
        QString error;
        const auto document = ScenarioFile::parse(
            scenarioWithInputs(
                QJsonArray {QJsonObject {{"name", "a"}, {"type", "text"}, {"multiline", true}}}),
            &error);
        QVERIFY2(document, qPrintable(error));
        QCOMPARE(document->inputs.size(), 1);
        QVERIFY2(document->warnings.join(QLatin1Char('\n')).contains("inputs[1].multiline"),
            qPrintable(document->warnings.join(QLatin1Char('\n'))));
    }

    void blueprintRoundTrip()
    {
        ScenarioDocument document;
        document.name = QStringLiteral("Inputs");
        document.inputs = everyType();
        QStringList report;
        const QJsonObject blueprint = MakeBlueprint::exportScenario(document, &report);
        // Make's API shape: interface.input at the blueprint's top level.
        const QJsonArray made = blueprint.value("interface").toObject().value("input").toArray();
        QCOMPARE(made.size(), document.inputs.size());
        QCOMPARE(made.at(0).toObject().value("name").toString(), QStringLiteral("word"));
        QCOMPARE(made.at(0).toObject().value("required").toBool(), true);
        QCOMPARE(made.at(4).toObject().value("options").toArray().at(0),
            QJsonValue(QJsonObject {{"label", "red"}, {"value", "red"}}));
        QString error;
        QStringList importReport;
        const auto back = MakeBlueprint::importScenario(blueprint, &importReport, &error);
        QVERIFY2(back, qPrintable(error));
        importReport.removeAll(QStringLiteral("The blueprint has no modules."));
        QVERIFY2(importReport.isEmpty(), qPrintable(importReport.join(QLatin1Char('\n'))));
        QCOMPARE(back->inputs.size(), document.inputs.size());
        for (qsizetype i = 0; i < document.inputs.size(); ++i)
            QVERIFY2(back->inputs.at(i) == document.inputs.at(i),
                qPrintable(document.inputs.at(i).name));
    }

    void blueprintInputsUnderMetadataAndMakeTypes()
    {
        const QJsonObject blueprint {{"name", "From Make"}, {"flow", QJsonArray()},
            {"metadata",
                QJsonObject {{"interface",
                    QJsonObject {{"input",
                        QJsonArray {
                            QJsonObject {{"name", "count"}, {"type", "uinteger"},
                                {"required", true}, {"default", "3"}},
                            QJsonObject {{"name", "mail"}, {"type", "email"}},
                            QJsonObject {{"name", "list"}, {"type", "array"},
                                {"spec", QJsonObject {{"type", "text"}}}},
                            QJsonObject {{"name", "bad name"}, {"type", "text"}},
                            QJsonObject {{"name", "size"}, {"type", "select"},
                                {"options",
                                    QJsonArray {QJsonObject {{"label", "Small"}, {"value", "s"}},
                                        QJsonObject {{"label", "Large"}, {"value", "l"}}}}},
                        }}}}}}};
        QString error;
        QStringList report;
        const auto document = MakeBlueprint::importScenario(blueprint, &report, &error);
        QVERIFY2(document, qPrintable(error));
        const QString said = report.join(QLatin1Char('\n'));
        QCOMPARE(document->inputs.size(), 4);
        QCOMPARE(document->inputs.at(0).type, ScenarioInput::Type::Number);
        QCOMPARE(document->inputs.at(0).defaultValue, QJsonValue(3));
        QCOMPARE(document->inputs.at(1).type, ScenarioInput::Type::Text);
        QCOMPARE(document->inputs.at(3).options, (QStringList {"s", "l"}));
        QVERIFY2(said.contains("Make's type \u201cuinteger\u201d became number"), qPrintable(said));
        QVERIFY2(said.contains("Make's type \u201cemail\u201d became text"), qPrintable(said));
        QVERIFY2(
            said.contains("\u201clist\u201d: \u201cspec\u201d was not kept"), qPrintable(said));
        QVERIFY2(said.contains("Scenario input 4 was left out"), qPrintable(said));
        QVERIFY2(said.contains("labels were not kept"), qPrintable(said));
    }

    void mappingKeepsTheValuesTypes_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("number") << "{{var.input.size}}" << QJsonValue(5);
        QTest::newRow("boolean") << "{{var.input.loud}}" << QJsonValue(true);
        QTest::newRow("array") << "{{var.input.tags}}"
                               << QJsonValue(QJsonArray {QStringLiteral("a"), QStringLiteral("b")});
        QTest::newRow("collection")
            << "{{var.input.extra}}" << QJsonValue(QJsonObject {{"k", "v"}});
        QTest::newRow("text in text")
            << "q={{var.input.word}}&n={{var.input.size}}" << QJsonValue("q=pear&n=5");
        QTest::newRow("inside a function") << "{{upper(var.input.word)}}" << QJsonValue("PEAR");
    }
    void mappingKeepsTheValuesTypes()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, expected);
        MappingContext context;
        context.namedRoots.insert(QStringLiteral("var"),
            QJsonObject {{"input",
                QJsonObject {{"size", 5}, {"loud", true}, {"word", "pear"},
                    {"tags", QJsonArray {QStringLiteral("a"), QStringLiteral("b")}},
                    {"extra", QJsonObject {{"k", "v"}}}}}});
        const FieldTemplate::Result result = evaluateField(field, context);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.value, expected);
    }

    void undeclaredInputIsABrokenReference()
    {
        const FieldTemplate field = FieldTemplate::parse(
            QStringLiteral("{{var.input.word}} and {{lower(var.input.sise)}}"));
        QCOMPARE(field.namedRootReferences(QStringLiteral("var.input")),
            (QStringList {QStringLiteral("word"), QStringLiteral("sise")}));
        const QStringList declared {QStringLiteral("word"), QStringLiteral("size")};
        QVERIFY(ModuleReferenceCheck::inputProblem(QStringLiteral("word"), declared).isEmpty());
        const QString problem
            = ModuleReferenceCheck::inputProblem(QStringLiteral("sise"), declared);
        QVERIFY2(problem.contains(QStringLiteral("no input called \u201csise\u201d")),
            qPrintable(problem));
        QVERIFY(problem.contains(QStringLiteral("Scenario inputs")));
    }
};

QTEST_GUILESS_MAIN(TestScenarioInputs)
#include "tst_scenarioinputs.moc"
