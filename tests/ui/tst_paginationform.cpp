// The Pagination part of the HTTP module's settings (docs/pagination.md): only the way of
// paging shows until one is chosen, then the boxes that way needs; every change is one undo
// step, and undo puts the form back.

#include "core/model/Scenario.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/kinds/http/PaginationSection.h"
#include "ui/mapping/MappingField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>
#include <QUndoStack>

#include <memory>

class TestPaginationForm : public QObject
{
    Q_OBJECT

    std::unique_ptr<QWidget> m_window;
    Scenario *m_scenario = nullptr;
    QUndoStack *m_stack = nullptr;
    ModuleEditor *m_editor = nullptr;

    Pagination pagination() const { return m_scenario->module(2).config.pagination; }
    PaginationSection *section() const { return m_editor->paginationSection(); }
    void choose(QComboBox *box, const QString &key) { box->setCurrentIndex(box->findData(key)); }

private slots:
    void init()
    {
        m_window = std::make_unique<QWidget>();
        m_scenario = new Scenario(m_window.get());
        m_stack = new QUndoStack(m_window.get());
        Module token;
        token.label = QStringLiteral("Get token");
        Module list;
        list.label = QStringLiteral("List items");
        m_scenario->addModule(token);
        m_scenario->addModule(list);
        m_scenario->link(1, 2);
        m_editor = new ModuleEditor(m_window.get());
        m_editor->setScenario(m_scenario, m_stack);
        m_editor->setModule(2);
        auto *layout = new QHBoxLayout(m_window.get());
        layout->addWidget(m_editor);
        m_window->resize(420, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() { m_window.reset(); }

    void onlyTheWayOfPagingShowsAtFirst()
    {
        QVERIFY(section()->modeCombo()->isVisible());
        QCOMPARE(section()->modeCombo()->currentData().toString(), QStringLiteral("none"));
        QVERIFY(!section()->parameterField()->isVisible());
        QVERIFY(!section()->itemsField()->isVisible());
        QVERIFY(!section()->maxPagesSpin()->isVisible());
    }

    void eachWayShowsWhatItNeeds_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("parameter");
        QTest::addColumn<bool>("limit");
        QTest::addColumn<bool>("next");
        QTest::newRow("offset") << "offset" << true << true << false;
        QTest::newRow("page") << "page" << true << false << false;
        QTest::newRow("next address") << "nextUrl" << false << false << true;
        QTest::newRow("cursor") << "cursor" << true << false << true;
    }

    void eachWayShowsWhatItNeeds()
    {
        QFETCH(QString, mode);
        QFETCH(bool, parameter);
        QFETCH(bool, limit);
        QFETCH(bool, next);
        choose(section()->modeCombo(), mode);
        QCOMPARE(Pagination::modeKey(pagination().mode), mode);
        QCOMPARE(section()->parameterField()->isVisible(), parameter);
        QCOMPARE(section()->limitField()->isVisible(), limit);
        QCOMPARE(section()->nextField()->isVisible(), next);
        QVERIFY(section()->itemsField()->isVisible());
        QVERIFY(section()->maxPagesSpin()->isVisible());
        QCOMPARE(section()->maxPagesSpin()->text(), QStringLiteral("at most 100 pages"));
    }

    void everyChangeIsAnUndoStep()
    {
        choose(section()->modeCombo(), QStringLiteral("cursor"));
        QTest::keyClicks(section()->parameterField(), QStringLiteral("cursor"));
        QTest::keyClicks(section()->nextField(), QStringLiteral("next_cursor"));
        choose(section()->sendInCombo(), QStringLiteral("header"));
        choose(section()->outputCombo(), QStringLiteral("item"));
        QTest::keyClicks(section()->itemsField(), QStringLiteral("items"));
        section()->maxPagesSpin()->setValue(20);
        section()->stopStatusesEdit()->setText(QStringLiteral("404; 410 abc"));
        emit section()->stopStatusesEdit()->editingFinished();
        QTest::keyClicks(section()->stopValueField(), QStringLiteral("{{2.data.has_more}}"));
        QTest::keyClicks(section()->stopCompareField(), QStringLiteral("false"));

        const Pagination p = pagination();
        QCOMPARE(p.mode, PaginationMode::Cursor);
        QCOMPARE(p.parameter, QStringLiteral("cursor"));
        QCOMPARE(p.nextField, QStringLiteral("next_cursor"));
        QCOMPARE(p.sendIn, PaginationPlace::Header);
        QCOMPARE(p.output, PaginationOutput::PerItem);
        QCOMPARE(p.itemsField, QStringLiteral("items"));
        QCOMPARE(p.maxPages, 20);
        QCOMPARE(p.stopStatusCodes, (QList<int> {404, 410}));
        QCOMPARE(section()->stopStatusesEdit()->text(), QStringLiteral("404, 410"));
        QCOMPARE(p.stopCondition.conditions.size(), 1);
        QCOMPARE(
            p.stopCondition.conditions.first().first().a, QStringLiteral("{{2.data.has_more}}"));
        QCOMPARE(p.stopCondition.conditions.first().first().o, QStringLiteral("boolean:equal"));
        QCOMPARE(p.stopCondition.conditions.first().first().b, std::optional<QString>("false"));
        // Typing in one box is one step: mode, parameter, next, place, output, items, pages,
        // statuses, the condition's two values.
        QCOMPARE(m_stack->count(), 10);
        // The page's own module may be mapped: it stands for each page.
        QVERIFY(!section()->stopValueField()->hasBrokenReference());
        while (m_stack->canUndo())
            m_stack->undo();
        QCOMPARE(pagination(), Pagination());
        QCOMPARE(section()->modeCombo()->currentData().toString(), QStringLiteral("none"));
        QVERIFY(section()->parameterField()->text().isEmpty());
        QVERIFY(!section()->parameterField()->isVisible());
    }
};

QTEST_MAIN(TestPaginationForm)
#include "tst_paginationform.moc"
