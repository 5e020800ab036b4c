#include "../fuzz/CurlRoundTrip.h"
#include "core/flow/Filter.h"
#include "core/io/CurlCommand.h"
#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"
#include "core/mapping/FieldTemplate.h"
#include "core/mapping/LargeBody.h"
#include "core/mapping/MappingContext.h"
#include "core/mapping/MappingExpression.h"
#include "core/run/FlowRun.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

/// Inputs the fuzzers (tests/fuzz) found to crash, hang or misbehave, one file each under
/// tests/data/fuzz-regressions/<target>/. Each must now give an answer quickly: a value or a
/// plain error, and what the app writes back must read again. A file NAME.expect beside an
/// input holds words the answer (error, report or value) must contain.
class TestFuzzRegressions : public QObject
{
    Q_OBJECT

private slots:
    void blueprint_data();
    void blueprint();
    void curl_data();
    void curl();
    void filter_data();
    void filter();
    void largebody_data();
    void largebody();
    void mapping_data();
    void mapping();
    void scenariofile_data();
    void scenariofile();

private:
    static void addRows(const char *target);
};

namespace {

/// A generous bound: each of these inputs takes milliseconds; a hang takes forever.
constexpr qint64 maxMilliseconds = 2000;

void checkExpectation(const QString &expect, const QString &answer)
{
    if (expect.isEmpty())
        return;
    QVERIFY2(answer.contains(expect),
        qPrintable(QStringLiteral("expected \u201c%1\u201d in: %2").arg(expect, answer)));
}

} // namespace

void TestFuzzRegressions::addRows(const char *target)
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expect");
    const QDir dir(
        QStringLiteral(SCENARIST_TEST_DATA_DIR "/fuzz-regressions/") + QString::fromLatin1(target));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    int rows = 0;
    for (const QString &name : files) {
        if (name.endsWith(QLatin1String(".expect")))
            continue;
        QFile input(dir.filePath(name));
        QVERIFY2(input.open(QIODevice::ReadOnly), qPrintable(input.fileName()));
        QFile expectFile(dir.filePath(name + QLatin1String(".expect")));
        QString expect;
        if (expectFile.open(QIODevice::ReadOnly))
            expect = QString::fromUtf8(expectFile.readAll()).trimmed();
        QTest::newRow(qPrintable(name)) << input.readAll() << expect;
        ++rows;
    }
    // A target listed here has at least one input that once crashed or misbehaved.
    QVERIFY2(rows > 0, target);
}

void TestFuzzRegressions::blueprint_data()
{
    addRows("blueprint");
}

void TestFuzzRegressions::blueprint()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expect);
    const QJsonObject object = QJsonDocument::fromJson(input).object();
    QVERIFY2(!object.isEmpty(), "the regression input is not a JSON object");
    QElapsedTimer timer;
    timer.start();
    // Imported as the editor and scenarist-run import it: any blueprint opens, what cannot be
    // converted staying a placeholder and said in the report.
    QStringList report;
    QString error;
    const std::optional<ScenarioDocument> imported
        = MakeBlueprint::importScenario(object, &report, &error);
    QVERIFY2(imported, qPrintable(error));
    const QJsonObject exported = MakeBlueprint::exportScenario(*imported);
    QVERIFY2(timer.elapsed() < maxMilliseconds, "importing the blueprint took too long");
    QVERIFY(exported.contains(QLatin1String("flow")));
    const std::optional<ScenarioDocument> reimported
        = MakeBlueprint::importScenario(exported, nullptr, &error);
    QVERIFY2(reimported, qPrintable(error));
    QCOMPARE(reimported->modules.size(), imported->modules.size());
    for (qsizetype i = 0; i < imported->modules.size(); ++i)
        QCOMPARE(reimported->modules.at(i).position, imported->modules.at(i).position);
    // What was imported is saved as a scenario file, and must open again.
    const auto reopened = ScenarioFile::parse(ScenarioFile::serialize(*imported), &error);
    QVERIFY2(reopened.has_value(), qPrintable(error));
    // The whole flow tree: converted, exported and converted again, the same scenario.
    QStringList flowReport;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(object, &flowReport);
    const QJsonObject again = MakeBlueprint::toScenarioJson(
        MakeBlueprint::fromScenarioJson(scenario, &flowReport), nullptr);
    QVERIFY2(timer.elapsed() < maxMilliseconds, "converting the flow tree took too long");
    QCOMPARE(again.value(QLatin1String("links")).toArray().size(),
        scenario.value(QLatin1String("links")).toArray().size());
    const QJsonArray modules = scenario.value(QLatin1String("modules")).toArray();
    const QJsonArray modulesAgain = again.value(QLatin1String("modules")).toArray();
    QCOMPARE(modulesAgain.size(), modules.size());
    for (qsizetype i = 0; i < modules.size(); ++i) {
        for (const char *field : {"id", "type", "label", "position", "config"}) {
            QCOMPARE(modulesAgain.at(i).toObject().value(QLatin1String(field)),
                modules.at(i).toObject().value(QLatin1String(field)));
        }
    }
    checkExpectation(expect, report.join(QLatin1Char('\n')));
}

