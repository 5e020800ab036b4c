#include "core/run/HttpExecutor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/inspector/JsonTreeModel.h"
#include "ui/inspector/JsonTreeView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

namespace {

const char kAccessToken[] = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vLWNsaWVudCJ9.5mhBHqs5_"
                            "DTLdINd9p5m7ZJ6XD0Xc55kIaCRY5r6HRA";

Module tokenModule()
{
    Module module;
    module.id = 1;
    module.label = QStringLiteral("Get an access token");
    module.config.method = QStringLiteral("POST");
    module.config.url = QStringLiteral("http://127.0.0.1:8765/oauth/token");
    return module;
}

/// A run as the engine reports it for the OAuth2 client-credentials call of
/// docs/getting-started.md.
ModuleRun tokenRun()
{
    ModuleRun run;
    run.moduleId = 1;
    run.status = ModuleRunStatus::Succeeded;
    run.durationMs = 14;
    run.operations = 1;
    run.secretValues = {QStringLiteral("demo-secret")};
    HttpExchange &ex = run.exchange;
    ex.sent.method = "POST";
    ex.sent.url = QUrl(QStringLiteral("http://127.0.0.1:8765/oauth/token"));
    ex.sent.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"},
        {"Authorization", "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="},
        {"User-Agent", "Scenarist/0.1"}};
    ex.sent.body = R"({"grant_type":"client_credentials","client_id":"demo-client",)"
                   R"("client_secret":"demo-secret","scope":"items:read"})";
    ex.gotResponse = true;
    ex.statusCode = 200;
    ex.reasonPhrase = "OK";
    ex.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"},
        {"Pragma", "no-cache"}, {"Content-Length", "187"}};
    ex.body = QByteArray(R"({"access_token":")") + kAccessToken
        + R"(","token_type":"Bearer","expires_in":3600,"scope":"items:read"})";
    ex.data = QJsonDocument::fromJson(ex.body).object();
    ex.dataIsJson = true;
    ex.finalUrl = ex.sent.url;
    ex.timings = {2, -1, 11, 13};
    run.output = ex.outputBundle();
    return run;
}

/// The same answer as the engine keeps a large one (LargeBody, every part read from the bytes).
ModuleRun largeTokenRun()
{
    ModuleRun run = tokenRun();
    run.exchange.largeData = LargeBody::fromJson(run.exchange.body, nullptr, nullptr, 0);
    run.exchange.data = QJsonValue(QJsonValue::Undefined);
    run.output = run.exchange.outputBundle();
    return run;
}

ModuleRun failedRun()
{
    ModuleRun run = tokenRun();
    run.status = ModuleRunStatus::Failed;
    run.output = {};
    run.error = QStringLiteral("The server refused the client id or secret (401 invalid_client). "
                               "Check the client secret in the module's body.");
    run.exchange.statusCode = 401;
    run.exchange.reasonPhrase = "Unauthorized";
    run.exchange.body = R"({"error":"invalid_client"})";
    run.exchange.data = QJsonObject {{QStringLiteral("error"), QStringLiteral("invalid_client")}};
    return run;
}

QString headerValue(JsonTreeView *view, const QString &name)
{
    QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, JsonTreeModel::NameColumn).data().toString() == name)
            return model->index(row, JsonTreeModel::ValueColumn).data().toString();
    }
    return QStringLiteral("(no %1 header)").arg(name);
}

QModelIndex rowNamed(QAbstractItemModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data().toString() == name)
            return index;
    }
    return {};
}

/// Runs the event loop for `ms` without QTest::qWait's sleeps (they read as stalls).
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emptyStateTellsWhatToDo();
    void succeededRunShowsStatusAndTimings();
    void secretsAreMaskedUntilRevealed();
    void treeShowsTheAccessToken();
    void copyMappingPutsTheMappingOnTheClipboard();
    void copyOutputAsJson();
    void largeAnswerShowsAndCopiesAsASmallOne();
    void failedRunShowsTheError();
    void nothingSentClaimsNoConnection();
    void rawTabShowsTheBody();
    void benchmarkLargeResponse();
    void renderScreenshots();
};

