#include "ui/inspector/JsonTreeModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QTreeView>

namespace {

QJsonValue parse(const char *json)
{
    const QByteArray bytes(json);
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

/// The index reached by following rows named `names` from the top, fetching as a view would.
QModelIndex find(JsonTreeModel &model, const QStringList &names)
{
    QModelIndex parent;
    for (const QString &name : names) {
        if (model.canFetchMore(parent))
            model.fetchMore(parent);
        QModelIndex found;
        for (int row = 0; row < model.rowCount(parent); ++row) {
            const QModelIndex index = model.index(row, 0, parent);
            if (index.data().toString() == name) {
                found = index;
                break;
            }
        }
        if (!found.isValid())
            return {};
        parent = found;
    }
    return parent;
}

QString cell(JsonTreeModel &model, const QStringList &names, int column)
{
    return find(model, names).siblingAtColumn(column).data().toString();
}

/// About `megabytes` MB of JSON shaped like a paged API answer.
QByteArray largeJson(int megabytes)
{
    QByteArray json = "{\"page\":1,\"items\":[";
    const qsizetype target = qsizetype(megabytes) * 1024 * 1024;
    for (int i = 1; json.size() < target; ++i) {
        if (i > 1)
            json += ',';
        json += "{\"id\":" + QByteArray::number(i) + ",\"name\":\"Item number "
            + QByteArray::number(i)
            + "\",\"price\":12.5,\"active\":true,\"tags\":[\"red\",\"green\"],"
              "\"owner\":{\"id\":7,\"email\":\"someone@example.com\"},\"note\":null}";
    }
    json += "],\"next\":null}";
    return json;
}

} // namespace

class TestJsonTreeModel : public QObject
{
    Q_OBJECT

private slots:
    void testerOnNestedObjectsAndLists();
    void testerOnEmptyObjectAndList();
    void testerOnScalars_data();
    void testerOnScalars();
    void columnsShowNamesValuesAndTypes();
    void childrenAreBuiltOnlyWhenExpanded();
    void longListsArriveInPages();
    void paths_data();
    void paths();
    void headersByLowerCaseName();
    void bytesAreParsedInTheBackground();
    void invalidBytesSayWhy();
    void laterSetJsonWinsOverRunningParse();
    void benchmarkLargeBody();
    void largeBodyShowsTheSameRows_data();
    void largeBodyShowsTheSameRows();
    void largeTextShowsOneRow();
};

void TestJsonTreeModel::testerOnNestedObjectsAndLists()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJson(parse(R"({"a": {"b": [1, {"c": null}, [true, "x"]]}, "d": [], "e": "text"})"),
        QStringLiteral("data"));
    // The tester walks and fetches the whole tree; it must agree with itself all the way.
    QCOMPARE(model.rowCount(), 3);
    model.setJson(parse(R"([{"id": 1}, {"id": 2}])"), QStringLiteral("data"));
    QCOMPARE(model.rowCount(), 2);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestJsonTreeModel::testerOnEmptyObjectAndList()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJson(QJsonObject(), QStringLiteral("data"));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.hasChildren());
    model.setJson(parse(R"({"empty": {}, "none": []})"), QStringLiteral("data"));
    const QModelIndex empty = find(model, {QStringLiteral("empty")});
    QVERIFY(!model.hasChildren(empty));
    QCOMPARE(empty.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(),
        QStringLiteral("{0 keys}"));
    QCOMPARE(cell(model, {QStringLiteral("none")}, JsonTreeModel::ValueColumn),
        QStringLiteral("[0 items]"));
}

void TestJsonTreeModel::testerOnScalars_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("type");
    QTest::newRow("text") << QJsonValue(QStringLiteral("<html>hello</html>"))
                          << QStringLiteral("<html>hello</html>") << QStringLiteral("text");
    QTest::newRow("whole number") << QJsonValue(1700000000123.0) << QStringLiteral("1700000000123")
                                  << QStringLiteral("number");
    QTest::newRow("fraction") << QJsonValue(0.1) << QStringLiteral("0.1")
                              << QStringLiteral("number");
    QTest::newRow("bool") << QJsonValue(false) << QStringLiteral("false")
                          << QStringLiteral("true/false");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QStringLiteral("empty")
                          << QStringLiteral("empty (null)");
}

