#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingFunctions.h"

#include <QtTest>

/// Every function of the mapping library explains itself: the Help's mapping reference is
/// generated from this table, so a function without words or a working example would show
/// up there empty or broken.
class TestMappingReference : public QObject
{
    Q_OBJECT

private slots:
    void everyFunctionHasDescriptionAndExample_data();
    void everyFunctionHasDescriptionAndExample();
};

void TestMappingReference::everyFunctionHasDescriptionAndExample_data()
{
    QTest::addColumn<QString>("name");
    const QList<const MappingFunction *> functions = MappingFunctions::all();
    QVERIFY(functions.size() > 30);
    for (const MappingFunction *function : functions)
        QTest::newRow(function->name) << QString::fromLatin1(function->name);
}

void TestMappingReference::everyFunctionHasDescriptionAndExample()
{
    QFETCH(QString, name);
    const MappingFunction *function = MappingFunctions::find(name);
    QVERIFY(function);
    QVERIFY2(function->description && qstrlen(function->description) > 10, "no description");
    QVERIFY2(function->example && qstrlen(function->example) > 0, "no example");
    const QString example = QString::fromUtf8(function->example);
    // The example shows the function itself, not another one.
    QVERIFY2(example.contains(name + QLatin1Char('('), Qt::CaseInsensitive)
            || (function->keyword && example.contains(name)),
        qPrintable(example));
    const FieldTemplate field = FieldTemplate::parse(example);
    QVERIFY2(field.errors().isEmpty(), qPrintable(field.errors().value(0).message));
    const FieldTemplate::Result result = field.evaluate(MappingFunctions::exampleContext());
    QVERIFY2(result.ok(), qPrintable(example + QStringLiteral(": ") + result.error));
    QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char(' '))));
    QVERIFY2(!result.text.isEmpty(), qPrintable(example + QStringLiteral(" gives nothing")));
}

QTEST_GUILESS_MAIN(TestMappingReference)
#include "tst_mappingreference.moc"
