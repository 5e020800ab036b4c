#include "ui/inspector/JsonTreeModel.h"
#include "ui/inspector/JsonTreeView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QScrollBar>
#include <QTest>
#include <QTreeView>

class TestJsonTreeView : public QObject
{
    Q_OBJECT

private slots:
    void scrollingDownFetchesTheNextPages();
    void copyActionsFollowTheCurrentRow();
    void longNamesAreShownWhole();
};

void TestJsonTreeView::scrollingDownFetchesTheNextPages()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonArray list;
    for (int i = 0; i < 5000; ++i)
        list.append(i);
    model.setJson(QJsonObject {{QStringLiteral("items"), list}, {QStringLiteral("z"), 1}},
        QStringLiteral("data"));
    JsonTreeView view;
    view.setJsonModel(&model);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QModelIndex items = model.index(0, 0);
    view.expand(items);
    QTRY_VERIFY(model.rowCount(items) >= model.pageSize());
    QVERIFY(model.rowCount(items) < 5000); // not everything at once

    // Scrolling to the end of what is there brings the next page, until the list is complete.
    for (int i = 0; i < 10 && model.rowCount(items) < 5000; ++i) {
        view.scrollTo(model.index(model.rowCount(items) - 1, 0, items));
        QTest::qWait(20);
    }
    QCOMPARE(model.rowCount(items), 5000);
    QCOMPARE(model.index(4999, 0, items).data().toString(), QStringLiteral("5000"));
}

void TestJsonTreeView::copyActionsFollowTheCurrentRow()
{
    JsonTreeModel model;
    model.setJson(QJsonObject {{QStringLiteral("items"),
                      QJsonArray {QStringLiteral("a"), QStringLiteral("b c")}}},
        QStringLiteral("data"));
    JsonTreeView view;
    view.setJsonModel(&model);
    view.show();
    QVERIFY(!view.copyValueAction()->isEnabled()); // nothing chosen yet

    view.expand(model.index(0, 0));
    QTRY_COMPARE(model.rowCount(model.index(0, 0)), 2);
    view.setCurrentIndex(model.index(1, JsonTreeModel::ValueColumn, model.index(0, 0)));
    // Without a module id there is nothing to map to.
    QVERIFY(view.copyValueAction()->isEnabled());
    QVERIFY(!view.copyMappingAction()->isEnabled());

    view.setModuleId(3);
    QVERIFY(view.copyMappingAction()->isEnabled());
    view.copyMappingAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("{{3.data.items[2]}}"));
    view.copyValueAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("b c"));
}

void TestJsonTreeView::longNamesAreShownWhole()
{
    // Last run's data in a narrow dock: "token_expires_at" is read whole, not "token_expires…",
    // while the value column still has room.
    JsonTreeModel model;
    model.setJson(QJsonObject {{QStringLiteral("token_expires_at"), QStringLiteral("2026-12-03")},
                      {QStringLiteral("scope"), QStringLiteral("read")}},
        QStringLiteral("data"));
    JsonTreeView view;
    view.setJsonModel(&model);
    view.resize(300, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QModelIndex name = model.index(1, JsonTreeModel::NameColumn);
    QCOMPARE(name.data().toString(), QStringLiteral("token_expires_at"));
    // What the name column needs to show every name unshortened, indentation included.
    const int needed
        = static_cast<QAbstractItemView &>(view).sizeHintForColumn(JsonTreeModel::NameColumn);
    QVERIFY(needed > view.fontMetrics().horizontalAdvance(name.data().toString()));
    // More than a share of 35 % of the width, which shortened it before.
    QVERIFY2(needed > view.viewport()->width() * 35 / 100,
        qPrintable(
            QStringLiteral("names need %1 px of %2").arg(needed).arg(view.viewport()->width())));
    QTRY_VERIFY2(view.columnWidth(JsonTreeModel::NameColumn) >= needed,
        qPrintable(QStringLiteral("name column %1 px, names need %2 px")
                       .arg(view.columnWidth(JsonTreeModel::NameColumn))
                       .arg(needed)));
    QVERIFY(view.columnWidth(JsonTreeModel::ValueColumn) >= 100);
}

QTEST_MAIN(TestJsonTreeView)
#include "tst_inspector_jsontreeview.moc"
