// The inspector's "copy mapping" and the mapping panel write the same path for the same key,
// and that path reads the value back.

#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingContext.h"
#include "core/mapping/MappingPathText.h"
#include "ui/inspector/JsonTreeModel.h"
#include "ui/mapping/MappingTreeModel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

class TestMappingPaths : public QObject
{
    Q_OBJECT
private slots:
    void bothModelsGiveOnePath_data();
    void bothModelsGiveOnePath();
};

void TestMappingPaths::bothModelsGiveOnePath_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("segment");
    QTest::newRow("plain") << QStringLiteral("access_token") << QStringLiteral("access_token");
    QTest::newRow("dash") << QStringLiteral("content-type") << QStringLiteral("`content-type`");
    QTest::newRow("space") << QStringLiteral("first name") << QStringLiteral("`first name`");
    QTest::newRow("dot") << QStringLiteral("a.b") << QStringLiteral("`a.b`");
    QTest::newRow("backtick") << QStringLiteral("a`b") << QStringLiteral("`a``b`");
    QTest::newRow("backtick at the end") << QStringLiteral("ab`") << QStringLiteral("`ab```");
    QTest::newRow("digits only") << QStringLiteral("2024") << QStringLiteral("`2024`");
    QTest::newRow("starts with a digit") << QStringLiteral("2nd") << QStringLiteral("`2nd`");
    QTest::newRow("unicode") << QStringLiteral("prénom") << QStringLiteral("prénom");
    QTest::newRow("emoji") << QStringLiteral("😀") << QStringLiteral("`😀`");
    QTest::newRow("keyword") << QStringLiteral("null") << QStringLiteral("`null`");
    QTest::newRow("empty") << QString() << QStringLiteral("``");
    QTest::newRow("braces") << QStringLiteral("}}") << QStringLiteral("`}}`");
}

void TestMappingPaths::bothModelsGiveOnePath()
{
    QFETCH(QString, key);
    QFETCH(QString, segment);
    const QString value = QStringLiteral("the value of ") + key;
    QJsonObject data {{key, value}, {QStringLiteral("other"), 1}};

    QCOMPARE(MappingPathText::keySegment(key), segment);

    // The mapping panel.
    MappingTreeModel picker;
    MappingSource source;
    source.id = 1;
    source.hasOutput = true;
    source.output = QJsonObject {{QStringLiteral("statusCode"), 200},
        {QStringLiteral("headers"), QJsonArray()}, {QStringLiteral("cookies"), QJsonObject()},
        {QStringLiteral("data"), data}};
    picker.setSources({source});
    QStandardItem *dataItem = MappingTreeModel::child(picker.moduleItem(1), QStringLiteral("data"));
    QStandardItem *keyItem = MappingTreeModel::child(dataItem, key);
    QVERIFY(keyItem);
    const QString fromPicker = keyItem->data(MappingTreeModel::ExpressionRole).toString();

    // The inspector's tree ("copy mapping" adds the module id in front).
    JsonTreeModel inspector;
    inspector.setJson(data, QStringLiteral("data"));
    QString fromInspector;
    for (int row = 0; row < inspector.rowCount(); ++row) {
        const QModelIndex index = inspector.index(row, 0);
        if (index.data(JsonTreeModel::JsonValueRole).toJsonValue() == QJsonValue(value))
            fromInspector = QStringLiteral("1.") + index.data(JsonTreeModel::PathRole).toString();
    }

    QCOMPARE(fromPicker, QStringLiteral("1.data.") + segment);
    QCOMPARE(fromInspector, fromPicker);

    MappingContext context;
    context.moduleOutputs.insert(1, source.output);
    const FieldTemplate::Result result
        = evaluateField(QStringLiteral("{{%1}}").arg(fromPicker), context);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.text, value);
}

QTEST_MAIN(TestMappingPaths)
#include "tst_mappingpaths.moc"
