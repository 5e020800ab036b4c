// The one builder of what mappings are evaluated against: outputs of the latest run, the
// sandbox and the secrets, with a given secret winning over a looked-up one.

#include "core/mapping/FieldTemplate.h"
#include "core/run/MappingContextBuilder.h"
#include "core/run/RunResult.h"

#include <QJsonObject>
#include <QTest>

class TestMappingContextBuilder : public QObject
{
    Q_OBJECT
private slots:
    void everythingAMappingCanName();
    void givenSecretWinsOverLookedUp();
};

void TestMappingContextBuilder::everythingAMappingCanName()
{
    RunResult results;
    results[1].status = ModuleRunStatus::Succeeded;
    results[1].output = QJsonObject {
        {QStringLiteral("data"), QJsonObject {{QStringLiteral("token"), QStringLiteral("t-123")}}}};
    const QHash<QString, QJsonValue> roots {{QStringLiteral("sandbox"),
        QJsonObject {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8765")}}}};
    const MappingContext context = MappingContextBuilder::build(
        &results, roots, {{QStringLiteral("api_key"), QStringLiteral("k-9")}});
    const FieldTemplate::Result result = evaluateField(
        QStringLiteral("{{sandbox.url}}/x?t={{1.data.token}}&k={{secrets.api_key}}"), context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, QStringLiteral("http://127.0.0.1:8765/x?t=t-123&k=k-9"));

    // Without a run, outputs are simply absent; secrets still work.
    const MappingContext noRun = MappingContextBuilder::build(
        nullptr, roots, {{QStringLiteral("api_key"), QStringLiteral("k-9")}});
    QVERIFY(noRun.moduleOutputs.isEmpty());
    QCOMPARE(
        evaluateField(QStringLiteral("{{secrets.api_key}}"), noRun).text, QStringLiteral("k-9"));
}

void TestMappingContextBuilder::givenSecretWinsOverLookedUp()
{
    const QHash<QString, QJsonValue> roots {{QStringLiteral("secrets"),
        QJsonObject {
            {QStringLiteral("a"), QStringLiteral("given")}, {QStringLiteral("b"), QString()}}}};
    const MappingContext context = MappingContextBuilder::build(nullptr, roots,
        {{QStringLiteral("a"), QStringLiteral("keychain")},
            {QStringLiteral("b"), QStringLiteral("keychain b")}});
    QCOMPARE(evaluateField(QStringLiteral("{{secrets.a}} {{secrets.b}}"), context).text,
        QStringLiteral("given keychain b"));
}

QTEST_GUILESS_MAIN(TestMappingContextBuilder)
#include "tst_mappingcontextbuilder.moc"
