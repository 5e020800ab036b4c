// scenarist-run --input NAME=VALUE and --inputs FILE.json (docs/scenario-inputs.md): the values
// reach the server typed by the scenario's inputs; a missing, unknown or wrong one stops the
// run with exit status 2, naming the input, before any request is sent.

#include "HeadlessProcess.h"
#include "TestHttpServer.h"
#include "core/history/RunHistory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

class TestInputsHeadless : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestHttpServer m_server;
    QString m_scenario;

    QString writeFile(const QString &name, const QJsonObject &json)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QJsonDocument(json).toJson());
        return path;
    }

    /// The query of the one request the server received, as NAME → value.
    QUrlQuery receivedQuery() const
    {
        return QUrlQuery(QString::fromUtf8(m_server.lastRequest().query));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.listen());
        m_server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json("{\"ok\": true}");
        });
        const QJsonObject module {{"id", 1}, {"type", "http.request"}, {"label", "Search"},
            {"position", QJsonArray {0, 0}},
            {"config",
                QJsonObject {{"method", "POST"},
                    {"url", m_server.url(QStringLiteral("/search")).toString()},
                    {"query",
                        QJsonArray {QJsonObject {{"name", "q"}, {"value", "{{var.input.word}}"}},
                            QJsonObject {{"name", "n"}, {"value", "{{var.input.size}}"}},
                            QJsonObject {{"name", "loud"}, {"value", "{{var.input.loud}}"}}}},
                    {"body",
                        QJsonObject {{"type", "raw"}, {"contentType", "application/json"},
                            {"content", "{\"tags\": {{var.input.tags}}}"}}}}}};
        m_scenario = writeFile(QStringLiteral("search.scenario.json"),
            QJsonObject {{"format", "scenarist-scenario"}, {"version", 2}, {"name", "Search"},
                {"inputs",
                    QJsonArray {
                        QJsonObject {{"name", "word"}, {"type", "text"}, {"required", true}},
                        QJsonObject {{"name", "size"}, {"type", "number"}, {"required", true},
                            {"default", 10}},
                        QJsonObject {{"name", "loud"}, {"type", "boolean"}},
                        QJsonObject {{"name", "tags"}, {"type", "array"}}}},
                {"modules", QJsonArray {module}}, {"links", QJsonArray()}});
        QVERIFY(!m_scenario.isEmpty());
    }

    void valuesReachTheServer()
    {
        const int before = m_server.requestCount();
        const HeadlessOutcome o = runHeadless({QStringLiteral("--no-history"),
            QStringLiteral("--output"), QStringLiteral("json"), m_scenario,
            QStringLiteral("--input"), QStringLiteral("word=pear tart"), QStringLiteral("--input"),
            QStringLiteral("loud=yes"), QStringLiteral("--input"), QStringLiteral("tags=a,b")});
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QCOMPARE(m_server.requestCount(), before + 1);
        const QUrlQuery query = receivedQuery();
        QCOMPARE(query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded),
            QStringLiteral("pear tart"));
        QCOMPARE(query.queryItemValue(QStringLiteral("n")), QStringLiteral("10")); // default
        QCOMPARE(query.queryItemValue(QStringLiteral("loud")), QStringLiteral("true"));
        // An array stays a list inside the JSON body.
        QCOMPARE(QJsonDocument::fromJson(m_server.lastRequest().body).object().value("tags"),
            QJsonValue(QJsonArray {QStringLiteral("a"), QStringLiteral("b")}));
        // The JSON report says which inputs the run had.
        const QJsonObject report = QJsonDocument::fromJson(o.out).object();
        QCOMPARE(report.value("inputs").toObject(),
            (QJsonObject {{"word", "pear tart"}, {"size", 10}, {"loud", true},
                {"tags", QJsonArray {QStringLiteral("a"), QStringLiteral("b")}}}));
    }

    void theHistoryKeepsTheInputs()
    {
        const QString database = m_dir.filePath(QStringLiteral("history.sqlite"));
        const HeadlessOutcome o = runHeadless({QStringLiteral("--history-db"), database, m_scenario,
            QStringLiteral("--input"), QStringLiteral("word=kept")});
        QVERIFY2(o.exitCode == 0, o.err.constData());
        RunHistory history(database);
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        const QList<HistoryRun> runs
            = history.runs(QFileInfo(m_scenario).canonicalFilePath(), &error);
        QVERIFY2(runs.size() == 1, qPrintable(error));
        QCOMPARE(runs.first().inputs, (QJsonObject {{"word", "kept"}, {"size", 10}}));
    }

    void inputsFileAndInputOverIt()
    {
        const QString file = writeFile(QStringLiteral("inputs.json"),
            QJsonObject {{"word", "from the file"}, {"size", 3},
                {"tags", QJsonArray {QStringLiteral("x")}}});
        const HeadlessOutcome o = runHeadless({QStringLiteral("--no-history"), m_scenario,
            QStringLiteral("--inputs"), file, QStringLiteral("--input"), QStringLiteral("size=7")});
        QVERIFY2(o.exitCode == 0, o.err.constData());
        const QUrlQuery query = receivedQuery();
        QCOMPARE(query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded),
            QStringLiteral("from the file"));
        QCOMPARE(query.queryItemValue(QStringLiteral("n")), QStringLiteral("7"));
    }

    void wrongInputsStopBeforeAnyRequest_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("words");
        QTest::newRow("missing required")
            << QStringList {} << "input word: a value is required (text).";
        QTest::newRow("wrong type") << QStringList {"--input", "word=a", "--input", "size=abc"}
                                    << "input size: expected a number, got 'abc'";
        QTest::newRow("unknown name")
            << QStringList {"--input", "word=a", "--input", "colour=red"}
            << "input colour: this scenario has no input called that; its inputs are word, "
               "size, loud, tags.";
        QTest::newRow("not a boolean") << QStringList {"--input", "word=a", "--input", "loud=2"}
                                       << "input loud: expected true or false";
        QTest::newRow("no equals sign")
            << QStringList {"--input", "word"} << "--input word: write NAME=VALUE";
    }
    void wrongInputsStopBeforeAnyRequest()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, words);
        const int before = m_server.requestCount();
        const HeadlessOutcome o
            = runHeadless(QStringList {QStringLiteral("--no-history"), m_scenario} + arguments);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(QString::fromUtf8(o.err).contains(words), o.err.constData());
        QCOMPARE(m_server.requestCount(), before);
    }

    void inputsFileThatIsNotAnObject()
    {
        const QString file = m_dir.filePath(QStringLiteral("list.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[1, 2]");
        f.close();
        const int before = m_server.requestCount();
        const HeadlessOutcome o = runHeadless(
            {QStringLiteral("--no-history"), m_scenario, QStringLiteral("--inputs"), file});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("write one JSON object of NAME: value"), o.err.constData());
        QCOMPARE(m_server.requestCount(), before);
    }

    void helpListsTheOptions()
    {
        const HeadlessOutcome o = runHeadless({QStringLiteral("--help")});
        QCOMPARE(o.exitCode, 0);
        QVERIFY(o.out.contains("--input <NAME=VALUE>"));
        QVERIFY(o.out.contains("--inputs <FILE>"));
    }

    void theExampleRunsWithItsInputs()
    {
        const HeadlessOutcome o = runHeadless({QStringLiteral("--no-history"),
            QStringLiteral("--sandbox"), QStringLiteral("--output"), QStringLiteral("json"),
            QStringLiteral(
                SCENARIST_SOURCE_DIR "/resources/examples/scenario-inputs.scenario.json"),
            QStringLiteral("--input"), QStringLiteral("pageSize=2")});
        QVERIFY2(o.exitCode == 0, o.err.constData());
        const QJsonArray modules
            = QJsonDocument::fromJson(o.out).object().value("modules").toArray();
        QCOMPARE(modules.size(), 2);
        const QJsonObject search = modules.at(1).toObject();
        QVERIFY2(search.value("input").toObject().value("url").toString().endsWith(
                     "/api/items?q=apple&page=1&per_page=2"),
            qPrintable(search.value("input").toObject().value("url").toString()));
        QCOMPARE(search.value("output")
                     .toObject()
                     .value("data")
                     .toObject()
                     .value("items")
                     .toArray()
                     .size(),
            2);
    }
};

QTEST_GUILESS_MAIN(TestInputsHeadless)
#include "tst_inputs_headless.moc"