void TestJsonTreeModel::testerOnScalars()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, shown);
    QFETCH(QString, type);
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJson(value, QStringLiteral("data"));
    // A body that is not an object still shows, as one row named after its path.
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex row = model.index(0, 0);
    QCOMPARE(row.data().toString(), QStringLiteral("data"));
    QCOMPARE(row.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), shown);
    QCOMPARE(row.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(), type);
    QCOMPARE(row.data(JsonTreeModel::PathRole).toString(), QStringLiteral("data"));
}

void TestJsonTreeModel::columnsShowNamesValuesAndTypes()
{
    JsonTreeModel model;
    model.setJson(parse(R"({"items": [{"id": 7, "tags": ["a", "b", "c"]}], "count": 1,
                          "multi": "line one\nline two"})"),
        QStringLiteral("data"));
    QCOMPARE(cell(model, {QStringLiteral("items")}, JsonTreeModel::ValueColumn),
        QStringLiteral("[1 item]"));
    QCOMPARE(
        cell(model, {QStringLiteral("items")}, JsonTreeModel::TypeColumn), QStringLiteral("list"));
    // List positions count from 1, as in Make and in mappings.
    QCOMPARE(
        cell(model, {QStringLiteral("items"), QStringLiteral("1")}, JsonTreeModel::ValueColumn),
        QStringLiteral("{2 keys}"));
    QCOMPARE(cell(model, {QStringLiteral("items"), QStringLiteral("1")}, JsonTreeModel::TypeColumn),
        QStringLiteral("object"));
    QCOMPARE(cell(model, {QStringLiteral("items"), QStringLiteral("1"), QStringLiteral("tags")},
                 JsonTreeModel::ValueColumn),
        QStringLiteral("[3 items]"));
    QCOMPARE(
        cell(model, {QStringLiteral("count")}, JsonTreeModel::ValueColumn), QStringLiteral("1"));
    // A row stays one line; the copy keeps the real text.
    const QModelIndex multi = find(model, {QStringLiteral("multi")});
    QVERIFY(!multi.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString().contains('\n'));
    QCOMPARE(
        multi.data(JsonTreeModel::CopyTextRole).toString(), QStringLiteral("line one\nline two"));
    const QString copied
        = find(model, {QStringLiteral("items")}).data(JsonTreeModel::CopyTextRole).toString();
    QCOMPARE(
        QJsonDocument::fromJson(copied.toUtf8()).array().at(0).toObject().value("id").toInt(), 7);
}

void TestJsonTreeModel::childrenAreBuiltOnlyWhenExpanded()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonArray big;
    for (int i = 0; i < 500; ++i)
        big.append(QJsonObject {{QStringLiteral("id"), i}});
    model.setJson(QJsonObject {{QStringLiteral("items"), big},
                      {QStringLiteral("meta"), QJsonObject {{QStringLiteral("n"), 500}}}},
        QStringLiteral("data"));
    // Only the two top-level rows exist; "items" says it has children without building them.
    QCOMPARE(model.createdNodeCount(), 2);
    const QModelIndex items = model.index(0, 0);
    QCOMPARE(items.data().toString(), QStringLiteral("items"));
    QVERIFY(model.hasChildren(items));
    QCOMPARE(model.rowCount(items), 0);

    QTreeView view;
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(model.createdNodeCount(), 2); // showing the view builds nothing more
    view.expand(items); // what a click on the arrow does
    QCOMPARE(model.rowCount(items), 500);
    QCOMPARE(model.createdNodeCount(), 2 + 500);
    // The items' own children ("id") are still not built.
    QCOMPARE(model.rowCount(model.index(0, 0, items)), 0);
}

void TestJsonTreeModel::longListsArriveInPages()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonArray list;
    for (int i = 0; i < 2500; ++i)
        list.append(i);
    model.setJson(list, QStringLiteral("data"));
    QCOMPARE(model.rowCount(), 1000);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2000);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2500);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.index(2499, 0).data().toString(), QStringLiteral("2500"));
    QCOMPARE(
        model.index(2499, JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("2499"));
}

