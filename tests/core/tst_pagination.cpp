// Pagination on the HTTP module (docs/pagination.md): each way of asking for the next page,
// each rule that stops, the guards against pages that never end, and each page an operation.

#include "TestHttpServer.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/Paginator.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QUrlQuery>
#include <QtTest>

namespace {

constexpr int itemCount = 25;

QJsonArray itemsFrom(int first, int count)
{
    QJsonArray items;
    for (int i = first; i < qMin(itemCount, first + count); ++i)
        items.append(QJsonObject {{"id", i + 1}});
    return items;
}

QString queryValue(const TestHttpServer::Request &request, const QString &name)
{
    return QUrlQuery(QString::fromLatin1(request.query)).queryItemValue(name);
}

/// Module 1 fetches pages with `pagination` (and `extra` config keys); module 2 runs once
/// per bundle module 1 gives, so its operations count them.
QString applyScenario(Scenario &scenario, const QUrl &url, const QJsonObject &pagination,
    const QJsonObject &extra = {})
{
    QJsonObject config {{"url", url.toString()}, {"timeoutSeconds", 5}, {"pagination", pagination}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        config.insert(it.key(), it.value());
    const QJsonArray modules {
        QJsonObject {{"id", 1}, {"type", "http.request"}, {"config", config}},
        QJsonObject {{"id", 2}, {"type", "flow.setVariables"},
            {"config",
                QJsonObject {
                    {"variables", QJsonArray {QJsonObject {{"name", "seen"}, {"value", "x"}}}}}}},
    };
    const QByteArray file = QJsonDocument(
        QJsonObject {{"format", "scenarist-scenario"}, {"version", 2}, {"modules", modules},
            {"links", QJsonArray {QJsonObject {{"from", 1}, {"to", 2}}}}})
                                .toJson();
    QString error;
    const auto document = ScenarioFile::parse(file, &error);
    if (!document)
        return error;
    document->applyTo(scenario);
    return {};
}

struct Outcome
{
    bool ok = false;
    QList<OperationRecord> pages; ///< module 1's operations
    int bundles = 0; ///< how many bundles reached module 2
    QString error; ///< module 1's
    QStringList warnings; ///< of every page of module 1
};

Outcome run(ScenarioRunner &runner, Scenario &scenario, int timeoutMs = 20000)
{
    QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
    runner.runAll(scenario);
    Outcome outcome;
    if (!finished.wait(timeoutMs))
        return outcome;
    outcome.ok = finished.first().first().toBool();
    const FlowRecord *flow = runner.flowRecord();
    if (!flow)
        return outcome;
    outcome.pages = flow->modules.value(1).operations;
    outcome.bundles = int(flow->modules.value(2).operations.size());
    outcome.error = runner.results().run(1).error;
    for (const OperationRecord &page : std::as_const(outcome.pages))
        outcome.warnings += page.warnings;
    return outcome;
}

QString sentUrl(const OperationRecord &operation)
{
    return operation.input.toObject().value("url").toString();
}

} // namespace

class TestPagination : public QObject
{
    Q_OBJECT

private slots:
    void offsetAndLimitUntilAShortPage()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            const int offset = queryValue(request, "offset").toInt();
            const int limit = queryValue(request, "limit").toInt();
            return TestHttpServer::Response::json(
                QJsonDocument(QJsonObject {{"results", itemsFrom(offset, limit)}}).toJson());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/things"),
                     QJsonObject {{"mode", "offset"}, {"parameter", "offset"},
                         {"limitParameter", "limit"}, {"limit", "10"}, {"itemsField", "results"},
                         {"output", "item"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        // 10 + 10 + 5: the short page is the last; each page is an operation with its address.
        QCOMPARE(outcome.pages.size(), 3);
        QVERIFY2(sentUrl(outcome.pages.at(0)).endsWith("/things?offset=0&limit=10"),
            qPrintable(sentUrl(outcome.pages.at(0))));
        QVERIFY(sentUrl(outcome.pages.at(2)).endsWith("/things?offset=20&limit=10"));
        QCOMPARE(outcome.pages.at(2).outputs.size(), 5);
        QCOMPARE(outcome.pages.at(2).outputs.last().toObject().value("id").toInt(), 25);
        QCOMPARE(outcome.bundles, itemCount);
        QCOMPARE(server.requestCount(), 3);
    }

    void pageNumbersUntilAnEmptyPage()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            const int page = queryValue(request, "page").toInt();
            return TestHttpServer::Response::json(
                QJsonDocument(QJsonObject {{"items", itemsFrom((page - 1) * 10, 10)}}).toJson());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(
            applyScenario(scenario, server.url("/list?page=7"),
                QJsonObject {{"mode", "page"}, {"parameter", "page"}, {"itemsField", "items"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        // Pages 1-3 hold items, page 4 is empty: it ends the pages and gives no bundle. The
        // page typed into the address is replaced, not sent twice.
        QCOMPARE(server.requestCount(), 4);
        QCOMPARE(outcome.pages.size(), 4);
        QVERIFY2(sentUrl(outcome.pages.at(0)).endsWith("/list?page=1"),
            qPrintable(sentUrl(outcome.pages.at(0))));
        QVERIFY(outcome.pages.at(3).outputs.isEmpty());
        QCOMPARE(outcome.bundles, 3);
    }

    void nextAddressInTheBody()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        const QUrl base = server.url("/");
        server.setHandler([base](const TestHttpServer::Request &request) {
            const int at = queryValue(request, "from").toInt();
            QJsonObject page {{"data", QJsonObject {{"rows", itemsFrom(at, 10)}}}};
            if (at + 10 < itemCount)
                page.insert("links",
                    QJsonObject {{"next",
                        base.resolved(QUrl(QStringLiteral("/rows?from=%1").arg(at + 10)))
                            .toString()}});
            return TestHttpServer::Response::json(QJsonDocument(page).toJson());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/rows"),
                     QJsonObject {{"mode", "nextUrl"}, {"nextField", "{{1.data.links.next}}"},
                         {"itemsField", "data.rows"}, {"output", "item"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        QCOMPARE(outcome.pages.size(), 3);
        QVERIFY(sentUrl(outcome.pages.at(2)).endsWith("/rows?from=20"));
        QCOMPARE(outcome.bundles, itemCount);
    }

    void linkHeaderWithARelativeAddress()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            const int page = qMax(1, queryValue(request, "page").toInt());
            auto response = TestHttpServer::Response::json(
                QJsonDocument(itemsFrom((page - 1) * 10, 10)).toJson());
            // Several links, the next one not first, one with a comma in its address.
            if (page * 10 < itemCount)
                response.withHeader("Link",
                    QStringLiteral("</a,b>; rel=\"prev\", <https://elsewhere.example/>; "
                                   "rel=\"help\"; title=\"x;y\", </api/list?page=%1>; "
                                   "rel=\"last next\"")
                        .arg(page + 1)
                        .toLatin1());
            return response;
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(
            applyScenario(scenario, server.url("/api/list"), QJsonObject {{"mode", "nextUrl"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(outcome.pages.size(), 3);
        QVERIFY(sentUrl(outcome.pages.at(1)).endsWith("/api/list?page=2"));
        QCOMPARE(outcome.bundles, 3);
    }

    void aMalformedLinkHeaderFailsInPlainWords()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            auto response = TestHttpServer::Response::json("[1, 2]");
            if (request.query.isEmpty())
                response.withHeader("Link", "</items?page=2>; rel=\"next\"");
            else
                response.withHeader("Link", "</items?page=3; rel=\"next\"");
            return response;
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/items"), QJsonObject {{"mode", "nextUrl"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(!outcome.ok);
        QCOMPARE(server.requestCount(), 2);
        // The first page is kept as its own operation; the second says what was wrong.
        QCOMPARE(outcome.pages.size(), 2);
        QVERIFY(!outcome.pages.first().failed);
        QVERIFY(outcome.pages.last().failed);
        QVERIFY2(outcome.error.contains("Page 2") && outcome.error.contains("Link header")
                && outcome.error.contains("never closed"),
            qPrintable(outcome.error));
    }

    void parseLinkHeader_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("next"); ///< empty: none
        QTest::addColumn<bool>("malformed");
        QTest::newRow("one") << "<https://a.example/p2>; rel=\"next\""
                             << "https://a.example/p2" << false;
        QTest::newRow("token rel, spaces") << " <p2> ;rel=next ,<p1>; rel=prev"
                                           << "p2" << false;
        QTest::newRow("upper case") << "<p2>; REL=\"NEXT\""
                                    << "p2" << false;
        QTest::newRow("escaped quote") << "<p1>; title=\"a \\\"b\\\"\"; rel=prev, <p3>; rel=next"
                                       << "p3" << false;
        QTest::newRow("no next") << "<p1>; rel=prev"
                                 << "" << false;
        QTest::newRow("empty") << ""
                               << "" << false;
        QTest::newRow("no brackets") << "p2; rel=next"
                                     << "" << true;
        QTest::newRow("unclosed bracket") << "<p2; rel=next"
                                          << "" << true;
        QTest::newRow("unclosed quote") << "<p2>; rel=\"next"
                                        << "" << true;
        QTest::newRow("garbage after") << "<p2> rel=next"
                                       << "" << true;
    }

    void parseLinkHeader()
    {
        QFETCH(QString, header);
        QFETCH(QString, next);
        QFETCH(bool, malformed);
        QString error;
        const QList<LinkValue> links = Paginator::parseLinkHeader(header, &error);
        QCOMPARE(!error.isEmpty(), malformed);
        QString found;
        for (const LinkValue &link : links) {
            if (link.hasRelation("next") && found.isEmpty())
                found = link.target;
        }
        QCOMPARE(found, malformed ? QString() : next);
    }

    void cursorSentBack_data()
    {
        QTest::addColumn<QString>("place");
        QTest::newRow("query") << "query";
        QTest::newRow("header") << "header";
        QTest::newRow("JSON body") << "body";
    }

    void cursorSentBack()
    {
        QFETCH(QString, place);
        TestHttpServer server;
        QVERIFY(server.listen());
        QStringList received;
        server.setHandler([&](const TestHttpServer::Request &request) {
            QString cursor;
            if (place == "query")
                cursor = queryValue(request, "after");
            else if (place == "header")
                cursor = QString::fromLatin1(request.header("after"));
            else
                cursor = QJsonDocument::fromJson(request.body).object().value("after").toString();
            received.append(cursor);
            const int at = cursor.isEmpty() ? 0 : cursor.mid(1).toInt();
            QJsonObject page {{"items", itemsFrom(at, 10)}};
            page.insert("meta",
                QJsonObject {{"next",
                    at + 10 < itemCount ? QJsonValue(QStringLiteral("c%1").arg(at + 10))
                                        : QJsonValue()}});
            return TestHttpServer::Response::json(QJsonDocument(page).toJson());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QJsonObject extra;
        if (place == "body") {
            extra.insert("method", "POST");
            extra.insert("body",
                QJsonObject {{"type", "raw"}, {"contentType", "application/json"},
                    {"content", "{\"filter\": \"all\"}"}});
        }
        QCOMPARE(applyScenario(scenario, server.url("/search"),
                     QJsonObject {{"mode", "cursor"}, {"parameter", "after"}, {"sendIn", place},
                         {"nextField", "meta.next"}, {"itemsField", "items"}},
                     extra),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(received, (QStringList {"", "c10", "c20"}));
        QCOMPARE(outcome.pages.size(), 3);
        QCOMPARE(outcome.bundles, 3);
        if (place == "body") {
            // The rest of the body is sent as typed.
            const QString body = outcome.pages.last().input.toObject().value("body").toString();
            QVERIFY2(body.contains("\"filter\":\"all\"") && body.contains("\"after\":\"c20\""),
                qPrintable(body));
        }
    }

    void aCursorThatNeverEndsStopsAtTheMostPages()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        int count = 0;
        server.setHandler([&count](const TestHttpServer::Request &) {
            ++count;
            return TestHttpServer::Response::json(
                QStringLiteral("{\"items\": [%1], \"next\": \"n%1\"}").arg(count).toLatin1());
        });
        ScenarioRunner runner;
        Scenario scenario;
        // No maxPages: the default, 100.
        QCOMPARE(
            applyScenario(scenario, server.url("/forever"),
                QJsonObject {{"mode", "cursor"}, {"parameter", "cursor"}, {"nextField", "next"}}),
            QString());
        const Outcome outcome = run(runner, scenario, 60000);
        QVERIFY(outcome.ok);
        QCOMPARE(server.requestCount(), 100);
        QCOMPARE(outcome.pages.size(), 100);
        QVERIFY2(outcome.warnings.join(' ').contains("Stopped after 100 pages"),
            qPrintable(outcome.warnings.join(' ')));
    }

    void aRepeatedCursorStopsWithAWarning()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            // After the first page, the server hands out the same cursor again and again.
            const QByteArray next = request.query.isEmpty() ? "A" : "B";
            return TestHttpServer::Response::json("{\"items\": [1], \"next\": \"" + next + "\"}");
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/loop"),
                     QJsonObject {{"mode", "cursor"}, {"parameter", "cursor"},
                         {"nextField", "next"}, {"maxPages", 10000}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        // Pages 1 (→A), 2 (→B) and 3 (→B again): stopped there, not after 10,000.
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(outcome.bundles, 3);
        QVERIFY2(outcome.warnings.join(' ').contains("gave the cursor \u201cB\u201d again"),
            qPrintable(outcome.warnings.join(' ')));
    }

    void aNextAddressAlreadyFetchedStopsWithAWarning()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json("[1]").withHeader(
                "Link", "</same?page=2>; rel=next");
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/same"), QJsonObject {{"mode", "nextUrl"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        QCOMPARE(server.requestCount(), 2);
        QVERIFY2(outcome.warnings.join(' ').contains("already fetched"),
            qPrintable(outcome.warnings.join(' ')));
    }

    void aServerIgnoringThePageStopsWithAWarning()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json("{\"items\": [1, 2, 3]}");
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/static"),
                     QJsonObject {{"mode", "page"}, {"parameter", "p"}, {"itemsField", "items"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(outcome.bundles, 1); // the repeat gives nothing
        QVERIFY2(outcome.warnings.join(' ').contains("the same as page 1"),
            qPrintable(outcome.warnings.join(' ')));
    }

    void aConditionStops()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            const int page = queryValue(request, "page").toInt();
            return TestHttpServer::Response::json(QStringLiteral("{\"items\": [%1], \"more\": %2}")
                                                      .arg(page)
                                                      .arg(page < 2 ? "true" : "false")
                                                      .toLatin1());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/cond"),
                     QJsonObject {{"mode", "page"}, {"parameter", "page"}, {"itemsField", "items"},
                         {"stopCondition",
                             QJsonObject {{"conditions",
                                 QJsonArray {QJsonArray {QJsonObject {{"a", "{{1.data.more}}"},
                                     {"o", "boolean:equal"}, {"b", "false"}}}}}}}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(outcome.bundles, 2);
    }

    void aStatusStopsWithoutError()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            const int page = queryValue(request, "page").toInt();
            return page > 2 ? TestHttpServer::Response::json("{\"error\": \"no such page\"}", 404)
                            : TestHttpServer::Response::json(
                                QStringLiteral("{\"items\": [%1]}").arg(page).toLatin1());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/s"),
                     QJsonObject {{"mode", "page"}, {"parameter", "page"}, {"itemsField", "items"},
                         {"stopStatusCodes", QJsonArray {404}}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(outcome.pages.size(), 3);
        QVERIFY(outcome.pages.last().outputs.isEmpty());
        QCOMPARE(outcome.bundles, 2);
    }

    void theMostItems()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            const int offset = queryValue(request, "offset").toInt();
            return TestHttpServer::Response::json(
                QJsonDocument(QJsonObject {{"items", itemsFrom(offset, 10)}}).toJson());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/i"),
                     QJsonObject {{"mode", "offset"}, {"parameter", "offset"}, {"limit", "10"},
                         {"itemsField", "items"}, {"output", "item"}, {"maxItems", 15}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(outcome.ok);
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(outcome.bundles, 15);
    }

    void aPageRequestRetriesWhenTheServerIsBusy()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        int secondPageTries = 0;
        server.setHandler([&](const TestHttpServer::Request &request) {
            const int page = queryValue(request, "page").toInt();
            if (page == 2 && ++secondPageTries == 1)
                return TestHttpServer::Response::json("{}", 503).withHeader("Retry-After", "0");
            return TestHttpServer::Response::json(
                QJsonDocument(QJsonObject {{"items", itemsFrom((page - 1) * 10, 10)}}).toJson());
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(
            applyScenario(scenario, server.url("/busy"),
                QJsonObject {{"mode", "page"}, {"parameter", "page"}, {"itemsField", "items"}},
                QJsonObject {{"retry",
                    QJsonObject {{"whenBusy", true}, {"maxTries", 3}, {"maxWaitSeconds", 1}}}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        // Pages 1, 2 (tried twice), 3 and the empty 4: four operations, the tries in page 2's.
        QCOMPARE(server.requestCount(), 5);
        QCOMPARE(outcome.pages.size(), 4);
        QCOMPARE(outcome.pages.at(0).attempts.size(), 1);
        QCOMPARE(outcome.pages.at(1).attempts.size(), 2);
        QCOMPARE(outcome.pages.at(1).attempts.at(0).statusCode, 503);
        QCOMPARE(outcome.pages.at(1).attempts.at(1).statusCode, 200);
        QCOMPARE(outcome.bundles, 3);
    }

    void stopEndsThePagesAtOnce()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &request) {
            auto response = TestHttpServer::Response::json("{\"items\": [1]}");
            if (queryValue(request, "page") == "2")
                response.delayMs = 10000;
            return response;
        });
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        Scenario scenario;
        QCOMPARE(
            applyScenario(scenario, server.url("/slow"),
                QJsonObject {{"mode", "page"}, {"parameter", "page"}, {"itemsField", "items"}}),
            QString());
        runner.runAll(scenario);
        QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 2, 5000);
        QElapsedTimer clock;
        clock.start();
        runner.cancel();
        QVERIFY(finished.count() == 1 || finished.wait(1000));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(finished.first().first().toBool(), false);
        QTest::qWait(200);
        QCOMPARE(server.requestCount(), 2);
    }

    void aNextAddressOnAnotherSiteIsNotFollowed()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json(
                "{\"items\": [1], \"next\": \"http://127.0.0.2:9/steal\"}");
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(
            applyScenario(scenario, server.url("/a"),
                QJsonObject {{"mode", "nextUrl"}, {"nextField", "next"}},
                QJsonObject {{"headers",
                    QJsonArray {QJsonObject {{"name", "Authorization"}, {"value", "Bearer x"}}}}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(!outcome.ok);
        QCOMPARE(server.requestCount(), 1);
        QVERIFY2(outcome.error.contains("another site"), qPrintable(outcome.error));
    }

    void oneBundlePerItemNeedsAList()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json("{\"total\": 3}");
        });
        ScenarioRunner runner;
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/obj"),
                     QJsonObject {{"mode", "page"}, {"parameter", "page"}, {"output", "item"}}),
            QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.error.contains("Choose the list"), qPrintable(outcome.error));
    }

    void aMissingParameterSaysWhatToFillIn_data()
    {
        QTest::addColumn<QJsonObject>("pagination");
        QTest::addColumn<QString>("message");
        QTest::newRow("offset") << QJsonObject {{"mode", "offset"}}
                                << "the parameter that names the page is empty";
        QTest::newRow("cursor") << QJsonObject {{"mode", "cursor"}, {"parameter", "c"}}
                                << "where the answer gives the next cursor";
        QTest::newRow("a secret") << QJsonObject {{"mode", "page"}, {"parameter", "p"},
            {"limit", "{{secrets.key}}"}, {"start", "{{secrets.key}}"}}
                                  << "uses a secret";
        QTest::newRow("a page in no body") << QJsonObject {{"mode", "page"}, {"parameter", "p"},
            {"sendIn", "body"}} << "Send the page in the query instead";
    }

    void aMissingParameterSaysWhatToFillIn()
    {
        // A blueprint says only the kind of pagination: the file opens, the run says what
        // is missing, and nothing is sent.
        QFETCH(QJsonObject, pagination);
        QFETCH(QString, message);
        TestHttpServer server;
        QVERIFY(server.listen());
        ScenarioRunner runner;
        runner.setNamedRoot("secrets", QJsonObject {{"key", "s3cret-value"}});
        Scenario scenario;
        QCOMPARE(applyScenario(scenario, server.url("/x"), pagination), QString());
        const Outcome outcome = run(runner, scenario);
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.error.contains(message), qPrintable(outcome.error));
        QCOMPARE(server.requestCount(), 0);
        QVERIFY(!outcome.error.contains("s3cret-value"));
    }

    void theSandboxInEachStyle()
    {
        SandboxServer sandbox;
        QString error;
        QVERIFY2(sandbox.start(0, &error), qPrintable(error));
        ScenarioRunner runner;
        runner.setNamedRoot("sandbox", QJsonObject {{"url", sandbox.baseUrl().toString()}});
        QFile file(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/paginate-items.scenario.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto document = ScenarioFile::parse(file.readAll(), &error);
        QVERIFY2(document, qPrintable(error));
        Scenario scenario;
        document->applyTo(scenario);
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        QVERIFY(finished.wait(20000));
        QVERIFY(finished.first().first().toBool());
        const FlowRecord *flow = runner.flowRecord();
        QVERIFY(flow);
        // Offset, page number, next address in the body, in the Link header, cursor: the
        // sandbox's items come in three pages each way.
        for (int id = 3; id <= 7; ++id) {
            const QList<OperationRecord> pages = flow->modules.value(id).operations;
            QCOMPARE(pages.size(), 3);
            int items = 0;
            for (const OperationRecord &page : pages) {
                for (const QJsonValue &output : page.outputs) {
                    const QJsonValue data = output.toObject().value("data");
                    items += data.isUndefined() ? 1
                        : data.isArray()        ? int(data.toArray().size())
                                         : int(data.toObject().value("items").toArray().size());
                }
            }
            QCOMPARE(items, 25);
        }
    }

    void theFileKeepsTheSettings()
    {
        Scenario scenario;
        const QJsonObject pagination {{"mode", "cursor"}, {"parameter", "{{1.name}}"},
            {"sendIn", "header"}, {"nextField", "meta.next"}, {"itemsField", "items"},
            {"output", "item"}, {"stopWhenEmpty", false},
            {"stopStatusCodes", QJsonArray {404, 410}}, {"maxPages", 10000}, {"maxItems", 50},
            {"stopCondition",
                QJsonObject {{"conditions",
                    QJsonArray {QJsonArray {QJsonObject {
                        {"a", "{{1.data.done}}"}, {"o", "boolean:equal"}, {"b", "true"}}}}}}}};
        QCOMPARE(applyScenario(scenario, QUrl("http://127.0.0.1/x"), pagination), QString());
        const Pagination read = scenario.module(1).config.pagination;
        QCOMPARE(read.mode, PaginationMode::Cursor);
        QCOMPARE(read.sendIn, PaginationPlace::Header);
        QCOMPARE(read.output, PaginationOutput::PerItem);
        QCOMPARE(read.stopStatusCodes, (QList<int> {404, 410}));
        QCOMPARE(read.maxPages, 10000);
        QVERIFY(!read.stopWhenEmpty);
        QVERIFY(!read.stopCondition.isEmpty());
        // Written and read again: the same settings.
        const QByteArray saved = ScenarioFile::serialize(ScenarioDocument::fromScenario(scenario));
        QString error;
        const auto again = ScenarioFile::parse(saved, &error);
        QVERIFY2(again, qPrintable(error));
        Scenario reread;
        again->applyTo(reread);
        QCOMPARE(reread.module(1).config.pagination, read);
    }

    void theFileRefusesWhatCannotRun_data()
    {
        QTest::addColumn<QJsonObject>("pagination");
        QTest::addColumn<QString>("message");
        QTest::newRow("too many pages") << QJsonObject {{"mode", "page"}, {"parameter", "p"},
            {"maxPages", 10001}} << "config.pagination.maxPages";
        QTest::newRow("unknown mode")
            << QJsonObject {{"mode", "scroll"}} << "is not a way of paging";
        QTest::newRow("a line break in a header")
            << QJsonObject {{"mode", "page"}, {"parameter", "p\r\nX-Evil: 1"}} << "line break";
    }

    void theFileRefusesWhatCannotRun()
    {
        QFETCH(QJsonObject, pagination);
        QFETCH(QString, message);
        Scenario scenario;
        const QString error = applyScenario(scenario, QUrl("http://127.0.0.1/x"), pagination);
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.startsWith("Module 1"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPagination)
#include "tst_pagination.moc"
