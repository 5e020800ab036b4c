// scenarist-run on the paginate-items example (docs/pagination.md): every page request is an
// operation of the JSON report, with what was sent.

#include "HeadlessProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtTest>

class TestPaginationHeadless : public QObject
{
    Q_OBJECT

private slots:
    void everyPageIsAnOperation()
    {
        const HeadlessOutcome outcome = runHeadless(
            {QStringLiteral("--sandbox"), QStringLiteral("--output"), QStringLiteral("json"),
                QStringLiteral(
                    SCENARIST_SOURCE_DIR "/resources/examples/paginate-items.scenario.json")});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(outcome.out).object();
        QCOMPARE(report.value("status").toString(), QStringLiteral("success"));
        // Module -> the page parameters each of its operations sent.
        const QHash<int, QStringList> expected {
            {3, {"offset=0&limit=10", "offset=10&limit=10", "offset=20&limit=10"}},
            {4, {"per_page=10&page=1", "per_page=10&page=2", "per_page=10&page=3"}},
            {5, {"per_page=10", "page=2&per_page=10", "page=3&per_page=10"}},
            {6,
                {"per_page=10&style=link", "page=2&per_page=10&style=link",
                    "page=3&per_page=10&style=link"}},
            {7,
                {"style=cursor&limit=10", "style=cursor&limit=10&cursor=YXQ6MTA",
                    "style=cursor&limit=10&cursor=YXQ6MjA"}},
        };
        int checked = 0;
        for (const QJsonValue &value : report.value("modules").toArray()) {
            const QJsonObject module = value.toObject();
            const int id = module.value("id").toInt();
            if (!expected.contains(id))
                continue;
            QStringList sent;
            for (const QJsonValue &operation : module.value("operations").toArray()) {
                const QJsonObject input = operation.toObject().value("input").toObject();
                QCOMPARE(input.value("method").toString(), QStringLiteral("GET"));
                // What was sent, with the token masked.
                const QJsonArray headers = input.value("headers").toArray();
                QVERIFY(!headers.isEmpty());
                sent.append(QUrl(input.value("url").toString()).query());
                QCOMPARE(
                    operation.toObject().value("status").toString(), QStringLiteral("succeeded"));
            }
            QCOMPARE(sent, expected.value(id));
            ++checked;
        }
        QCOMPARE(checked, 5);
    }
};

QTEST_GUILESS_MAIN(TestPaginationHeadless)
#include "tst_pagination_headless.moc"
