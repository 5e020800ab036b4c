#include "TestHttpServer.h"
#include "UiTestSupport.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/trust/Origin.h"
#include "core/trust/SecretBindings.h"
#include "ui/MainWindow.h"
#include "ui/connections/KeychainSecretProvider.h"
#include "ui/connections/SecretPlacesEditor.h"
#include "ui/trust/TrustGuard.h"

#include <QFile>
#include <QFrame>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

/// Scenarios from elsewhere in the app (docs/sharing-scenarios-safely.md), as a person meets
/// them: a file made elsewhere asks to send a secret of the user's own scenario to another
/// server: refused with the offer to allow, nothing sent; allowing works. Files it would read
/// are asked about before the run. What the servers received is checked byte for byte.
class TestTrust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    static constexpr auto Secret = "my-own-api-key-123";

    static KeychainSecretProvider *secretsOf(MainWindow &window)
    {
        return window.findChild<KeychainSecretProvider *>(QStringLiteral("secretProvider"));
    }
    static bool runAndWait(MainWindow &window)
    {
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        const bool ok = finished.wait(20000) && finished.first().first().toBool();
        for (const Module &m : window.scenario()->modules()) {
            const ModuleRun run = window.runner()->results().run(m.id);
            if (run.status != ModuleRunStatus::Succeeded)
                qInfo("module %d %s: %s", m.id, qPrintable(statusKey(run.status)),
                    qPrintable(run.error));
        }
        return ok;
    }
    /// Clicks the button named `buttonName` of the trust question as soon as it shows.
    static void answerQuestion(
        MainWindow &window, const QString &boxName, const QString &buttonName, QString *text)
    {
        auto *timer = new QTimer(&window);
        QObject::connect(
            timer, &QTimer::timeout, &window, [&window, timer, boxName, buttonName, text] {
                QMessageBox *box = window.trustGuard()->question();
                if (!box || box->objectName() != boxName || !box->isVisible())
                    return;
                *text = box->text() + QLatin1Char('\n') + box->informativeText();
                for (QAbstractButton *button : box->buttons()) {
                    if (button->objectName() == buttonName
                        || (buttonName.isEmpty()
                            && box->buttonRole(button) == QMessageBox::NoRole)) {
                        button->click();
                        timer->deleteLater();
                        return;
                    }
                }
            });
        timer->start(20);
    }
    QString writeFile(const QString &name, const Module &module)
    {
        ScenarioDocument document;
        document.name = QStringLiteral("From someone else");
        document.modules.append(module);
        const QString path = m_dir.filePath(name);
        QString error;
        if (!ScenarioFile::save(document, path, &error))
            qWarning("%s", qPrintable(error));
        return path;
    }
    static Module headerModule(const QUrl &url)
    {
        Module module;
        module.id = 1;
        module.config.url = url.toString();
        module.config.headers
            = {{QStringLiteral("X-Api-Key"), QStringLiteral("{{secrets.api_key}}")}};
        return module;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QFile::remove(qEnvironmentVariable("SCENARIST_TRUST_FILE"));
        // No keychain: secrets are kept for the session, bound like keychain secrets.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/scenarist-test-bus");
    }

    void aFileFromElsewhereCannotTakeASecretToAnotherServer()
    {
        TestHttpServer mine;
        TestHttpServer theirs;
        QVERIFY(mine.listen());
        QVERIFY(theirs.listen());
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1280, 800);
        window.show();

        // Scenario 1, made here: its first run binds the secret to its server.
        window.newScenario();
        QVERIFY(window.trustGuard()->isTrusted());
        QVERIFY(window.trustGuard()->notice()->isHidden());
        secretsOf(window)->setSessionValue(QStringLiteral("api_key"), QLatin1String(Secret));
        const ModuleId added = window.addModule();
        window.scenario()->setModuleConfig(
            added, headerModule(mine.url(QStringLiteral("/mine"))).config);
        QVERIFY(runAndWait(window));
        QVERIFY(mine.lastRequest().raw.contains(QByteArray("X-Api-Key: ") + Secret));
        QCOMPARE(SecretBindings::allowedOrigins(QStringLiteral("api_key")).value_or(QStringList()),
            QStringList {Origin::of(mine.url())});

        // Scenario 2, a file made elsewhere, sends the same secret to another server.
        const QString path = writeFile(QStringLiteral("theirs.scenario.json"),
            headerModule(theirs.url(QStringLiteral("/steal"))));
        QVERIFY(window.openFile(path));
        QVERIFY(!window.trustGuard()->isTrusted());
        QVERIFY(!window.trustGuard()->notice()->isHidden());

        QString asked;
        answerQuestion(window, QStringLiteral("secretRefusal"), QString(), &asked);
        QVERIFY(!runAndWait(window));
        QTRY_VERIFY_WITH_TIMEOUT(!asked.isEmpty(), 5000);
        QVERIFY2(asked.contains(Origin::of(theirs.url())), qPrintable(asked));
        QVERIFY2(asked.contains(QLatin1String("steal")), qPrintable(asked));
        const ModuleRun refused = window.runner()->results().run(1);
        QVERIFY2(refused.error.contains(QLatin1String("may be sent to ") + Origin::of(mine.url())
                     + QLatin1String(" only")),
            qPrintable(refused.error));
        QTest::qWait(100);
        QCOMPARE(theirs.requestCount(), 0);

        // Allowing it (the button names the place and the secret) lets the next run send it.
        asked.clear();
        answerQuestion(
            window, QStringLiteral("secretRefusal"), QStringLiteral("allowSecret"), &asked);
        QVERIFY(!runAndWait(window));
        QTRY_VERIFY_WITH_TIMEOUT(!asked.isEmpty(), 5000);
        QTRY_VERIFY(!window.trustGuard()->question());
        QVERIFY(SecretBindings::allowedOrigins(QStringLiteral("api_key"))
                    .value_or(QStringList())
                    .contains(Origin::of(theirs.url())));
        QVERIFY(runAndWait(window));
        QVERIFY(theirs.lastRequest().raw.contains(QByteArray("X-Api-Key: ") + Secret));

        // The places can be seen and changed under Connections: taking the other server
        // away stops the next run before anything is sent.
        auto *places = window.findChild<SecretPlacesEditor *>();
        QVERIFY(places);
        places->select(QStringLiteral("api_key"));
        QCOMPARE(places->placesEdit()->text(),
            Origin::of(mine.url()) + QStringLiteral(", ") + Origin::of(theirs.url()));
        places->placesEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(mine.port()));
        QVERIFY(places->savePlaces());
        const int before = theirs.requestCount();
        answerQuestion(window, QStringLiteral("secretRefusal"), QString(), &asked);
        QVERIFY(!runAndWait(window));
        QTest::qWait(100);
        QCOMPARE(theirs.requestCount(), before);
    }

    void aFileSavedHereIsTheUsersOwn()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        window.newScenario();
        window.addModule();
        const QString path = m_dir.filePath(QStringLiteral("mine.scenario.json"));
        // Save as: the file dialog is not shown when the window has a path already.
        QVERIFY(window.saveTo(path));
        QVERIFY(window.openFile(path));
        QVERIFY(window.trustGuard()->isTrusted());
        QVERIFY(window.trustGuard()->notice()->isHidden());

        // The same bytes from elsewhere would be trusted too; one byte more is not.
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("\n");
        file.close();
        QVERIFY(window.openFile(path));
        QVERIFY(!window.trustGuard()->isTrusted());
        QTest::mouseClick(
            window.trustGuard()->notice()->findChild<QPushButton *>(QStringLiteral("trustButton")),
            Qt::LeftButton);
        QVERIFY(window.trustGuard()->isTrusted());
        QVERIFY(window.trustGuard()->notice()->isHidden());
    }

    void filesAreReadOnlyWithConsent()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        const QString secretFile = m_dir.filePath(QStringLiteral("private-notes.txt"));
        QFile notes(secretFile);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("my private notes");
        notes.close();
        Module upload;
        upload.id = 1;
        upload.config.method = QStringLiteral("POST");
        upload.config.url = server.url(QStringLiteral("/upload")).toString();
        upload.config.bodyType = BodyType::Multipart;
        MultipartField field;
        field.name = QStringLiteral("file");
        field.file = secretFile;
        upload.config.multipartFields = {field};
        const QString path = writeFile(QStringLiteral("upload.scenario.json"), upload);

        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(path));
        QString asked;
        answerQuestion(window, QStringLiteral("fileConsent"), QString(), &asked);
        QVERIFY(!runAndWait(window));
        QVERIFY2(asked.contains(secretFile), qPrintable(asked));
        QVERIFY(window.runner()->results().run(1).error.contains(secretFile));
        QTest::qWait(100);
        QCOMPARE(server.requestCount(), 0);

        answerQuestion(window, QStringLiteral("fileConsent"), QStringLiteral("allowFiles"), &asked);
        QVERIFY(runAndWait(window));
        QVERIFY(server.lastRequest().raw.contains("my private notes"));
        // Allowed once for this document: the next run does not ask again.
        QVERIFY(runAndWait(window));
        QCOMPARE(server.requestCount(), 2);
    }

    // A connection's client certificate and key are files too (docs/connections.md).
    void aClientCertificateIsReadOnlyWithConsent()
    {
        auto tls = [](const char *name) {
            QFile file(QStringLiteral(SCENARIST_SOURCE_DIR "/resources/sandbox-tls/")
                + QLatin1String(name));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(QSslCertificate(tls("server.pem")));
        ssl.setPrivateKey(QSslKey(tls("server.key"), QSsl::Rsa));
        ssl.setCaCertificates(QSslCertificate::fromData(tls("ca.pem")));
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        TestHttpServer server;
        QVERIFY(server.listenTls(ssl));

        const QString certificate
            = QStringLiteral(SCENARIST_SOURCE_DIR "/resources/sandbox-tls/client.pem");
        const QString key
            = QStringLiteral(SCENARIST_SOURCE_DIR "/resources/sandbox-tls/client.key");
        Connection mtls;
        mtls.id = QStringLiteral("mtls");
        mtls.type = Connection::clientCertificateType();
        mtls.certificateFile = certificate;
        mtls.privateKeyFile = key;
        Module module;
        module.id = 1;
        module.config.url = server.url(QStringLiteral("/hello")).toString();
        module.config.caCertificate = QString::fromLatin1(tls("ca.pem"));
        module.config.authentication = AuthType::Connection;
        module.config.connection = mtls.id;
        ScenarioDocument document;
        document.name = QStringLiteral("From someone else");
        document.modules.append(module);
        document.connections.append(mtls);
        const QString path = m_dir.filePath(QStringLiteral("mtls.scenario.json"));
        QString error;
        QVERIFY2(ScenarioFile::save(document, path, &error), qPrintable(error));

        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(path));
        QVERIFY(!window.trustGuard()->isTrusted());
        QString asked;
        answerQuestion(window, QStringLiteral("fileConsent"), QString(), &asked);
        QVERIFY(!runAndWait(window));
        QVERIFY2(asked.contains(certificate) && asked.contains(key), qPrintable(asked));
        QVERIFY2(window.runner()->results().run(1).error.contains(certificate),
            qPrintable(window.runner()->results().run(1).error));
        QTest::qWait(100);
        QCOMPARE(server.connectionCount(), 0);

        answerQuestion(window, QStringLiteral("fileConsent"), QStringLiteral("allowFiles"), &asked);
        QVERIFY(runAndWait(window));
        QCOMPARE(server.requestCount(), 1);
    }
};

QTEST_MAIN(TestTrust)
#include "tst_trust.moc"
