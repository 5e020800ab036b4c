// scenarist-run --convert: a Make blueprint or a scenario of any version written converted to
// standard output, without running it; what could not be converted on standard error.

#include "HeadlessProcess.h"
#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString realExports()
{
    return QStringLiteral(SCENARIST_TEST_DATA_DIR "/make-blueprints/real");
}

/// Every module id of a blueprint's flow, routes and error routes included.
void collectIds(const QJsonArray &flow, QSet<int> *ids)
{
    for (const QJsonValue &value : flow) {
        const QJsonObject module = value.toObject();
        ids->insert(module.value(QStringLiteral("id")).toInt());
        for (const QJsonValue &route : module.value(QStringLiteral("routes")).toArray())
            collectIds(route.toObject().value(QStringLiteral("flow")).toArray(), ids);
        collectIds(module.value(QStringLiteral("onerror")).toArray(), ids);
    }
}

} // namespace

class TestConvert : public QObject
{
    Q_OBJECT

private slots:
    void everyRealExportConvertsAndComesBack_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList files
            = QDir(realExports())
                  .entryList({QStringLiteral("*.blueprint.json")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 12);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << QDir(realExports()).filePath(file);
    }

    void everyRealExportConvertsAndComesBack()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject blueprint = QJsonDocument::fromJson(file.readAll()).object();
        QSet<int> ids;
        collectIds(blueprint.value(QStringLiteral("flow")).toArray(), &ids);

        // To a scenario of this version: it reads again, with every module of every route.
        const HeadlessOutcome scenario = runHeadless({QStringLiteral("--convert"), path});
        QVERIFY2(scenario.exitCode == 0, scenario.err.constData());
        QString error;
        const auto document = ScenarioFile::parse(scenario.out, &error);
        QVERIFY2(document, qPrintable(error));
        QSet<int> converted;
        int placeholders = 0;
        for (const Module &module : document->modules) {
            converted.insert(module.id);
            if (module.type == Module::foreignType())
                ++placeholders;
        }
        QCOMPARE(converted, ids);
        // Only modules that are not Make's HTTP requests or flow modules stay placeholders.
        const QStringList convertible
            = MakeBlueprint::httpModuleNames() + MakeBlueprint::flowModuleNames();
        int otherApps = 0;
        for (const Module &module : document->modules) {
            const QString name = module.foreign.value(QStringLiteral("module")).toString();
            if (module.type == Module::foreignType() && !convertible.contains(name))
                ++otherApps;
        }
        QCOMPARE(placeholders, otherApps);

        // And back to a blueprint: the same modules in the same places.
        QTemporaryDir folder;
        const QString saved = folder.filePath(QStringLiteral("converted.scenario.json"));
        QFile out(saved);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(scenario.out);
        out.close();
        const HeadlessOutcome back = runHeadless({QStringLiteral("--convert"), saved,
            QStringLiteral("--to"), QStringLiteral("blueprint")});
        QVERIFY2(back.exitCode == 0, back.err.constData());
        const QJsonObject exported = QJsonDocument::fromJson(back.out).object();
        QSet<int> exportedIds;
        collectIds(exported.value(QStringLiteral("flow")).toArray(), &exportedIds);
        QCOMPARE(exportedIds, ids);
    }

    void aVersionOneScenarioComesOutAsVersionTwo()
    {
        const HeadlessOutcome outcome = runHeadless({QStringLiteral("--convert"),
            QStringLiteral(SCENARIST_SOURCE_DIR
                "/resources/examples/oauth2-client-credentials.scenario.json")});
        QCOMPARE(outcome.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(outcome.out).object();
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("modules")).toArray().size(), 2);
    }

    void whatCannotBeReadIsRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("says");
        QTest::newRow("not JSON") << QByteArray("{\"flow\": [") << QStringLiteral("not a scenario");
        QTest::newRow("a list") << QByteArray("[1, 2]") << QStringLiteral("not a JSON object");
        QTest::newRow("a damaged scenario")
            << QByteArray("{\"format\": \"scenarist-scenario\", \"version\": 2, \"modules\": 3}")
            << QStringLiteral("modules");
    }

    void whatCannotBeReadIsRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, says);
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("bad.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        const HeadlessOutcome outcome = runHeadless({QStringLiteral("--convert"), path});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.out.isEmpty());
        QVERIFY2(QString::fromUtf8(outcome.err).contains(says), outcome.err.constData());
    }

    void toNeedsConvertAndAKnownFormat()
    {
        QCOMPARE(runHeadless({QStringLiteral("--to"), QStringLiteral("blueprint"),
                                 QStringLiteral("x.json")})
                     .exitCode,
            2);
        QCOMPARE(runHeadless({QStringLiteral("--convert"), QStringLiteral("--to"),
                                 QStringLiteral("yaml"), QStringLiteral("x.json")})
                     .exitCode,
            2);
    }
};

QTEST_GUILESS_MAIN(TestConvert)
#include "tst_convert.moc"