void TestFuzzRegressions::curl_data()
{
    addRows("curl");
}

void TestFuzzRegressions::curl()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expect);
    QElapsedTimer timer;
    timer.start();
    const CurlCommand::ParseResult parsed = CurlCommand::parse(QString::fromUtf8(input));
    QVERIFY2(timer.elapsed() < maxMilliseconds, "reading the command took too long");
    if (!parsed.ok()) {
        checkExpectation(expect, parsed.error);
        return;
    }
    // Paste cURL makes a module of the request; the scenario must save and open again.
    ScenarioDocument document;
    Module module;
    module.id = 1;
    module.config = parsed.spec;
    document.modules.append(module);
    document.nextId = 2;
    QString fileError;
    QVERIFY2(
        ScenarioFile::parse(ScenarioFile::serialize(document), &fileError), qPrintable(fileError));

    const QString written = CurlCommand::fromSpec(parsed.spec);
    const CurlCommand::ParseResult again = CurlCommand::parse(written);
    QVERIFY2(again.ok(), qPrintable(again.error + QLatin1Char('\n') + written));
    QCOMPARE(again.spec.method, parsed.spec.method);
    QCOMPARE(CurlRoundTrip::sentUrl(again.spec.url), CurlRoundTrip::sentUrl(parsed.spec.url));
    QVERIFY(CurlRoundTrip::sentHeaders(again.spec) == CurlRoundTrip::sentHeaders(parsed.spec));
    checkExpectation(expect, parsed.warnings.join(QLatin1Char('\n')));
}

void TestFuzzRegressions::filter_data()
{
    addRows("filter");
}

// fuzz_filter reads a filter object (starting with "{") or one condition written as
// "operator NL a NL b", and evaluates it against a few values; the expectation is in the
// reason or a warning.
void TestFuzzRegressions::filter()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expect);
    MappingContext context;
    context.moduleOutputs.insert(1,
        QJsonObject {{QStringLiteral("data"),
            QJsonObject {{QStringLiteral("text"), QStringLiteral("abc")},
                {QStringLiteral("items"), QJsonArray {1, 2}}}}});
    QElapsedTimer clock;
    clock.start();
    Filter filter;
    if (input.startsWith('{')) {
        QString error;
        const std::optional<Filter> read
            = Filter::fromJson(QJsonDocument::fromJson(input).object(), &error);
        if (!read) {
            checkExpectation(expect, error);
            return;
        }
        QCOMPARE(Filter::fromJson(read->toJson(), &error), read);
        filter = *read;
    } else {
        const QStringList parts = QString::fromUtf8(input).split(QLatin1Char('\n'));
        FilterCondition condition;
        condition.o = parts.value(0);
        condition.a = parts.value(1);
        condition.b = parts.mid(2).join(QLatin1Char('\n'));
        QVERIFY2(Filter::isKnownOperator(condition.o), qPrintable(condition.o));
        filter.conditions = {{condition}};
    }
    const FilterVerdict verdict = evaluate(filter, context, QTimeZone::utc());
    QVERIFY(clock.elapsed() < maxMilliseconds);
    QCOMPARE(verdict.reason.isEmpty(), verdict.passed);
    checkExpectation(
        expect, verdict.reason + QLatin1Char('\n') + verdict.warnings.join(QLatin1Char('\n')));
}

