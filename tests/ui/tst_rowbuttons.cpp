#include "core/model/HttpRequestSpec.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/help/Help.h"
#include "ui/mapping/MappingField.h"

#include <QApplication>
#include <QMainWindow>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtTest>

/// The buttons of a header, query or form row (move up, move down, remove): out of the Tab
/// chain, so that Tab and then Space in a form never deletes a row, and still reachable by
/// the keyboard through the row's shortcuts.
class TestRowButtons : public QObject
{
    Q_OBJECT

private:
    static QList<NameValue> twoRows()
    {
        return {{QStringLiteral("Accept"), QStringLiteral("application/json")},
            {QStringLiteral("X-Trace"), QStringLiteral("on")}};
    }

private slots:
    void tabFromAValueNeverLandsOnARowButton()
    {
        QWidget window;
        auto *table = new KeyValueTable(KeyValueTable::Kind::NameValue, &window);
        table->setItemWords(QStringLiteral("Header"), QStringLiteral("Add a header"));
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(table);
        table->setRows(twoRows());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        table->valueField(0)->setFocus();
        QTRY_VERIFY(table->valueField(0)->hasFocus());
        // Tab from the first value goes on to the next row's name, not to a button.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY(!qobject_cast<QToolButton *>(QApplication::focusWidget()));
        QCOMPARE(QApplication::focusWidget(), table->nameField(1));
        // Tab from the last value goes to "Add a header"; Space there adds, never removes.
        table->valueField(1)->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), table->addButton());
        for (QToolButton *button : table->findChildren<QToolButton *>())
            QCOMPARE(button->focusPolicy(), Qt::NoFocus);
        QCOMPARE(table->rowCount(), 2);
    }

    void shortcutsInTheRowRemoveAndMoveIt()
    {
        QWidget window;
        auto *table = new KeyValueTable(KeyValueTable::Kind::NameValue, &window);
        table->setItemWords(QStringLiteral("Header"), QStringLiteral("Add a header"));
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(table);
        table->setRows(twoRows());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSignalSpy restructured(table, &KeyValueTable::rowsRestructured);

        // Alt+Shift+Down in the first row's value moves that row down.
        table->valueField(0)->setFocus();
        QTRY_VERIFY(table->valueField(0)->hasFocus());
        QTest::keyClick(table->valueField(0), Qt::Key_Down, Qt::AltModifier | Qt::ShiftModifier);
        QCOMPARE(table->rows().first().name, QStringLiteral("X-Trace"));

        // Ctrl+Shift+Delete in a row removes it (and only it).
        table->nameField(1)->setFocus();
        QTRY_VERIFY(table->nameField(1)->hasFocus());
        QTest::keyClick(
            table->nameField(1), Qt::Key_Delete, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->rows().first().name, QStringLiteral("X-Trace"));
        QVERIFY(restructured.count() >= 2);
    }

    void helpListsTheRowShortcuts()
    {
        QMainWindow window;
        const QString page = Help::keyboardShortcutsHtml(&window);
        QVERIFY(page.contains(QStringLiteral("Ctrl+Shift+Delete")));
        QVERIFY(page.contains(QStringLiteral("Alt+Shift+Up")));
    }
};

QTEST_MAIN(TestRowButtons)
#include "tst_rowbuttons.moc"
