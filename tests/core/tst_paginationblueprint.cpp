// Make v4 blueprints and pagination (docs/pagination.md, docs/make-blueprints.md): the kind
// of pagination of `http:MakeRequest` (its paginationType) comes in and goes out; what a
// blueprint cannot say is listed.

#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

/// Make's own v4 module export, with `paginationType` set (or removed when empty).
QJsonObject v4Module(const QString &paginationType)
{
    QFile file(QStringLiteral(
        SCENARIST_FIXTURES_DIR "/make-blueprints/make-export_v4_http-MakeRequest_module.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QJsonObject module = QJsonDocument::fromJson(file.readAll()).object();
    QJsonObject mapper = module.value("mapper").toObject();
    if (paginationType.isEmpty())
        mapper.remove("paginationType");
    else
        mapper.insert("paginationType", paginationType);
    module.insert("mapper", mapper);
    return module;
}

QJsonObject exportedMapper(const ScenarioDocument &document, QStringList *report)
{
    const QJsonObject blueprint = MakeBlueprint::exportScenario(document, report);
    return blueprint.value("flow").toArray().first().toObject().value("mapper").toObject();
}

} // namespace

class TestPaginationBlueprint : public QObject
{
    Q_OBJECT

private slots:
    void theKindComesInAndGoesOut_data()
    {
        QTest::addColumn<QString>("make");
        QTest::addColumn<int>("mode");
        // The enum the v4 fixture lists for paginationType.
        QTest::newRow("offsetBased") << "offsetBased" << int(PaginationMode::OffsetLimit);
        QTest::newRow("pageBased") << "pageBased" << int(PaginationMode::PageNumber);
        QTest::newRow("urlBased") << "urlBased" << int(PaginationMode::NextUrl);
        QTest::newRow("tokenBased") << "tokenBased" << int(PaginationMode::Cursor);
    }

    void theKindComesInAndGoesOut()
    {
        QFETCH(QString, make);
        QFETCH(int, mode);
        QStringList report;
        QString error;
        const auto document = MakeBlueprint::importScenario(v4Module(make), &report, &error);
        QVERIFY2(document, qPrintable(error));
        QCOMPARE(int(document->modules.first().config.pagination.mode), mode);
        // The report says what the blueprint does not hold, for the person to fill in.
        QVERIFY2(report.join('\n').contains("fetches pages (\u201c" + make + "\u201d)"),
            qPrintable(report.join('\n')));
        QStringList exportReport;
        const QJsonObject mapper = exportedMapper(*document, &exportReport);
        QCOMPARE(mapper.value("paginationType").toString(), make);
    }

    void settingsMadeHereGoOutAsTheirKind()
    {
        QStringList report;
        QString error;
        auto document = MakeBlueprint::importScenario(v4Module(QString()), &report, &error);
        QVERIFY2(document, qPrintable(error));
        QCOMPARE(document->modules.first().config.pagination.mode, PaginationMode::None);
        Pagination &pagination = document->modules.first().config.pagination;
        pagination.mode = PaginationMode::Cursor;
        pagination.parameter = "cursor";
        pagination.nextField = "next_cursor";
        QStringList exportReport;
        const QJsonObject mapper = exportedMapper(*document, &exportReport);
        QCOMPARE(mapper.value("paginationType").toString(), QStringLiteral("tokenBased"));
        QVERIFY2(exportReport.join('\n').contains("pagination settings other than its kind"),
            qPrintable(exportReport.join('\n')));
        // Turned off again: the blueprint says no pagination.
        pagination = Pagination();
        const QJsonObject off = exportedMapper(*document, nullptr);
        QVERIFY(!off.contains("paginationType"));
    }

    void aKindMakeMayAddIsReported()
    {
        QStringList report;
        QString error;
        const auto document
            = MakeBlueprint::importScenario(v4Module("scrollBased"), &report, &error);
        QVERIFY2(document, qPrintable(error));
        QCOMPARE(document->modules.first().config.pagination.mode, PaginationMode::None);
        QVERIFY2(
            report.join('\n').contains("\u201cscrollBased\u201d"), qPrintable(report.join('\n')));
        // Kept as it came.
        QCOMPARE(exportedMapper(*document, nullptr).value("paginationType").toString(),
            QStringLiteral("scrollBased"));
    }
};

QTEST_GUILESS_MAIN(TestPaginationBlueprint)
#include "tst_paginationblueprint.moc"