void TestFuzzRegressions::largebody_data()
{
    addRows("largebody");
}

// fuzz_largebody is differential: LargeBody must refuse what QJsonDocument refuses, in its
// words (these once slipped through: a NUL byte ended nlohmann's input early; 5e-844 read as
// 0), and read what it accepts the same way.
void TestFuzzRegressions::largebody()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expect);
    QElapsedTimer clock;
    clock.start();
    QString error;
    qsizetype at = -1;
    const LargeBodyPtr body = LargeBody::fromJson(input, &error, &at, 0);
    QVERIFY(clock.elapsed() < maxMilliseconds);
    const QByteArray trimmed = input.trimmed();
    const QJsonDocument qt = QJsonDocument::fromJson('[' + trimmed + ']');
    if (body) {
        QVERIFY(!qt.isNull());
        QCOMPARE(body->value(), qt.array().at(0));
    } else {
        QVERIFY(!error.isEmpty());
        QVERIFY(at >= 0 && at <= input.size());
    }
    checkExpectation(expect, body ? body->preview(body->root(), 200) : error);
}

void TestFuzzRegressions::mapping_data()
{
    addRows("mapping");
}

// fuzz_mapping parses and evaluates a field as the runner does. A chain such as 1+1+…+1 once
// overflowed the stack (20,000 terms when evaluated, 1,000,000 when the parsed tree was
// freed); every field deeper than maxMappingDepth is now refused when parsed.
void TestFuzzRegressions::mapping()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expect);
    MappingContext context;
    context.moduleOutputs.insert(1,
        QJsonObject {{QStringLiteral("statusCode"), 200},
            {QStringLiteral("data"),
                QJsonObject {{QStringLiteral("access_token"), QStringLiteral("abc")},
                    {QStringLiteral("a"), QJsonArray {1, 2}}}}});
    context.namedRoots.insert(
        QStringLiteral("secrets"), QJsonObject {{QStringLiteral("client_secret"), "s3cr3t"}});
    QElapsedTimer clock;
    clock.start();
    resetDeepestMappingEvaluation();
    const QString text = QString::fromUtf8(input);
    const FieldTemplate field = FieldTemplate::parse(text);
    const FieldTemplate::Result result = field.evaluate(context);
    QVERIFY(clock.elapsed() < maxMilliseconds);
    QVERIFY(deepestMappingEvaluation() <= maxMappingDepth);
    for (const MappingIssue &issue : field.errors())
        QVERIFY(issue.start >= 0 && issue.length > 0 && issue.start + issue.length <= text.size());
    if (!field.errors().isEmpty())
        QVERIFY(!result.ok());
    checkExpectation(expect, result.ok() ? result.text : result.error);
}

void TestFuzzRegressions::scenariofile_data()
{
    addRows("scenariofile");
}

// fuzz_scenariofile reads any bytes as a scenario file: refused with the words of the
// expectation, or read, saved and read back the same; what was read also runs to its end
// (without requests) in bounded time.
void TestFuzzRegressions::scenariofile()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expect);
    QElapsedTimer clock;
    clock.start();
    QString error;
    const std::optional<ScenarioDocument> document = ScenarioFile::parse(input, &error);
    if (!document) {
        QVERIFY(!error.isEmpty());
        checkExpectation(expect, error);
        return;
    }
    const QByteArray saved = ScenarioFile::serialize(*document);
    const std::optional<ScenarioDocument> again = ScenarioFile::parse(saved, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(ScenarioFile::serialize(*again), saved);
    FlowRun run(document->modules, document->links);
    QSignalSpy finished(&run, &FlowRun::finished);
    run.start(MappingContext());
    QVERIFY(!finished.isEmpty() || finished.wait(int(maxMilliseconds)));
    QVERIFY(clock.elapsed() < maxMilliseconds);
    QString said = run.record().stopReason;
    for (const ModuleFlowRecord &module : run.record().modules) {
        for (const DroppedRecord &dropped : module.dropped)
            said += QLatin1Char('\n') + dropped.reason;
        for (const OperationRecord &operation : module.operations)
            if (operation.error)
                said += QLatin1Char('\n') + operation.error->message;
    }
    checkExpectation(expect, said);
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