void TestInspector::initTestCase()
{
    // Fusion renders the same everywhere, so the screenshots show what people get.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
}

void TestInspector::emptyStateTellsWhatToDo()
{
    InspectorPanel panel;
    panel.show();
    auto *empty = panel.findChild<QLabel *>(QStringLiteral("inspectorEmpty"));
    QVERIFY(empty);
    QVERIFY(empty->isVisible());
    QVERIFY(empty->text().contains(QStringLiteral("click a module")));
    panel.setRun(tokenModule(), tokenRun());
    QVERIFY(!empty->isVisible());
    panel.clear();
    QVERIFY(empty->isVisible());
}

void TestInspector::succeededRunShowsStatusAndTimings()
{
    InspectorPanel panel;
    panel.setRun(tokenModule(), tokenRun());
    panel.show();
    const QString status = panel.findChild<QLabel *>(QStringLiteral("inspectorStatus"))->text();
    QVERIFY2(status.contains(QStringLiteral("Succeeded")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("14 ms")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("1 operation")), qPrintable(status));
    QVERIFY(!panel.findChild<QLabel *>(QStringLiteral("inspectorError"))->isVisible());
    const QString response
        = panel.findChild<QLabel *>(QStringLiteral("outputResponseLine"))->text();
    QVERIFY2(response.contains(QStringLiteral("200")) && response.contains(QStringLiteral("OK")),
        qPrintable(response));
    const QString timings = panel.findChild<QLabel *>(QStringLiteral("outputTimings"))->text();
    QVERIFY2(timings.contains(QStringLiteral("Connect 2 ms")), qPrintable(timings));
    // A plain http request has no TLS step to show.
    QVERIFY2(!timings.contains(QStringLiteral("Secure connection")), qPrintable(timings));
    QVERIFY2(timings.contains(QStringLiteral("Total 13 ms")), qPrintable(timings));
}

void TestInspector::secretsAreMaskedUntilRevealed()
{
    InspectorPanel panel;
    panel.setRun(tokenModule(), tokenRun());
    panel.setCurrentPage(InspectorPanel::InputPage);
    panel.show();
    auto *headers = panel.findChild<JsonTreeView *>(QStringLiteral("inputHeaders"));
    auto *body = panel.findChild<QPlainTextEdit *>(QStringLiteral("inputBody"));
    auto *reveal = panel.findChild<QCheckBox *>(QStringLiteral("showSecrets"));
    QVERIFY(headers && body && reveal);
    QAbstractItemModelTester tester(
        headers->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(
        headerValue(headers, QStringLiteral("Authorization")), QStringLiteral("Basic ********"));
    QCOMPARE(
        headerValue(headers, QStringLiteral("Content-Type")), QStringLiteral("application/json"));
    QVERIFY(!body->toPlainText().contains(QStringLiteral("demo-secret")));
    QVERIFY(body->toPlainText().contains(QStringLiteral("\"client_secret\":\"********\"")));
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("inputRequestLine"))
                ->text()
                .contains(QStringLiteral("http://127.0.0.1:8765/oauth/token")));

    QVERIFY(reveal->isVisible());
    QTest::mouseClick(reveal, Qt::LeftButton, {}, reveal->rect().center());
    QVERIFY(panel.secretsShown());
    QCOMPARE(headerValue(headers, QStringLiteral("Authorization")),
        QStringLiteral("Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="));
    QVERIFY(body->toPlainText().contains(QStringLiteral("\"client_secret\":\"demo-secret\"")));

    // Another module's run never starts revealed.
    Module other = tokenModule();
    other.id = 2;
    panel.setRun(other, tokenRun());
    QVERIFY(!panel.secretsShown());
    QCOMPARE(
        headerValue(headers, QStringLiteral("Authorization")), QStringLiteral("Basic ********"));
}