void TestJsonTreeModel::paths_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QString>("path");
    const QByteArray json = R"({"items": [{"id": 1}, {"id": 2, "x-request-id": "r"}],
        "access_token": "t", "my key": 1, "null": 2, "2fa": 3, "a.b": 4})";
    QTest::newRow("key") << json << QStringList {"access_token"}
                         << QStringLiteral("data.access_token");
    QTest::newRow("list") << json << QStringList {"items"} << QStringLiteral("data.items");
    QTest::newRow("1-based item") << json << QStringList {"items", "1"}
                                  << QStringLiteral("data.items[1]");
    QTest::newRow("key in item") << json << QStringList {"items", "2", "id"}
                                 << QStringLiteral("data.items[2].id");
    QTest::newRow("dash in key") << json << QStringList {"items", "2", "x-request-id"}
                                 << QStringLiteral("data.items[2].`x-request-id`");
    QTest::newRow("space in key") << json << QStringList {"my key"}
                                  << QStringLiteral("data.`my key`");
    QTest::newRow("keyword as key")
        << json << QStringList {"null"} << QStringLiteral("data.`null`");
    QTest::newRow("digit first") << json << QStringList {"2fa"} << QStringLiteral("data.`2fa`");
    QTest::newRow("dot in key") << json << QStringList {"a.b"} << QStringLiteral("data.`a.b`");
    QTest::newRow("top-level list")
        << QByteArray(R"([[10, 20]])") << QStringList {"1", "2"} << QStringLiteral("data[1][2]");
}

void TestJsonTreeModel::paths()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, rows);
    QFETCH(QString, path);
    JsonTreeModel model;
    model.setJson(parse(json.constData()), QStringLiteral("data"));
    const QModelIndex index = find(model, rows);
    QVERIFY(index.isValid());
    QCOMPARE(index.data(JsonTreeModel::PathRole).toString(), path);
    QCOMPARE(
        index.siblingAtColumn(JsonTreeModel::ValueColumn).data(JsonTreeModel::PathRole).toString(),
        path);

    // Without a root path (the request as sent) nothing offers a mapping.
    model.setJson(parse(json.constData()));
    QVERIFY(find(model, rows).data(JsonTreeModel::PathRole).toString().isEmpty());
}

void TestJsonTreeModel::headersByLowerCaseName()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJson(parse(R"([{"name": "Content-Type", "value": "application/json"},
                            {"name": "Set-Cookie", "value": "a=1"},
                            {"name": "set-cookie", "value": "b=2"},
                            {"name": "ETag", "value": "\"x\""}])"),
        QStringLiteral("headers"));
    QCOMPARE(model.rowCount(), 4);
    // One row per header, named as received, with its value: not four {2 keys} rows.
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Content-Type"));
    QCOMPARE(model.index(0, JsonTreeModel::ValueColumn).data().toString(),
        QStringLiteral("application/json"));
    QCOMPARE(model.index(0, 0).data(JsonTreeModel::PathRole).toString(),
        QStringLiteral("headers.`content-type`"));
    QCOMPARE(model.index(1, 0).data(JsonTreeModel::PathRole).toString(),
        QStringLiteral("headers.`set-cookie`"));
    // By name the mapping would find the first Set-Cookie, so the second goes by position.
    QCOMPARE(model.index(2, 0).data(JsonTreeModel::PathRole).toString(),
        QStringLiteral("headers[3].value"));
    QCOMPARE(
        model.index(3, 0).data(JsonTreeModel::PathRole).toString(), QStringLiteral("headers.etag"));
}

void TestJsonTreeModel::bytesAreParsedInTheBackground()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &JsonTreeModel::loaded);
    model.setJsonBytes(R"({"access_token": "abc", "expires_in": 3600})", QStringLiteral("data"));
    QVERIFY(model.isLoading());
    QVERIFY(loaded.wait(5000));
    QVERIFY(!model.isLoading());
    QCOMPARE(cell(model, {QStringLiteral("expires_in")}, JsonTreeModel::ValueColumn),
        QStringLiteral("3600"));
    QCOMPARE(find(model, {QStringLiteral("access_token")}).data(JsonTreeModel::PathRole).toString(),
        QStringLiteral("data.access_token"));

    model.setJsonBytes("  \"just text\" ", QStringLiteral("data"));
    QVERIFY(loaded.wait(5000));
    QCOMPARE(
        model.index(0, JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("just text"));
}

