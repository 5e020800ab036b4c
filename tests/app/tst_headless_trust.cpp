#include "HeadlessProcess.h"
#include "TestHttpServer.h"
#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"
#include "core/trust/Origin.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

/// scenarist-run with files from elsewhere (docs/sharing-scenarios-safely.md): secrets given
/// for the run may be restricted to hosts, the report says where each went; local files are
/// read only inside the scenario's folder or --allow-files, never from /proc, never larger
/// than --max-file-mb. What the server received is checked byte for byte.
class TestHeadlessTrust : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestHttpServer m_server;
    static constexpr auto Secret = "env-secret-value-77";

    QString writeScenario(const QString &folder, const QString &name, const Module &module)
    {
        QDir().mkpath(folder);
        ScenarioDocument document;
        document.name = QStringLiteral("Shared");
        document.modules.append(module);
        const QString path = QDir(folder).filePath(name);
        QString error;
        if (!ScenarioFile::save(document, path, &error))
            qWarning("%s", qPrintable(error));
        return path;
    }
    Module headerModule(const QString &value) const
    {
        Module module;
        module.id = 1;
        module.config.url = m_server.url(QStringLiteral("/h")).toString();
        module.config.headers = {{QStringLiteral("X-Api-Key"), value}};
        return module;
    }
    Module uploadModule(const QString &file) const
    {
        Module module;
        module.id = 1;
        module.config.method = QStringLiteral("POST");
        module.config.url = m_server.url(QStringLiteral("/upload")).toString();
        module.config.bodyType = BodyType::Multipart;
        MultipartField field;
        field.name = QStringLiteral("file");
        field.file = file;
        module.config.multipartFields = {field};
        return module;
    }
    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    QHash<QString, QString> secret() const
    {
        return {{QStringLiteral("SCENARIST_SECRET_API_KEY"), QLatin1String(Secret)}};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.listen());
    }

    void aRestrictedSecretIsNotSentElsewhere()
    {
        const QString path = writeScenario(m_dir.filePath(QStringLiteral("s1")),
            QStringLiteral("a.scenario.json"), headerModule(QStringLiteral("{{secrets.api_key}}")));
        const int before = m_server.requestCount();
        const HeadlessOutcome o = runHeadless(
            {QStringLiteral("--secret-hosts"), QStringLiteral("API_KEY=auth.example.com"), path},
            secret());
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains("may be sent to https://auth.example.com, http://auth.example.com "
                                "only; this module sends it to "
                     + Origin::of(m_server.url()).toUtf8()),
            o.out);
        QTest::qWait(50);
        QCOMPARE(m_server.requestCount(), before);

        // Its own host, written as host:port, lets it through.
        const QString host = QStringLiteral("api_key=127.0.0.1:%1").arg(m_server.port());
        const HeadlessOutcome ok
            = runHeadless({QStringLiteral("--secret-hosts"), host, path}, secret());
        QVERIFY2(ok.exitCode == 0, ok.out + ok.err);
        QVERIFY(m_server.lastRequest().raw.contains(QByteArray("X-Api-Key: ") + Secret));
        QVERIFY2(ok.out.contains("Secret \xe2\x80\x9c"
                                 "api_key\xe2\x80\x9d was sent to "
                     + Origin::of(m_server.url()).toUtf8()),
            ok.out);
        QVERIFY(!ok.out.contains(Secret));
    }

    void theJsonReportSaysWhereEachSecretWentAndMasksDerivedValues()
    {
        const QString path
            = writeScenario(m_dir.filePath(QStringLiteral("s2")), QStringLiteral("b.scenario.json"),
                headerModule(QStringLiteral("{{base64(secrets.api_key)}}")));
        const HeadlessOutcome o
            = runHeadless({QStringLiteral("--output"), QStringLiteral("json"), path}, secret());
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        const QByteArray encoded = QByteArray(Secret).toBase64();
        QVERIFY(m_server.lastRequest().raw.contains("X-Api-Key: " + encoded));
        QVERIFY2(!o.out.contains(encoded), o.out);
        const QJsonObject report = QJsonDocument::fromJson(o.out).object();
        QCOMPARE(report.value(QStringLiteral("secrets")).toArray(),
            QJsonArray({QJsonObject {{QStringLiteral("name"), QStringLiteral("api_key")},
                {QStringLiteral("sentTo"), QJsonArray {Origin::of(m_server.url())}}}}));
    }

    void filesAreReadOnlyInsideTheScenariosFolder()
    {
        const QString folder = m_dir.filePath(QStringLiteral("project"));
        writeFile(QDir(folder).filePath(QStringLiteral("data/inside.txt")), "inside-bytes");
        const QString outside = m_dir.filePath(QStringLiteral("elsewhere/outside.txt"));
        writeFile(outside, "outside-bytes");

        // A relative path starts at the scenario's folder.
        const QString relative = writeScenario(folder, QStringLiteral("rel.scenario.json"),
            uploadModule(QStringLiteral("data/inside.txt")));
        HeadlessOutcome o = runHeadless({relative});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        QVERIFY(m_server.lastRequest().raw.contains("inside-bytes"));

        const QString away
            = writeScenario(folder, QStringLiteral("away.scenario.json"), uploadModule(outside));
        const int before = m_server.requestCount();
        o = runHeadless({away});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains(outside.toUtf8()), o.out);
        QTest::qWait(50);
        QCOMPARE(m_server.requestCount(), before);

        o = runHeadless(
            {QStringLiteral("--allow-files"), m_dir.filePath(QStringLiteral("elsewhere")), away});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        QVERIFY(m_server.lastRequest().raw.contains("outside-bytes"));
    }

    // A path from a server's answer ({{1.data.path}}) never reads outside the folders.
    void aPathFromAServersAnswerIsNotRead()
    {
        const QString folder = m_dir.filePath(QStringLiteral("computed"));
        const QString outside = m_dir.filePath(QStringLiteral("computed-away/private.txt"));
        writeFile(outside, "private-bytes");
        m_server.route("/where",
            TestHttpServer::Response::json(QJsonDocument(
                QJsonObject {{QStringLiteral("path"),
                    outside}}).toJson(QJsonDocument::Compact)));
        ScenarioDocument document;
        Module ask;
        ask.id = 1;
        ask.config.url = m_server.url(QStringLiteral("/where")).toString();
        Module upload = uploadModule(QStringLiteral("{{1.data.path}}"));
        upload.id = 2;
        document.modules = {ask, upload};
        document.links = {Link {1, 2}};
        QDir().mkpath(folder);
        const QString path = QDir(folder).filePath(QStringLiteral("computed.scenario.json"));
        QString error;
        QVERIFY2(ScenarioFile::save(document, path, &error), qPrintable(error));
        const HeadlessOutcome o = runHeadless({path});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains(outside.toUtf8()), o.out);
        for (const TestHttpServer::Request &request : m_server.requests())
            QVERIFY(!request.raw.contains("private-bytes"));
    }

    // A Make blueprint's file field imports as it is and is refused when run: a blueprint
    // comes from elsewhere, so not even its own folder is implied.
    void aBlueprintsFileFieldIsRefusedWhenRun()
    {
        const QString folder = m_dir.filePath(QStringLiteral("blueprint"));
        const QString beside = QDir(folder).filePath(QStringLiteral("beside.txt"));
        writeFile(beside, "beside-bytes");
        ScenarioDocument document;
        document.name = QStringLiteral("Upload");
        document.modules.append(uploadModule(beside));
        const QByteArray blueprint
            = QJsonDocument(MakeBlueprint::exportScenario(document)).toJson();
        const QString path = QDir(folder).filePath(QStringLiteral("upload.blueprint.json"));
        writeFile(path, blueprint);
        const int before = m_server.requestCount();
        HeadlessOutcome o = runHeadless({path});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains(beside.toUtf8()), o.out);
        QTest::qWait(50);
        QCOMPARE(m_server.requestCount(), before);
        // Its folder given explicitly, it runs.
        o = runHeadless({QStringLiteral("--allow-files"), folder, path});
        QVERIFY2(o.exitCode == 0, o.out + o.err);
        QVERIFY(m_server.lastRequest().raw.contains("beside-bytes"));
    }

    void systemFilesAndLargeFilesAreNeverRead_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("options");
        QTest::newRow("environment of the process")
            << "/proc/self/environ"
            << QStringList {QStringLiteral("--allow-files"), QStringLiteral("/proc")};
        QTest::newRow("endless device")
            << "/dev/zero" << QStringList {QStringLiteral("--allow-files"), QStringLiteral("/dev")};
        QTest::newRow("larger than --max-file-mb")
            << "BIG" << QStringList {QStringLiteral("--max-file-mb"), QStringLiteral("1")};
    }
    void systemFilesAndLargeFilesAreNeverRead()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, options);
        const QString folder = m_dir.filePath(QStringLiteral("system"));
        if (file == QLatin1String("BIG")) {
            file = QDir(folder).filePath(QStringLiteral("big.bin"));
            writeFile(file, QByteArray(2 * 1024 * 1024, 'x'));
        }
        const QString path
            = writeScenario(folder, QStringLiteral("sys.scenario.json"), uploadModule(file));
        const int before = m_server.requestCount();
        const HeadlessOutcome o = runHeadless(options + QStringList {path},
            {{QStringLiteral("SCENARIST_SECRET_API_KEY"), QLatin1String(Secret)}});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.out.contains(file.toUtf8()), o.out);
        QTest::qWait(50);
        QCOMPARE(m_server.requestCount(), before);
    }
};

QTEST_GUILESS_MAIN(TestHeadlessTrust)
#include "tst_headless_trust.moc"