void TestInspector::treeShowsTheAccessToken()
{
    InspectorPanel panel;
    panel.setRun(tokenModule(), tokenRun());
    panel.show();
    JsonTreeModel *model = panel.dataModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex token = rowNamed(model, QStringLiteral("access_token"));
    QVERIFY(token.isValid());
    QCOMPARE(token.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(),
        QString::fromLatin1(kAccessToken));
    QCOMPARE(
        token.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(), QStringLiteral("text"));
    QCOMPARE(token.data(JsonTreeModel::PathRole).toString(), QStringLiteral("data.access_token"));
    const QModelIndex expires = rowNamed(model, QStringLiteral("expires_in"));
    QCOMPARE(expires.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(),
        QStringLiteral("3600"));
    QCOMPARE(expires.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(),
        QStringLiteral("number"));
    QVERIFY(panel.dataView()->visualRect(token).isValid()); // on screen, not just in the model
}

void TestInspector::copyMappingPutsTheMappingOnTheClipboard()
{
    InspectorPanel panel;
    panel.setRun(tokenModule(), tokenRun());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    JsonTreeView *view = panel.dataView();
    const QModelIndex token = rowNamed(view->model(), QStringLiteral("access_token"));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(token).center());
    QCOMPARE(view->currentIndex().siblingAtColumn(0), token);

    QSignalSpy copied(&panel, &InspectorPanel::copied);
    QPushButton *copyMapping = nullptr;
    for (QPushButton *button : panel.findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("Copy mapping"))
            copyMapping = button;
    }
    QVERIFY(copyMapping && copyMapping->isEnabled());
    QTest::mouseClick(copyMapping, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("{{1.data.access_token}}"));
    QCOMPARE(copied.count(), 1);
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("copyFeedback"))
                ->text()
                .contains(QStringLiteral("{{1.data.access_token}}")));

    // Ctrl+C in the tree copies the value itself.
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromLatin1(kAccessToken));

    // A header row maps by its lower-case name.
    auto *headers = panel.findChild<JsonTreeView *>(QStringLiteral("outputHeaders"));
    QCOMPARE(headers->mappingFor(rowNamed(headers->model(), QStringLiteral("Content-Type"))),
        QStringLiteral("{{1.headers.`content-type`}}"));
}

void TestInspector::copyOutputAsJson()
{
    InspectorPanel panel;
    panel.setRun(tokenModule(), tokenRun());
    QSignalSpy copied(&panel, &InspectorPanel::copied);
    panel.copyOutputAsJson();
    QVERIFY(copied.wait(5000)); // serialised off the UI thread
    const QJsonObject output
        = QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8()).object();
    QCOMPARE(output.value(QStringLiteral("statusCode")).toInt(), 200);
    QCOMPARE(output.value(QStringLiteral("data")).toObject().value("token_type").toString(),
        QStringLiteral("Bearer"));
}

// An answer of 16 MB or more is kept as its bytes: what the panel shows and copies must be
// what it shows and copies for the same answer read whole.
void TestInspector::largeAnswerShowsAndCopiesAsASmallOne()
{
    InspectorPanel small;
    small.setRun(tokenModule(), tokenRun());
    InspectorPanel large;
    large.setRun(tokenModule(), largeTokenRun());
    large.show();
    QVERIFY(QTest::qWaitForWindowExposed(&large));
    JsonTreeModel *model = large.dataModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model->largeBody());
    QCOMPARE(model->rowCount(), small.dataModel()->rowCount());
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < JsonTreeModel::ColumnCount; ++column) {
            QCOMPARE(model->index(row, column).data().toString(),
                small.dataModel()->index(row, column).data().toString());
        }
        QCOMPARE(model->index(row, 0).data(JsonTreeModel::PathRole).toString(),
            small.dataModel()->index(row, 0).data(JsonTreeModel::PathRole).toString());
    }
    const QModelIndex token = rowNamed(model, QStringLiteral("access_token"));
    QVERIFY(large.dataView()->visualRect(token).isValid());
    QCOMPARE(large.dataView()->mappingFor(token), QStringLiteral("{{1.data.access_token}}"));

    QSignalSpy copied(&large, &InspectorPanel::copied);
    large.copyOutputAsJson();
    QVERIFY(copied.wait(5000));
    const QJsonObject output
        = QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8()).object();
    QCOMPARE(output.value(QStringLiteral("data")).toObject(),
        QJsonDocument::fromJson(tokenRun().exchange.body).object());
    QCOMPARE(output.value(QStringLiteral("statusCode")).toInt(), 200);
}