void TestJsonTreeModel::invalidBytesSayWhy()
{
    JsonTreeModel model;
    QSignalSpy failed(&model, &JsonTreeModel::parseFailed);
    model.setJsonBytes("{\"a\": 1,,}", QStringLiteral("data"));
    QVERIFY(failed.wait(5000));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.startsWith(QStringLiteral("This is not valid JSON")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("character")), qPrintable(message));
    QCOMPARE(model.rowCount(), 0);
}

void TestJsonTreeModel::laterSetJsonWinsOverRunningParse()
{
    JsonTreeModel model;
    QSignalSpy loaded(&model, &JsonTreeModel::loaded);
    model.setJsonBytes(largeJson(2), QStringLiteral("data"));
    model.setJson(parse(R"({"mine": 1})"), QStringLiteral("data"));
    // The parse's late result must not replace what was shown after it.
    QVERIFY(!loaded.wait(3000));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("mine"));
}

void TestJsonTreeModel::benchmarkLargeBody()
{
    const QByteArray json = largeJson(20);
    JsonTreeModel model;
    QTreeView view;
    view.resize(800, 600);
    view.setModel(&model);
    view.show();

    // A 1 ms timer on the UI thread: the largest gap between its ticks is the longest time
    // the window could not react.
    QElapsedTimer clock;
    qint64 lastTick = 0;
    qint64 longestStall = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    connect(&ticker, &QTimer::timeout, &ticker, [&] {
        const qint64 now = clock.elapsed();
        longestStall = qMax(longestStall, now - lastTick);
        lastTick = now;
    });

    QSignalSpy loaded(&model, &JsonTreeModel::loaded);
    clock.start();
    ticker.start();
    model.setJsonBytes(json, QStringLiteral("data"));
    QVERIFY(loaded.wait(60000));
    const qint64 shownAfter = clock.elapsed();
    const qint64 stallWhileParsing = longestStall;
    QCoreApplication::processEvents();
    const QModelIndex items = find(model, {QStringLiteral("items")});
    QVERIFY(items.isValid());
    view.expand(items); // one page of the list
    {
        // Not QTest::qWait: it sleeps between event batches, which would read as stalls.
        QEventLoop settle;
        QTimer::singleShot(100, &settle, &QEventLoop::quit);
        settle.exec();
    }
    ticker.stop();
    longestStall = qMax(longestStall, clock.elapsed() - lastTick);

    // Pages, never the whole list: QTreeView fetches a page on expanding and on each layout.
    const int itemCount = model.json().toObject().value("items").toArray().size();
    QVERIFY(model.rowCount(items) >= model.pageSize());
    QVERIFY(model.rowCount(items) < itemCount);
    qInfo("JsonTreeModel, %.1f MB JSON: top level shown after %lld ms; longest UI stall %lld ms "
          "while parsing, %lld ms overall (with expanding the list); %lld of %d list items built",
        json.size() / 1048576.0, shownAfter, stallWhileParsing, longestStall,
        model.createdNodeCount(), itemCount);
}

namespace {

/// Every row's Name, Value, Type, path and copy text, depth first, fetching as a view would.
void collectRows(JsonTreeModel &model, const QModelIndex &parent, QStringList &rows)
{
    while (model.canFetchMore(parent))
        model.fetchMore(parent);
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex name = model.index(row, JsonTreeModel::NameColumn, parent);
        const QString copy = name.data(JsonTreeModel::CopyTextRole).toString();
        const QString type = name.data(JsonTreeModel::TypeNameRole).toString();
        // Containers copy as JSON: compare what it says, not how it is indented.
        const bool container = type == QLatin1String("object") || type == QLatin1String("list");
        const QString copied = container
            ? QString::fromUtf8(
                QJsonDocument::fromJson(copy.toUtf8()).toJson(QJsonDocument::Compact))
            : copy;
        rows << QStringList {name.data().toString(),
            model.index(row, JsonTreeModel::ValueColumn, parent).data().toString(),
            model.index(row, JsonTreeModel::TypeColumn, parent).data().toString(),
            name.data(JsonTreeModel::PathRole).toString(), copied,
            QString::number(model.rowCount(name) + (model.hasChildren(name) ? 1000000 : 0))}
                    .join(QLatin1Char('|'));
        collectRows(model, name, rows);
    }
}

} // namespace

