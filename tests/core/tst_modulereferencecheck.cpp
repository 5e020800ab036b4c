// Whether a mapping may take a value from a module: one rule and one set of words for the
// field's underline, the settings banner and the canvas.

#include "core/mapping/ModuleReferenceCheck.h"

#include <QTest>

using Problem = ModuleReferenceCheck::Problem;
Q_DECLARE_METATYPE(Problem)

class TestModuleReferenceCheck : public QObject
{
    Q_OBJECT
private slots:
    void check_data();
    void check();
};

void TestModuleReferenceCheck::check_data()
{
    QTest::addColumn<int>("target");
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<QString>("words");
    // Module 3 is being edited; 1 and 2 run before it, 4 after it, 5 was deleted.
    QTest::newRow("earlier") << 1 << Problem::None << QString();
    QTest::newRow("itself") << 3 << Problem::OwnOutput
                            << QStringLiteral("A module cannot use its own output. Pick a value "
                                              "from a module that runs before this one.");
    QTest::newRow("deleted") << 5 << Problem::Deleted
                             << QStringLiteral("Module 5 was deleted, so there is nothing to take "
                                               "from it. Remove this mapping or pick another "
                                               "value.");
    QTest::newRow("later") << 4 << Problem::RunsLater
                           << QStringLiteral("Module 4 runs after this one, so its output is not "
                                             "available here.");
}

void TestModuleReferenceCheck::check()
{
    QFETCH(int, target);
    QFETCH(Problem, problem);
    QFETCH(QString, words);
    const QSet<int> existing {1, 2, 3, 4};
    const QList<int> earlier {1, 2};
    QCOMPARE(ModuleReferenceCheck::check(target, 3, existing, earlier), problem);
    QCOMPARE(ModuleReferenceCheck::problem(target, 3, existing, earlier), words);
}

QTEST_GUILESS_MAIN(TestModuleReferenceCheck)
#include "tst_modulereferencecheck.moc"