void TestInspector::failedRunShowsTheError()
{
    InspectorPanel panel;
    panel.setRun(tokenModule(), failedRun());
    panel.show();
    auto *error = panel.findChild<QLabel *>(QStringLiteral("inspectorError"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("refused the client id or secret")));
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("inspectorStatus"))
                ->text()
                .contains(QStringLiteral("Failed")));
    // What the server said is still there to read.
    QVERIFY(rowNamed(panel.dataModel(), QStringLiteral("error")).isValid());

    // Back to a good run: the error goes away.
    panel.setRun(tokenModule(), tokenRun());
    QVERIFY(!error->isVisible());
}

void TestInspector::nothingSentClaimsNoConnection()
{
    // An address typed without http:// never leaves the computer: the panel must not say
    // "Connection reused" or give timings, but why nothing was sent.
    Module module = tokenModule();
    module.config.method = QStringLiteral("GET");
    module.config.url = QStringLiteral("api.example.com/items");
    QNetworkAccessManager network;
    HttpExecutor executor(&network);
    QSignalSpy finished(&executor, &HttpExecutor::finished);
    executor.execute(module.config);
    QVERIFY(!finished.isEmpty() || finished.wait(10000));
    ModuleRun run;
    run.moduleId = module.id;
    run.status = ModuleRunStatus::Failed;
    run.exchange = finished.first().first().value<HttpExchange>();
    run.error = run.exchange.errorMessage;
    QVERIFY(!run.exchange.timings.anythingSent());

    InspectorPanel panel;
    panel.setRun(module, run);
    panel.show();
    auto *timings = panel.findChild<QLabel *>(QStringLiteral("outputTimings"));
    QVERIFY(timings->isVisible());
    const QString text = timings->text();
    QVERIFY2(text.startsWith(QStringLiteral("Nothing was sent: ")), qPrintable(text));
    QVERIFY2(text.contains(run.error), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Connection")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Total")), qPrintable(text));

    // A request that did go out still shows its timings.
    panel.setRun(tokenModule(), tokenRun());
    QVERIFY(timings->text().contains(QStringLiteral("Connect 2 ms")));
}

void TestInspector::rawTabShowsTheBody()
{
    InspectorPanel panel;
    panel.setRun(tokenModule(), tokenRun());
    panel.show();
    auto *raw = panel.findChild<QPlainTextEdit *>(QStringLiteral("outputRaw"));
    QVERIFY(raw->toPlainText().isEmpty()); // not laid out until someone looks
    auto *tabs = qobject_cast<QTabWidget *>(raw->parentWidget()->parentWidget()->parentWidget());
    QVERIFY(tabs);
    tabs->setCurrentWidget(raw->parentWidget());
    QVERIFY(raw->toPlainText().contains(QStringLiteral("\"token_type\":\"Bearer\"")));

    // A big body shows only its first megabyte, and says so.
    ModuleRun big = tokenRun();
    big.exchange.body = QByteArray(3 * 1024 * 1024, 'x');
    panel.setRun(tokenModule(), big);
    QCOMPARE(raw->toPlainText().remove(QLatin1Char('\n')).size(), InspectorPanel::TextViewLimit);
    bool noted = false;
    for (QLabel *label : raw->parentWidget()->findChildren<QLabel *>())
        noted = noted || label->text().contains(QStringLiteral("Showing the first"));
    QVERIFY(noted);
}

