#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/LinkItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/filters/FilterEditor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/mapping/MappingTreeModel.h"

#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

#include <memory>

/// The filter on a link, built, read and changed through the filter editor's widgets only
/// (no syntax typed), one undo step per OK, shown on the canvas with its counts after a run.
class TestFilterEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QWidget> m_window;
    Scenario *m_scenario = nullptr;
    QUndoStack *m_stack = nullptr;
    ScenarioScene *m_scene = nullptr;
    CanvasView *m_view = nullptr;

    /// Clicks the round sign in the middle of a link, as a person does, and returns the
    /// editor that opens.
    FilterEditor *clickSign(ModuleId from, ModuleId to)
    {
        LinkItem *link = m_scene->linkItem(from, to);
        if (!link)
            return nullptr;
        FilterEditor *opened = nullptr;
        auto connection = connect(m_scene, &ScenarioScene::filterEditorOpened, this,
            [&opened](FilterEditor *editor) { opened = editor; });
        const QPointF centre = link->mapToScene(link->filterSignRect().center());
        m_view->centerOn(centre);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, m_view->mapFromScene(centre));
        disconnect(connection);
        if (opened && !QTest::qWaitForWindowExposed(opened))
            return nullptr;
        return opened;
    }

    /// The picker's row for `expression` ("1.data.total"), in the view's model.
    static QModelIndex findValue(
        QTreeView *view, const QString &expression, const QModelIndex &parent = QModelIndex())
    {
        QAbstractItemModel *model = view->model();
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (index.data(MappingTreeModel::ExpressionRole).toString() == expression)
                return index;
            const QModelIndex found = findValue(view, expression, index);
            if (found.isValid())
                return found;
        }
        return {};
    }

    /// Clicks into `field`, then clicks `expression` in the editor's picker.
    static bool pickValue(FilterEditor *editor, MappingField *field, const QString &expression)
    {
        QTest::mouseClick(field->viewport(), Qt::LeftButton, {}, QPoint(5, 5));
        if (!field->hasFocus() || editor->picker()->targetField() != field)
            return false;
        QTreeView *view = editor->picker()->view();
        const QModelIndex index = findValue(view, expression);
        if (!index.isValid())
            return false;
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        return true;
    }

    /// Chooses an operator by the words the list shows.
    static bool chooseWords(QComboBox *box, const QString &words)
    {
        for (int i = 0; i < box->count(); ++i) {
            if (box->itemText(i).trimmed() == words) {
                box->setFocus();
                box->setCurrentIndex(i);
                return true;
            }
        }
        return false;
    }

    static FilterCondition condition(const char *a, const char *o, const char *b = nullptr)
    {
        FilterCondition c;
        c.a = QLatin1String(a);
        c.o = QLatin1String(o);
        if (b)
            c.b = QLatin1String(b);
        return c;
    }

    Filter bigOrders() const
    {
        Filter filter;
        filter.name = QStringLiteral("Big orders");
        filter.conditions = {{condition("{{1.data.total}}", "number:greater", "100"),
                                 condition("{{1.data.status}}", "text:equal:ci", "paid")},
            {condition("{{1.data.vip}}", "exist")}};
        return filter;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_window = std::make_unique<QWidget>();
        m_scenario = new Scenario(m_window.get());
        m_stack = new QUndoStack(m_window.get());
        Module order;
        order.label = QStringLiteral("Get the order");
        Module mail;
        mail.label = QStringLiteral("Send a mail");
        mail.position = QPointF(300, 0);
        m_scenario->addModule(order);
        m_scenario->addModule(mail);
        m_scenario->link(1, 2);
        m_scene = new ScenarioScene(m_scenario, m_stack, m_window.get());
        m_view = new CanvasView(m_scene, m_window.get());
        auto *layout = new QHBoxLayout(m_window.get());
        layout->addWidget(m_view);
        m_window->resize(900, 600);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanup() { m_window.reset(); }

    void buildingAFilterThroughTheWidgets()
    {
        FilterEditor *editor = clickSign(1, 2);
        QVERIFY(editor);
        // What the window gives the picker after a run: module 1's output.
        editor->picker()->setModuleOutput(1, QStringLiteral("Get the order"),
            QJsonObject {{QStringLiteral("data"),
                QJsonObject {{QStringLiteral("total"), 120}, {QStringLiteral("status"), "Paid"},
                    {QStringLiteral("vip"), true}}}});

        editor->nameEdit()->setFocus();
        QTest::keyClicks(editor->nameEdit(), QStringLiteral("Big orders"));

        QVERIFY(pickValue(editor, editor->firstValueField(0, 0), QStringLiteral("1.data.total")));
        QVERIFY(chooseWords(editor->operatorBox(0, 0), QStringLiteral("Number: greater than")));
        QTest::keyClicks(editor->secondValueField(0, 0), QStringLiteral("100"));

        QTest::mouseClick(editor->addAndButton(0), Qt::LeftButton);
        QCOMPARE(editor->rowCount(0), 2);
        QVERIFY(pickValue(editor, editor->firstValueField(0, 1), QStringLiteral("1.data.status")));
        QVERIFY(chooseWords(
            editor->operatorBox(0, 1), QStringLiteral("Text: equal to (case insensitive)")));
        QTest::keyClicks(editor->secondValueField(0, 1), QStringLiteral("paid"));

        QTest::mouseClick(editor->addOrButton(), Qt::LeftButton);
        QCOMPARE(editor->groupCount(), 2);
        QVERIFY(editor->groupBox(1)->title().startsWith(QStringLiteral("or")));
        QVERIFY(pickValue(editor, editor->firstValueField(1, 0), QStringLiteral("1.data.vip")));
        QVERIFY(chooseWords(editor->operatorBox(1, 0), QStringLiteral("Basic: exists")));
        // "exists" looks at one value: no second field.
        QVERIFY(!editor->secondValueField(1, 0)->isVisible());
        // A row left blank is dropped, not an error.
        QTest::mouseClick(editor->addAndButton(1), Qt::LeftButton);
        QCOMPARE(editor->rowCount(1), 2);

        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        QTRY_VERIFY(!editor->isVisible());

        const Filter expected = bigOrders();
        QCOMPARE(m_scenario->findLink(1, 2)->filter, expected);
        QCOMPARE(m_stack->count(), 1);
        QCOMPARE(m_stack->undoText(), QStringLiteral("Set up the filter \u2018Big orders\u2019"));

        // The link shows it: its tooltip names the filter and says its conditions in words.
        LinkItem *link = m_scene->linkItem(1, 2);
        QVERIFY(link->hasFilter());
        QVERIFY2(
            link->toolTip().contains(QStringLiteral("Big orders")), qPrintable(link->toolTip()));
        QVERIFY2(link->toolTip().contains(QStringLiteral("number: greater than")),
            qPrintable(link->toolTip()));

        m_stack->undo();
        QCOMPARE(m_scenario->findLink(1, 2)->filter, Filter {});
        QVERIFY(!link->hasFilter());
        QVERIFY(!link->toolTip().contains(QStringLiteral("Big orders")));
        m_stack->redo();
        QCOMPARE(m_scenario->findLink(1, 2)->filter, expected);
        QVERIFY(link->toolTip().contains(QStringLiteral("Big orders")));
    }

    void theSignShowsOnHoverAndWithAFilter()
    {
        LinkItem *link = m_scene->linkItem(1, 2);
        QVERIFY(!link->isFilterSignShown());
        QVERIFY(link->toolTip().contains(QStringLiteral("round sign")));
        const QPointF centre = link->mapToScene(link->filterSignRect().center());
        m_view->centerOn(centre);
        QTest::mouseMove(m_view->viewport(), m_view->mapFromScene(centre));
        QTRY_VERIFY(link->isFilterSignShown());
        QTest::mouseMove(m_view->viewport(), m_view->mapFromScene(centre + QPointF(0, 200)));
        QTRY_VERIFY(!link->isFilterSignShown());

        QVERIFY(m_scene->setLinkFilter(1, 2, bigOrders()));
        QVERIFY(link->isFilterSignShown());
    }

    void aRowWithoutAValueRefusesOk()
    {
        FilterEditor *editor = clickSign(1, 2);
        QVERIFY(editor);
        QVERIFY(chooseWords(editor->operatorBox(0, 0), QStringLiteral("Number: less than")));
        QTest::keyClicks(editor->secondValueField(0, 0), QStringLiteral("5"));
        QVERIFY(!editor->problemLabel(0, 0)->isVisible());
        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        QVERIFY(editor->isVisible());
        QLabel *problem = editor->problemLabel(0, 0);
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().contains(QStringLiteral("Choose the value to check")),
            qPrintable(problem->text()));
        QCOMPARE(m_stack->count(), 0);
        QCOMPARE(m_scenario->findLink(1, 2)->filter, Filter {});
        editor->reject();
    }

    void editingAFilterShowsItsRows()
    {
        Link link = *m_scenario->findLink(1, 2);
        link.filter = bigOrders();
        m_scenario->updateLink(link);
        QVERIFY(m_scene->linkItem(1, 2)->hasFilter());

        FilterEditor *editor = clickSign(1, 2);
        QVERIFY(editor);
        QCOMPARE(editor->nameEdit()->text(), QStringLiteral("Big orders"));
        QCOMPARE(editor->groupCount(), 2);
        QCOMPARE(editor->rowCount(0), 2);
        QCOMPARE(editor->rowCount(1), 1);
        QCOMPARE(editor->firstValueField(0, 0)->text(), QStringLiteral("{{1.data.total}}"));
        QCOMPARE(editor->operatorBox(0, 0)->currentText().trimmed(),
            QStringLiteral("Number: greater than"));
        QCOMPARE(editor->secondValueField(0, 0)->text(), QStringLiteral("100"));
        QCOMPARE(editor->operatorBox(0, 1)->currentText().trimmed(),
            QStringLiteral("Text: equal to (case insensitive)"));
        QCOMPARE(
            editor->operatorBox(1, 0)->currentText().trimmed(), QStringLiteral("Basic: exists"));
        QVERIFY(!editor->secondValueField(1, 0)->isVisible());

        // Removing the second row of the first box, then OK: one step that undoes.
        QTest::mouseClick(editor->removeButton(0, 1), Qt::LeftButton);
        QCOMPARE(editor->rowCount(0), 1);
        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        Filter expected = bigOrders();
        expected.conditions[0].removeAt(1);
        QCOMPARE(m_scenario->findLink(1, 2)->filter, expected);
        QCOMPARE(m_stack->undoText(), QStringLiteral("Edit the filter \u2018Big orders\u2019"));
        m_stack->undo();
        QCOMPARE(m_scenario->findLink(1, 2)->filter, bigOrders());

        // "Remove the filter" in the link's menu is one step too.
        QVERIFY(m_scene->setLinkFilter(1, 2, Filter {}));
        QCOMPARE(m_stack->undoText(), QStringLiteral("Remove the filter \u2018Big orders\u2019"));
        QVERIFY(!m_scene->linkItem(1, 2)->hasFilter());
        m_stack->undo();
        QCOMPARE(m_scenario->findLink(1, 2)->filter, bigOrders());
    }

    void everyOperatorIsListedInWords()
    {
        FilterEditor *editor = clickSign(1, 2);
        QVERIFY(editor);
        QComboBox *box = editor->operatorBox(0, 0);
        const QStringList known = Filter::knownOperators();
        for (const QString &o : known) {
            const int index = box->findData(o, Qt::UserRole + 1);
            QVERIFY2(index >= 0, qPrintable(o));
            QCOMPARE(box->itemText(index).trimmed(), Filter::operatorChoice(o));
        }
        // Headings and words only: never Make's codes such as "text:equal:ci".
        const QRegularExpression code(QStringLiteral("[a-z]:[a-z]"));
        QStringList headings;
        for (int i = 0; i < box->count(); ++i) {
            const QString text = box->itemText(i);
            QVERIFY2(!code.match(text).hasMatch(), qPrintable(text));
            QVERIFY2(!known.contains(text.trimmed()), qPrintable(text));
            if (box->itemData(i, Qt::UserRole + 1).isNull())
                headings << text;
        }
        QCOMPARE(headings,
            QStringList({QStringLiteral("Basic"), QStringLiteral("Text"), QStringLiteral("Number"),
                QStringLiteral("Date"), QStringLiteral("Time of day"), QStringLiteral("List"),
                QStringLiteral("Yes/no")}));
        editor->reject();
    }

    void countsAfterARunOpenTheStoppedReasons()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openFile(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/router-and-filters.scenario.json")));
        LinkItem *link = window.scene()->linkItem(4, 5);
        QVERIFY(link);
        QVERIFY(link->toolTip().contains(QStringLiteral("More than 2")));
        QVERIFY(link->filterCountsText().isEmpty());

        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnce();
        QVERIFY(finished.wait(30000));
        // Ten items reach the router; the filter "More than 2" lets five through.
        QCOMPARE(link->filterCountsText(), QStringLiteral("5 passed \u00b7 5 stopped"));
        QVERIFY(window.scene()->linkItem(4, 6)->filterCountsText().isEmpty()); // no filter

        // A click on the counts opens the module after the filter, with the stopped bundles.
        CanvasView *view = window.canvasView();
        const QPointF at = link->mapToScene(link->filterCountsRect().center());
        view->centerOn(at);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(at));
        QVERIFY(window.inspectorDock()->isVisible());
        InspectorPanel *inspector = window.inspector();
        auto *title = inspector->findChild<QLabel *>(QStringLiteral("droppedTitle"));
        QVERIFY(title->isVisible());
        QCOMPARE(title->text(), QStringLiteral("Dropped here (5)"));
        auto *dropped = inspector->findChild<QListView *>(QStringLiteral("droppedList"));
        QCOMPARE(dropped->model()->rowCount(), 5);
        const QString reason = dropped->model()->index(0, 0).data().toString();
        QVERIFY2(reason.contains(QStringLiteral("is not greater than 2")), qPrintable(reason));

        // A new run starts from nothing: the counts go until it has finished.
        window.scene()->clearStatuses();
        QVERIFY(link->filterCountsText().isEmpty());
    }

    void aModuleThatNeverRanStillShowsWhatWasStopped()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openFile(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/router-and-filters.scenario.json")));
        // No item costs more than 1000: the filter stops every bundle, module 5 never runs.
        Filter filter = window.scenario()->findLink(4, 5)->filter;
        filter.conditions[0][0].b = QStringLiteral("1000");
        QVERIFY(window.scene()->setLinkFilter(4, 5, filter));
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnce();
        QVERIFY(finished.wait(30000));
        LinkItem *link = window.scene()->linkItem(4, 5);
        QCOMPARE(link->filterCountsText(), QStringLiteral("0 passed \u00b7 10 stopped"));

        CanvasView *view = window.canvasView();
        const QPointF at = link->mapToScene(link->filterCountsRect().center());
        view->centerOn(at);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(at));
        QVERIFY(window.inspectorDock()->isVisible());
        InspectorPanel *inspector = window.inspector();
        QVERIFY(!inspector->isEmpty());
        auto *title = inspector->findChild<QLabel *>(QStringLiteral("droppedTitle"));
        QVERIFY(title->isVisible());
        QCOMPARE(title->text(), QStringLiteral("Dropped here (10)"));
    }
};

QTEST_MAIN(TestFilterEditor)
#include "tst_filtereditor.moc"
