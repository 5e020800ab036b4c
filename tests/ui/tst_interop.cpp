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
#include <QJsonDocument>
#include <QMessageBox>
#include <QPushButton>
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
