// Pagination against a server nobody here wrote: httpbin's /response-headers sends back the
// Link header the test asks for (docs/pagination.md).

#include "TestSupport.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

class TestThirdPartyPagination : public QObject
{
    Q_OBJECT

    QString m_httpbin;

    /// Runs one module that follows the Link header from `url`, asking for `link` on the
    /// first page; returns its operations and sets `error` to the module's.
    QList<OperationRecord> follow(const QString &link, bool expectOk, QString *error)
    {
        const QJsonObject module {{"id", 1}, {"type", "http.request"},
            {"config",
                QJsonObject {{"url", m_httpbin + QStringLiteral("/response-headers")},
                    {"query", QJsonArray {QJsonObject {{"name", "Link"}, {"value", link}}}},
                    {"timeoutSeconds", 10},
                    {"pagination", QJsonObject {{"mode", "nextUrl"}, {"maxPages", 5}}}}}};
        const auto document = ScenarioFile::parse(
            QJsonDocument(QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                              {"modules", QJsonArray {module}}})
                .toJson(),
            error);
        if (!document)
            return {};
        Scenario scenario;
        document->applyTo(scenario);
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        if (!finished.wait(30000) || !runner.flowRecord()) {
            *error = QStringLiteral("the run did not finish within 30 s");
            return {};
        }
        if (finished.first().first().toBool() != expectOk)
            qWarning() << "unexpected outcome:" << runner.results().run(1).error;
        *error = runner.results().run(1).error;
        return runner.flowRecord()->modules.value(1).operations;
    }

private slots:
    void initTestCase()
    {
        m_httpbin = TestSupport::thirdPartyServers().value(QStringLiteral("HTTPBIN_URL"));
        QVERIFY2(!m_httpbin.isEmpty(),
            "The third-party servers are not running: run this test through ctest, whose "
            "fixture thirdparty_servers_start starts them.");
    }

    void followsTheLinkHeader()
    {
        QString error;
        const QList<OperationRecord> pages
            = follow(QStringLiteral("</response-headers?page=2>; rel=\"next\", </>; rel=\"first\""),
                true, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Page 2 has no Link header: the last page.
        QCOMPARE(pages.size(), 2);
        const QString second = pages.at(1).input.toObject().value("url").toString();
        QCOMPARE(second, m_httpbin + QStringLiteral("/response-headers?page=2"));
        QCOMPARE(pages.at(1).outputs.first().toObject().value("data").toObject().value("page"),
            QJsonValue(QStringLiteral("2")));
    }

    void aMalformedLinkHeaderIsAClearMessage()
    {
        QString error;
        const QList<OperationRecord> pages
            = follow(QStringLiteral("</response-headers?page=2; rel=next"), false, &error);
        QCOMPARE(pages.size(), 1);
        QVERIFY(pages.first().failed);
        QVERIFY2(error.contains(QLatin1String("Link header")) && error.contains("never closed"),
            qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestThirdPartyPagination)
#include "tst_thirdparty_pagination.moc"
