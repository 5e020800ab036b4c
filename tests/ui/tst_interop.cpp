#include "UiTestSupport.h"
#include "core/io/CurlCommand.h"
#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioOpener.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/inspector/InspectorPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

/// Interop in the editor: Make blueprints in and out, curl commands in and out.
class TestInterop : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    MainWindow::Options options() const { return UiTestSupport::windowOptions(m_dir); }

    /// Closes the next message box (the import report) and returns its text.
    static void closeNextMessageBox(QString *text)
    {
        UiTestSupport::answerNextMessageBox(QMessageBox::Ok, nullptr, text);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void blueprintImportShowsWhatWasNotConverted()
    {
        MainWindow window(options());
        window.show();
        QString report;
        closeNextMessageBox(&report);
        const QString path = QStringLiteral(
            SCENARIST_FIXTURES_DIR "/make-blueprints/make-official_webhook-to-http.blueprint.json");
        QVERIFY(window.openFile(path)); // opening a blueprint imports it
        QVERIFY2(report.contains(QLatin1String("gateway")), qPrintable(report));
        QVERIFY(window.filePath().isEmpty()); // Save asks where
        QVERIFY(window.isWindowModified()); // and closing asks first
        // The webhook stays as a grey placeholder; the HTTP module keeps its id and mapping.
        bool placeholder = false;
        for (const Module &m : window.scenario()->modules()) {
            if (m.type == Module::foreignType()) {
                placeholder = true;
                QVERIFY(window.scene()->moduleItem(m.id)->toolTip().contains(
                    QLatin1String("placeholder")));
            }
        }
        QVERIFY(placeholder);
    }

    void blueprintExportImportsBack()
    {
        MainWindow window(options());
        window.openExample();
        const QString path = m_dir.filePath(QStringLiteral("out.blueprint.json"));
        QVERIFY(window.exportBlueprint(path));
        const ScenarioOpener::Opened again = ScenarioOpener::open(path);
        QVERIFY(again.isBlueprint);
        QVERIFY2(again.document, qPrintable(again.error));
        QCOMPARE(again.document->modules.size(), 2);
        QCOMPARE(again.document->modules[1].config.headers.first().value,
            QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}"));
    }

    // A real Make export with a router, filters and error routes: everything but other apps'
    // modules comes onto the canvas, in its route, and the report names only what stays grey.
    void realExportKeepsRoutesFiltersAndErrorRoutes()
    {
        const QString path = QStringLiteral(SCENARIST_FIXTURES_DIR
            "/make-blueprints/real/lead-intake-router-break-ignore-resume-makerequest-v4"
            ".blueprint.json");
        MainWindow window(options());
        window.show();
        // The import report, by its name.
        QString reportName;
        QString report;
        QTimer::singleShot(0, &window, [&] {
            auto *timer = new QTimer(&window);
            connect(timer, &QTimer::timeout, &window, [&, timer] {
                if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                    reportName = box->objectName();
                    report = box->informativeText();
                    box->accept();
                    timer->deleteLater();
                }
            });
            timer->start(20);
        });
        QVERIFY(window.importBlueprint(path));
        QCOMPARE(reportName, QStringLiteral("importReport"));

        const Scenario &scenario = *window.scenario();
        QCOMPARE(scenario.modules().size(), 19);
        QHash<QString, int> types;
        for (const Module &m : scenario.modules()) {
            ++types[m.type];
            QVERIFY2(window.scene()->moduleItem(m.id), qPrintable(QString::number(m.id)));
        }
        QCOMPARE(types.value(QStringLiteral("flow.router")), 1);
        QCOMPARE(types.value(QStringLiteral("http.request")), 1);
        QCOMPARE(types.value(QStringLiteral("flow.break")), 1);
        QCOMPARE(types.value(QStringLiteral("flow.ignore")), 1);
        QCOMPARE(types.value(QStringLiteral("flow.resume")), 1);
        QCOMPARE(types.value(Module::foreignType()), 12); // Tally, Airtable, Slack, Gmail
        // The router's two routes, each with its filter, the first the fallback.
        QList<Link> routes;
        int filtered = 0;
        int errorRoutes = 0;
        for (const Link &l : scenario.links()) {
            QVERIFY2(window.scene()->linkItem(l.from, l.to),
                qPrintable(QStringLiteral("%1>%2").arg(l.from).arg(l.to)));
            if (l.from == 2)
                routes.append(l);
            filtered += l.filter.isEmpty() ? 0 : 1;
            errorRoutes += l.onError ? 1 : 0;
        }
        QCOMPARE(routes.size(), 2);
        QCOMPARE(routes[0].to, 3);
        QCOMPARE(routes[0].filter.name, QStringLiteral("Invalid Route"));
        QVERIFY(routes[0].fallback);
        QCOMPARE(routes[1].to, 13);
        QCOMPARE(routes[1].filter.name, QStringLiteral("Valid Route"));
        QCOMPARE(filtered, 2);
        QCOMPARE(scenario.links().size(), 18);
        // The request's error route: an Airtable update, a Slack message, then Break.
        QCOMPARE(errorRoutes, 3);
        const auto errorRouteOf = [&](ModuleId from) {
            for (const Link &l : scenario.links()) {
                if (l.from == from && l.onError)
                    return l.to;
            }
            return ModuleId(0);
        };
        QCOMPARE(errorRouteOf(7), 29);
        QCOMPARE(scenario.module(31).type, QStringLiteral("flow.break"));
        QVERIFY(!window.scene()->moduleItem(2)->toolTip().contains(QLatin1String("placeholder")));

        // The report: a line for each other app's module (the grey ones), and for what a
        // converted module had that Scenarist does not hold; no flow module became grey.
        const QStringList lines = report.split(QLatin1Char('\n'));
        const QStringList convertible
            = MakeBlueprint::httpModuleNames() + MakeBlueprint::flowModuleNames();
        int grey = 0;
        for (const QString &line : lines) {
            const QRegularExpressionMatch m
                = QRegularExpression(QStringLiteral("^\u2022 Module (\\d+) \\(([^,)]+)"))
                      .match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            const Module module = scenario.module(m.captured(1).toInt());
            QCOMPARE(module.foreign.value(QStringLiteral("module")).toString(), m.captured(2));
            if (line.contains(QLatin1String("placeholder"))) {
                ++grey;
                QCOMPARE(module.type, Module::foreignType());
                QVERIFY2(!convertible.contains(m.captured(2)), qPrintable(line));
            } else {
                QVERIFY2(module.type != Module::foreignType(), qPrintable(line));
            }
        }
        QCOMPARE(grey, 12);
        QCOMPARE(lines.size(), 14); // and the request's Make connection, Create JSON's structure

        // Exported back to Make: the same flow tree, routes and error routes in place.
        const QString out = m_dir.filePath(QStringLiteral("lead-intake.blueprint.json"));
        QVERIFY(window.exportBlueprint(out));
        QFile original(path);
        QFile exported(out);
        QVERIFY(original.open(QIODevice::ReadOnly) && exported.open(QIODevice::ReadOnly));
        const QJsonArray before
            = QJsonDocument::fromJson(original.readAll())[QStringLiteral("flow")].toArray();
        const QJsonArray after
            = QJsonDocument::fromJson(exported.readAll())[QStringLiteral("flow")].toArray();
        QCOMPARE(after, before);
    }

    void curlFilesAreReadOnlyWhenTheUserAgrees_data()
    {
        QTest::addColumn<bool>("agree");
        QTest::newRow("no") << false;
        QTest::newRow("yes") << true;
    }

    void curlFilesAreReadOnlyWhenTheUserAgrees()
    {
        QFETCH(bool, agree);
        QTemporaryDir files;
        QVERIFY(files.isValid());
        const QString path = files.filePath(QStringLiteral("token.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"token\":\"FILE-SECRET-1234\"}");
        file.close();

        QTemporaryDir recovery;
        QVERIFY(recovery.isValid());
        MainWindow window(UiTestSupport::windowOptions(recovery));
        window.newScenario();
        bool asked = false;
        QString question;
        UiTestSupport::answerNextMessageBox(
            agree ? QMessageBox::Yes : QMessageBox::No, &asked, &question);
        const ModuleId id = window.importCurl(
            QStringLiteral("curl -H 'Content-Type: application/json' --data-binary @") + path
            + QStringLiteral(" https://api.example.com/items"));
        QVERIFY(asked);
        QVERIFY2(question.contains(QStringLiteral("This command reads these files from your "
                                                  "computer:\n\u2022 ")
                     + path),
            qPrintable(question));
        QVERIFY(question.contains(QLatin1String("Read them into the module?")));
        QCOMPARE(id, 1);
        const HttpRequestSpec spec = window.scenario()->module(id).config;
        QCOMPARE(spec.bodyType, BodyType::Raw);
        if (agree) {
            QCOMPARE(spec.rawContent, QStringLiteral("{\"token\":\"FILE-SECRET-1234\"}"));
            return;
        }
        QCOMPARE(spec.rawContent, CurlCommand::placeholder(path));
        // Nothing of the file went anywhere: not in the module, not in the autosave.
        window.autosaveNow();
        const QDir autosaves(UiTestSupport::windowOptions(recovery).recoveryDirectory);
        const QStringList written = autosaves.entryList(QDir::Files);
        QVERIFY(!written.isEmpty());
        bool placeholderSaved = false;
        for (const QString &name : written) {
            QFile saved(autosaves.filePath(name));
            QVERIFY(saved.open(QIODevice::ReadOnly));
            const QByteArray bytes = saved.readAll();
            QVERIFY2(!bytes.contains("FILE-SECRET"), qPrintable(name));
            placeholderSaved = placeholderSaved || bytes.contains("token.json, not read]");
        }
        QVERIFY(placeholderSaved); // the autosave does hold the module
    }

    void curlWithoutFilesAsksNothing()
    {
        MainWindow window(options());
        window.newScenario();
        bool asked = false;
        UiTestSupport::answerNextMessageBox(QMessageBox::No, &asked);
        QCOMPARE(window.importCurl(QStringLiteral("curl -d 'a=@b' https://x.example/")), 1);
        QVERIFY(!asked); // a question would have been answered inside importCurl
    }

    void curlCommandBecomesAModuleOrReplacesOne()
    {
        MainWindow window(options());
        window.newScenario();
        const ModuleId id = window.importCurl(QStringLiteral(
            "curl 'https://api.example.com/items?page=2' -X POST -H 'Accept: application/json' "
            "--data-raw '{\"name\":\"Tea\"}' -H 'Content-Type: application/json'"));
        QCOMPARE(id, 1);
        const HttpRequestSpec spec = window.scenario()->module(1).config;
        QCOMPARE(spec.method, QStringLiteral("POST"));
        QCOMPARE(spec.url, QStringLiteral("https://api.example.com/items"));
        QCOMPARE(spec.query.size(), 1);
        QCOMPARE(spec.bodyType, BodyType::Raw);
        QCOMPARE(window.undoStack()->count(), 1); // one step: add a module from curl

        QCOMPARE(window.importCurl(QStringLiteral("curl https://example.org/other"), 1), 1);
        QCOMPARE(
            window.scenario()->module(1).config.url, QStringLiteral("https://example.org/other"));
        QCOMPARE(window.scenario()->modules().size(), 1);
        window.undoStack()->undo();
        QCOMPARE(window.scenario()->module(1).config.method, QStringLiteral("POST"));
    }

    void copyAsCurlFromTheInspectorAndTheModule()
    {
        MainWindow window(options());
        window.openExample();
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnce();
        QVERIFY(finished.wait(20000));
        window.inspectModule(1);
        auto *button = window.inspector()->findChild<QPushButton *>(QStringLiteral("copyAsCurl"));
        QVERIFY(button && button->isEnabled());
        button->click();
        const QString sent = QGuiApplication::clipboard()->text();
        QVERIFY2(sent.startsWith(QLatin1String("curl")), qPrintable(sent));
        QVERIFY(
            sent.contains(window.sandbox()->baseUrl().toString() + QStringLiteral("/oauth/token")));
        QVERIFY2(!sent.contains(QLatin1String("demo-secret")), qPrintable(sent));
        window.inspector()->setSecretsShown(true);
        button->click();
        QVERIFY(QGuiApplication::clipboard()->text().contains(QLatin1String("demo-secret")));

        // The configured request of module 2, with its mappings filled in from the run.
        const QString configured = window.curlForModule(2);
        const QString token = window.runner()
                                  ->results()
                                  .run(1)
                                  .output[QStringLiteral("data")][QStringLiteral("access_token")]
                                  .toString();
        QVERIFY(!token.isEmpty());
        QVERIFY2(configured.contains(QStringLiteral("Bearer ") + token)
                || configured.contains(QLatin1String("Bearer ********")),
            qPrintable(configured));
        QVERIFY2(configured.contains(QLatin1String("/api/me")), qPrintable(configured));
        QVERIFY(!configured.contains(QLatin1String("{{")));
    }
};

QTEST_MAIN(TestInterop)
#include "tst_interop.moc"