void TestInspector::benchmarkLargeResponse()
{
    // About 20 MB of JSON, as a paged API might answer.
    QByteArray json = "{\"page\":1,\"items\":[";
    for (int i = 1; json.size() < 20 * 1024 * 1024; ++i) {
        if (i > 1)
            json += ',';
        json += "{\"id\":" + QByteArray::number(i) + ",\"name\":\"Item number "
            + QByteArray::number(i)
            + "\",\"price\":12.5,\"tags\":[\"red\",\"green\"],\"owner\":{\"id\":7}}";
    }
    json += "]}";

    ModuleRun run = tokenRun();
    run.exchange.body = json;
    run.exchange.data
        = QJsonValue(QJsonValue::Undefined); // as if the engine had not parsed it: the panel parses
    run.output = {};

    InspectorPanel panel;
    panel.resize(900, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

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
    auto stallSoFar = [&] { return qMax(longestStall, clock.elapsed() - lastTick); };

    QSignalSpy loaded(panel.dataModel(), &JsonTreeModel::loaded);
    clock.start();
    ticker.start();
    panel.setRun(tokenModule(), run);
    QVERIFY(loaded.wait(60000));
    QCoreApplication::processEvents();
    const qint64 shownAfter = clock.elapsed();
    const qint64 parseStall = stallSoFar();
    QVERIFY(rowNamed(panel.dataModel(), QStringLiteral("items")).isValid());

    // Second case: the engine already parsed the body (the normal path).
    run.exchange.data = panel.dataModel()->json();
    longestStall = 0;
    lastTick = clock.elapsed();
    const qint64 start = clock.elapsed();
    panel.setRun(tokenModule(), run);
    QCoreApplication::processEvents();
    const qint64 parsedShownAfter = clock.elapsed() - start;
    spin(100);
    const qint64 parsedStall = stallSoFar();

    // Third: opening the Raw tab lays out its first megabyte.
    auto *raw = panel.findChild<QPlainTextEdit *>(QStringLiteral("outputRaw"));
    auto *tabs = qobject_cast<QTabWidget *>(raw->parentWidget()->parentWidget()->parentWidget());
    longestStall = 0;
    lastTick = clock.elapsed();
    tabs->setCurrentWidget(raw->parentWidget());
    spin(200);
    const qint64 rawStall = stallSoFar();
    ticker.stop();
    QCOMPARE(raw->toPlainText().remove(QLatin1Char('\n')).size(), InspectorPanel::TextViewLimit);

    qInfo("InspectorPanel, %.1f MB response: parsed by the panel, top level shown after %lld ms, "
          "longest UI stall %lld ms; already parsed by the engine, shown after %lld ms, longest "
          "stall %lld ms; opening Raw (1 MB of one line): longest stall %lld ms",
        json.size() / 1048576.0, shownAfter, parseStall, parsedShownAfter, parsedStall, rawStall);
}

void TestInspector::renderScreenshots()
{
    for (const bool dark : {false, true}) {
        QPalette palette = QApplication::style()->standardPalette();
        if (dark) {
            palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
            palette.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
            palette.setColor(QPalette::Base, QColor(0x1f, 0x1f, 0x22));
            palette.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2b));
            palette.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
            palette.setColor(QPalette::Button, QColor(0x35, 0x35, 0x39));
            palette.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
            palette.setColor(QPalette::Highlight, QColor(0x3d, 0x6e, 0xb4));
            palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x8a, 0x8a, 0x90));
            palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x8a, 0x8a, 0x90));
            palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x7a, 0x7a, 0x80));
        }
        QApplication::setPalette(palette);

        InspectorPanel panel;
        panel.resize(760, 560);
        panel.setRun(tokenModule(), tokenRun());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QString suffix = dark ? QStringLiteral("-dark") : QString();
        const QString dir = QStringLiteral(SCENARIST_BINARY_DIR);
        QVERIFY(panel.grab().save(dir + QStringLiteral("/inspector-output%1.png").arg(suffix)));
        panel.setCurrentPage(InspectorPanel::InputPage);
        QVERIFY(panel.grab().save(dir + QStringLiteral("/inspector-input%1.png").arg(suffix)));
        panel.setRun(tokenModule(), failedRun());
        panel.setCurrentPage(InspectorPanel::OutputPage);
        QVERIFY(panel.grab().save(dir + QStringLiteral("/inspector-failed%1.png").arg(suffix)));
        // As in a narrow dock beside the canvas.
        panel.setRun(tokenModule(), tokenRun());
        panel.resize(400, 600);
        QVERIFY(panel.minimumSizeHint().width() <= 400);
        QVERIFY(panel.grab().save(dir + QStringLiteral("/inspector-narrow%1.png").arg(suffix)));
        InspectorPanel empty;
        empty.resize(760, 300);
        empty.show();
        QVERIFY(empty.grab().save(dir + QStringLiteral("/inspector-empty%1.png").arg(suffix)));
    }
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