void TestJsonTreeModel::largeBodyShowsTheSameRows_data()
{
    QTest::addColumn<QByteArray>("json");
    QByteArray items;
    for (int i = 1; i <= 150; ++i) {
        items += (i > 1 ? "," : "") + QByteArray("{\"id\":") + QByteArray::number(i)
            + ",\"name\":\"Item\\n" + QByteArray::number(i) + "\",\"tags\":[\"a\",null,true,1.5]}";
    }
    QTest::newRow("object with a long list") << QByteArray("{\"page\":1,\"items\":[" + items
        + "],\"empty\":[],\"none\":{},"
          "\"headers\":[{\"name\":\"Content-Type\",\"value\":\"text/plain\"},"
          "{\"name\":\"content-type\",\"value\":\"again\"}],"
          "\"caf\\u00e9\":\"x\",\"with space\":{\"a b\":[[1],[2,[3]]]},"
          "\"dup\":{\"k\":1,\"k\":[2]},\"dup\":{\"k\":3,\"j\":4},"
          "\"long\":\""
        + QString(400, QChar(0x0436)).toUtf8() + "\"}");
    QTest::newRow("list at the top") << QByteArray("[" + items + "]");
    QTest::newRow("name/value list at the top")
        << QByteArray("[{\"name\":\"A\",\"value\":1},{\"name\":\"b\",\"value\":[1,2]}]");
}

// A large response is shown from its bytes (LargeBody): the rows a person sees, their paths
// for mappings and what Copy gives must be those of the same JSON shown as a tree.
void TestJsonTreeModel::largeBodyShowsTheSameRows()
{
    QFETCH(QByteArray, json);
    JsonTreeModel tree;
    tree.setPageSize(64); // paging across the lists (150 items), in both
    tree.setJson(parse(json.constData()), QStringLiteral("data"));
    QStringList expected;
    collectRows(tree, {}, expected);

    // Every part from the bytes (indexed from 16 bytes, a mark every 5 members, so that pages
    // start between marks), then only parts of 1 KB or more.
    for (const qsizetype partBytes : {qsizetype(0), qsizetype(1024)}) {
        JsonTreeModel bytes;
        bytes.setPageSize(64);
        QAbstractItemModelTester tester(
            &bytes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        bytes.setLargeBody(
            LargeBody::fromJson(json, nullptr, nullptr, partBytes, 16, 5), QStringLiteral("data"));
        QStringList actual;
        collectRows(bytes, {}, actual);
        QCOMPARE(actual.size(), expected.size());
        for (int i = 0; i < actual.size(); ++i)
            QCOMPARE(actual.at(i), expected.at(i));
        QCOMPARE(bytes.json(), tree.json());
    }
}

void TestJsonTreeModel::largeTextShowsOneRow()
{
    const QByteArray text = QByteArray("first line\n") + QByteArray(5000, 'x');
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLargeBody(LargeBody::fromText(text), QStringLiteral("data"));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex row = model.index(0, JsonTreeModel::ValueColumn);
    const QString summary = row.data().toString();
    QVERIFY2(summary.startsWith(QStringLiteral("first line\u21B5xxx")), qPrintable(summary));
    QVERIFY2(summary.size() < 400 && summary.endsWith(QChar(0x2026)), qPrintable(summary));
    QCOMPARE(model.index(0, JsonTreeModel::TypeColumn).data().toString(), QStringLiteral("text"));
    QCOMPARE(
        model.index(0, 0).data(JsonTreeModel::CopyTextRole).toString(), QString::fromUtf8(text));
    QCOMPARE(model.index(0, 0).data(JsonTreeModel::PathRole).toString(), QStringLiteral("data"));
}

QTEST_MAIN(TestJsonTreeModel)
#include "tst_jsontreemodel.moc"
