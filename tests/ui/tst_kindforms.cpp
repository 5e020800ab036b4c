#include "UiTestSupport.h"
#include "core/kinds/KindRegistry.h"
#include "core/kinds/arrayaggregator/ArrayAggregatorKind.h"
#include "core/kinds/break/BreakKind.h"
#include "core/kinds/getvariables/GetVariablesKind.h"
#include "core/kinds/iterator/IteratorKind.h"
#include "core/kinds/jsoncreate/JsonCreateKind.h"
#include "core/kinds/jsonparse/JsonParseKind.h"
#include "core/kinds/repeater/RepeaterKind.h"
#include "core/kinds/resume/ResumeKind.h"
#include "core/kinds/setvariables/SetVariablesKind.h"
#include "core/kinds/sleep/SleepKind.h"
#include "core/kinds/textaggregator/TextAggregatorKind.h"
#include "core/kinds/throw/ThrowKind.h"
#include "core/model/Scenario.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/kinds/KindPicker.h"
#include "ui/kinds/KindSettingsPage.h"
#include "ui/mapping/MappingField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

#include <functional>

/// Adding modules of every kind through the picker, and each kind's settings form: what the
/// person sets is what the module holds, one undo step per edit.
class TestKindForms : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /// Module 1 a request, module 2 of `type` (its default settings) linked after it.
    static void fill(Scenario &scenario, const QString &type)
    {
        Module first;
        first.id = 1;
        scenario.addModule(first);
        Module second;
        second.id = 2;
        second.type = type;
        second.settings = KindRegistry::find(type)->makeDefault();
        second.position = QPointF(300, 0);
        scenario.addModule(second);
        scenario.link(1, 2);
    }

    static void type(MappingField *field, const QString &text)
    {
        QVERIFY(field);
        field->setFocus();
        QTest::keyClick(field, Qt::Key_End);
        QTest::keyClicks(field, text);
    }

    static void answerPicker(const std::function<void(KindPicker *)> &answer, bool *asked)
    {
        auto *timer = new QTimer(qApp);
        QObject::connect(timer, &QTimer::timeout, qApp, [=] {
            if (auto *picker = qobject_cast<KindPicker *>(QApplication::activeModalWidget())) {
                timer->stop();
                timer->deleteLater();
                *asked = true;
                answer(picker);
            }
        });
        timer->start(20);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void pickerListsEveryKindButPlaceholders()
    {
        KindPicker picker;
        QStringList expected;
        for (const KindInfo &kind : KindRegistry::kinds()) {
            // Directives end error routes: "Add error handler" offers them (tst_flowcanvas).
            if (!kind.placeholder && kind.directive == FlowDirective::None)
                expected.append(kind.type);
        }
        QStringList listed = picker.visibleTypes();
        QCOMPARE(listed.size(), expected.size());
        std::sort(listed.begin(), listed.end());
        std::sort(expected.begin(), expected.end());
        QCOMPARE(listed, expected);
        QVERIFY(!picker.visibleTypes().contains(Module::foreignType()));
        // Grouped as Make groups them: requests first, then flow control.
        QCOMPARE(picker.visibleTypes().first(), Module::httpRequestType());
        QCOMPARE(picker.list()->item(0)->text(), QStringLiteral("HTTP"));
        // Every kind has its icon and words.
        for (const QString &type : picker.visibleTypes()) {
            const KindFormInfo *entry = KindForms::find(type);
            QVERIFY2(entry, qPrintable(type));
            QVERIFY(!entry->description.isEmpty());
            QVERIFY(!KindForms::icon(type).isNull());
        }
    }

    void searchFiltersAndTheKeyboardChooses()
    {
        KindPicker picker;
        picker.show();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        QTest::keyClicks(picker.searchField(), QStringLiteral("aggreg"));
        QCOMPARE(picker.visibleTypes(),
            QStringList({ArrayAggregatorConfig::typeName(), TextAggregatorConfig::typeName()}));
        QCOMPARE(picker.currentType(), ArrayAggregatorConfig::typeName());
        QTest::keyClick(picker.searchField(), Qt::Key_Down);
        QCOMPARE(picker.currentType(), TextAggregatorConfig::typeName());
        QTest::keyClick(picker.searchField(), Qt::Key_Down);
        QCOMPARE(picker.currentType(), TextAggregatorConfig::typeName());
        QTest::keyClick(picker.searchField(), Qt::Key_Up);
        QCOMPARE(picker.currentType(), ArrayAggregatorConfig::typeName());

        picker.searchField()->clear();
        QTest::keyClicks(picker.searchField(), QStringLiteral("JSON"));
        QCOMPARE(picker.visibleTypes(),
            QStringList({JsonParseConfig::typeName(), JsonCreateConfig::typeName()}));
        // Names count first: "it" is the iterator, not every kind whose words hold "it".
        picker.searchField()->clear();
        QTest::keyClicks(picker.searchField(), QStringLiteral("it"));
        QCOMPARE(picker.visibleTypes(), QStringList({IteratorConfig::typeName()}));
        QCOMPARE(picker.currentType(), IteratorConfig::typeName());
        // No name matches: the plain words do.
        picker.searchField()->clear();
        QTest::keyClicks(picker.searchField(), QStringLiteral("wait"));
        QCOMPARE(picker.visibleTypes(), QStringList({SleepConfig::typeName()}));
        picker.searchField()->clear();
        QTest::keyClicks(picker.searchField(), QStringLiteral("zzz"));
        QVERIFY(picker.visibleTypes().isEmpty());
        QVERIFY(picker.currentType().isEmpty());

        picker.searchField()->clear();
        QTest::keyClicks(picker.searchField(), QStringLiteral("sleep"));
        QTest::keyClick(picker.searchField(), Qt::Key_Return);
        QCOMPARE(picker.result(), int(QDialog::Accepted));
        QCOMPARE(picker.currentType(), SleepConfig::typeName());
    }

    void plusAddsTheChosenKindLinkedInOneUndoStep()
    {
        MainWindow::Options options = UiTestSupport::windowOptions(m_dir);
        options.chooseKind = nullptr; // the real picker
        MainWindow window(options);
        window.resize(1024, 640);
        window.show();
        window.newScenario();
        QCOMPARE(window.addModule(), 1);
        ScenarioScene *scene = window.scene();

        bool asked = false;
        answerPicker(
            [](KindPicker *picker) {
                QTest::keyClicks(picker->searchField(), QStringLiteral("Iterator"));
                QTest::keyClick(picker->searchField(), Qt::Key_Return);
            },
            &asked);
        const int steps = window.undoStack()->count();
        emit scene->addModuleRequested(QPointF(300, 0), 1);
        QVERIFY(asked);
        QCOMPARE(window.scenario()->modules().size(), 2);
        const Module added = window.scenario()->module(2);
        QCOMPARE(added.type, IteratorConfig::typeName());
        QVERIFY(added.settings == iteratorKind().makeDefault());
        QVERIFY(window.scenario()->findLink(1, 2));
        QCOMPARE(window.undoStack()->count(), steps + 1);
        // Its settings show its own form.
        QCOMPARE(window.moduleEditor()->kindPage()->module(), 2);
        QVERIFY(window.moduleEditor()->kindPage()->isVisibleTo(window.moduleEditor()));

        window.undoStack()->undo();
        QCOMPARE(window.scenario()->modules().size(), 1);
        QVERIFY(!window.scenario()->findLink(1, 2));

        // "Make a request" adds a request as before; cancelling adds nothing.
        answerPicker([](KindPicker *picker) { picker->accept(); }, &asked);
        emit scene->addModuleRequested(QPointF(300, 0), 1);
        QCOMPARE(window.scenario()->modules().size(), 2);
        QCOMPARE(window.scenario()->modules().last().type, Module::httpRequestType());
        QCOMPARE(window.moduleEditor()->urlField()->isVisibleTo(window.moduleEditor()), true);
        answerPicker([](KindPicker *picker) { picker->reject(); }, &asked);
        QCOMPARE(window.chooseAndAddModule(), 0);
        QCOMPARE(window.scenario()->modules().size(), 2);
    }

    void formsRoundTrip_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("edits"); // distinct undo steps the edits make
        QTest::newRow("iterator") << IteratorConfig::typeName() << 1;
        QTest::newRow("repeater") << RepeaterConfig::typeName() << 3;
        QTest::newRow("sleep") << SleepConfig::typeName() << 1;
        QTest::newRow("parse json") << JsonParseConfig::typeName() << 1;
        QTest::newRow("throw") << ThrowConfig::typeName() << 1;
        QTest::newRow("break") << BreakConfig::typeName() << 2;
        QTest::newRow("get variables") << GetVariablesConfig::typeName() << 1;
        QTest::newRow("set variables") << SetVariablesConfig::typeName() << 3;
        QTest::newRow("resume") << ResumeConfig::typeName() << 2;
        QTest::newRow("create json") << JsonCreateConfig::typeName() << 2;
        QTest::newRow("text aggregator") << TextAggregatorConfig::typeName() << 3;
        QTest::newRow("array aggregator") << ArrayAggregatorConfig::typeName() << 4;
    }

    void formsRoundTrip()
    {
        QFETCH(QString, kind);
        QFETCH(int, edits);
        Scenario scenario;
        fill(scenario, kind);
        QUndoStack stack;
        ModuleEditor editor;
        editor.setScenario(&scenario, &stack);
        editor.resize(420, 700);
        editor.show();
        editor.setModule(2);
        KindForm *form = editor.kindPage()->form();
        QVERIFY(form);
        QVERIFY(editor.kindPage()->isVisible());
        const KindConfig before = scenario.module(2).settings;
        auto field = [form](const char *name) {
            return form->findChild<MappingField *>(QLatin1String(name));
        };
        auto rows = [form](const char *name) {
            return form->findChild<KeyValueTable *>(QLatin1String(name));
        };
        auto addRow = [&](KeyValueTable *table, const QString &name, const QString &value) {
            QVERIFY(table);
            table->addButton()->click();
            const int row = table->rowCount() - 1;
            type(table->nameField(row), name);
            type(table->valueField(row), value);
        };
        auto choose = [form](const char *name, int index) {
            auto *combo = form->findChild<QComboBox *>(QLatin1String(name));
            QVERIFY(combo);
            combo->setCurrentIndex(index);
            emit combo->activated(index);
        };
        const QString item = QStringLiteral("{{1.data.items}}");
        KindConfig expected;
        if (kind == IteratorConfig::typeName()) {
            type(field("array"), item);
            IteratorConfig config;
            config.array = item;
            expected = KindConfig::of(config);
        } else if (kind == RepeaterConfig::typeName()) {
            RepeaterConfig config;
            config.start = QStringLiteral("15");
            config.repeats = QStringLiteral("14");
            config.step = QStringLiteral("12");
            type(field("start"), QStringLiteral("5"));
            type(field("repeats"), QStringLiteral("4"));
            type(field("step"), QStringLiteral("2"));
            expected = KindConfig::of(config);
        } else if (kind == SleepConfig::typeName()) {
            SleepConfig config;
            config.seconds = QStringLiteral("12");
            type(field("seconds"), QStringLiteral("2"));
            expected = KindConfig::of(config);
        } else if (kind == JsonParseConfig::typeName()) {
            JsonParseConfig config;
            config.json = QStringLiteral("{{1.data}}");
            type(field("json"), config.json);
            expected = KindConfig::of(config);
        } else if (kind == ThrowConfig::typeName()) {
            ThrowConfig config;
            config.message = QStringLiteral("No items in {{1.data}}");
            type(field("message"), config.message);
            expected = KindConfig::of(config);
        } else if (kind == BreakConfig::typeName()) {
            BreakConfig config;
            config.count = 5;
            config.intervalSeconds = 30;
            form->findChild<QSpinBox *>(QStringLiteral("count"))->setValue(5);
            form->findChild<QSpinBox *>(QStringLiteral("intervalSeconds"))->setValue(30);
            expected = KindConfig::of(config);
        } else if (kind == GetVariablesConfig::typeName()) {
            GetVariablesConfig config;
            config.names = QStringList({QStringLiteral("total"), QStringLiteral("page")});
            auto *names = form->findChild<QPlainTextEdit *>(QStringLiteral("names"));
            names->setFocus();
            QTest::keyClicks(names, QStringLiteral("total"));
            QTest::keyClick(names, Qt::Key_Return);
            QTest::keyClicks(names, QStringLiteral("page"));
            expected = KindConfig::of(config);
        } else if (kind == SetVariablesConfig::typeName()) {
            SetVariablesConfig config;
            config.scope = SetVariablesConfig::Scope::Execution;
            config.variables = {{QStringLiteral("total"), QStringLiteral("{{1.data.count}}")}};
            choose("scope", 1);
            addRow(rows("variables"), config.variables[0].name, config.variables[0].value);
            expected = KindConfig::of(config);
        } else if (kind == ResumeConfig::typeName()) {
            ResumeConfig config;
            config.output = {{QStringLiteral("status"), QStringLiteral("skipped")}};
            addRow(rows("output"), QStringLiteral("status"), QStringLiteral("skipped"));
            expected = KindConfig::of(config);
        } else if (kind == JsonCreateConfig::typeName()) {
            JsonCreateConfig config;
            config.value = QJsonObject {{QStringLiteral("name"), QStringLiteral("{{1.data}}")}};
            addRow(rows("fields"), QStringLiteral("name"), QStringLiteral("{{1.data}}"));
            expected = KindConfig::of(config);
        } else if (kind == TextAggregatorConfig::typeName()) {
            TextAggregatorConfig config;
            config.source = 1;
            config.text = QStringLiteral("{{1.name}}");
            config.rowSeparator = QStringLiteral(",");
            choose("source", 1);
            type(field("text"), config.text);
            choose("rowSeparator", 2);
            expected = KindConfig::of(config);
        } else if (kind == ArrayAggregatorConfig::typeName()) {
            ArrayAggregatorConfig config;
            config.source = 1;
            config.fields = {{QStringLiteral("id"), QStringLiteral("{{1.id}}")}};
            config.stopIfEmpty = true;
            choose("source", 1);
            addRow(rows("fields"), QStringLiteral("id"), QStringLiteral("{{1.id}}"));
            form->findChild<QCheckBox *>(QStringLiteral("stopIfEmpty"))->setChecked(true);
            expected = KindConfig::of(config);
        }
        QCOMPARE(scenario.module(2).settings.toJson(), expected.toJson());
        QVERIFY(scenario.module(2).settings == expected);
        QCOMPARE(stack.count(), edits);
        QVERIFY(form->settings() == expected);

        // Undo step by step brings back the defaults, and the form shows them.
        for (int i = 0; i < edits; ++i)
            stack.undo();
        QVERIFY(scenario.module(2).settings == before);
        QVERIFY(form->settings() == before);
        // Redo: the form follows again.
        while (stack.canRedo())
            stack.redo();
        QVERIFY(form->settings() == expected);
    }

    void oneUndoStepPerEdit()
    {
        Scenario scenario;
        fill(scenario, BreakConfig::typeName());
        QUndoStack stack;
        ModuleEditor editor;
        editor.setScenario(&scenario, &stack);
        editor.setModule(2);
        auto *count = editor.kindPage()->form()->findChild<QSpinBox *>(QStringLiteral("count"));
        count->setValue(4);
        count->setValue(5);
        count->setValue(6);
        QCOMPARE(stack.count(), 1);
        QCOMPARE(scenario.module(2).settings.as<BreakConfig>()->count, 6);
        stack.undo();
        QCOMPARE(scenario.module(2).settings.as<BreakConfig>()->count, BreakConfig().count);
        QCOMPARE(count->value(), BreakConfig().count);
    }

    void aggregatorSourceOffersOnlyModulesBeforeIt()
    {
        Scenario scenario;
        fill(scenario, IteratorConfig::typeName());
        Module aggregator;
        aggregator.id = 3;
        aggregator.type = ArrayAggregatorConfig::typeName();
        aggregator.settings = arrayAggregatorKind().makeDefault();
        scenario.addModule(aggregator);
        scenario.link(2, 3);
        Module after;
        after.id = 4;
        scenario.addModule(after);
        scenario.link(3, 4);
        Module apart;
        apart.id = 5;
        scenario.addModule(apart);
        QUndoStack stack;
        ModuleEditor editor;
        editor.setScenario(&scenario, &stack);
        editor.setModule(3);
        auto *source = editor.kindPage()->form()->findChild<QComboBox *>(QStringLiteral("source"));
        QVERIFY(source);
        QList<int> offered;
        for (int i = 0; i < source->count(); ++i) {
            if (source->itemData(i).toInt() != 0)
                offered.append(source->itemData(i).toInt());
        }
        QCOMPARE(offered, QList<int>({1, 2}));
        QVERIFY(source->itemText(source->findData(2)).contains(QStringLiteral("Iterator")));
        // A module linked in before it later joins the list.
        scenario.unlink(3, 4);
        scenario.link(5, 1);
        offered.clear();
        for (int i = 0; i < source->count(); ++i) {
            if (source->itemData(i).toInt() != 0)
                offered.append(source->itemData(i).toInt());
        }
        QCOMPARE(offered, QList<int>({1, 2, 5}));
    }

    void notesForKindsWithNothingToSet()
    {
        for (const QString &kind : {QStringLiteral("flow.router"), QStringLiteral("flow.ignore"),
                 QStringLiteral("flow.commit"), QStringLiteral("flow.rollback")}) {
            Scenario scenario;
            fill(scenario, kind);
            QUndoStack stack;
            ModuleEditor editor;
            editor.setScenario(&scenario, &stack);
            editor.setModule(2);
            KindForm *form = editor.kindPage()->form();
            QVERIFY2(form, qPrintable(kind));
            QVERIFY(!form->findChildren<QLabel *>().isEmpty());
            QVERIFY(form->settings() == scenario.module(2).settings);
        }
    }

    /// With SCENARIST_SCREENSHOT_DIR set (under xvfb-run), saves the picker and two forms as
    /// a person sees them at 1024x640, to look at.
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("SCENARIST_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("SCENARIST_SCREENSHOT_DIR is not set");
        MainWindow::Options options = UiTestSupport::windowOptions(m_dir);
        options.chooseKind = nullptr;
        MainWindow window(options);
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.newScenario();
        window.addModule();
        ScenarioScene *scene = window.scene();
        auto grabScreen = [&](const QString &name) {
            QTest::qWait(300);
            QVERIFY(window.screen()->grabWindow(0).save(dir + QLatin1Char('/') + name));
        };
        bool asked = false;
        answerPicker(
            [&](KindPicker *picker) {
                QTest::qWait(200);
                grabScreen(QStringLiteral("kind-picker.png"));
                QTest::keyClicks(picker->searchField(), QStringLiteral("it"));
                grabScreen(QStringLiteral("kind-picker-search.png"));
                picker->searchField()->clear();
                QTest::keyClicks(picker->searchField(), QStringLiteral("iterator"));
                QTest::keyClick(picker->searchField(), Qt::Key_Return);
            },
            &asked);
        emit scene->addModuleRequested(QPointF(300, 0), 1);
        QVERIFY(asked);
        type(window.moduleEditor()->kindPage()->form()->findChild<MappingField *>(
                 QStringLiteral("array")),
            QStringLiteral("{{1.data.items}}"));
        grabScreen(QStringLiteral("form-iterator.png"));
        answerPicker(
            [](KindPicker *picker) {
                QTest::keyClicks(picker->searchField(), QStringLiteral("array"));
                QTest::keyClick(picker->searchField(), Qt::Key_Return);
            },
            &asked);
        emit scene->addModuleRequested(QPointF(600, 0), 2);
        KindForm *form = window.moduleEditor()->kindPage()->form();
        auto *source = form->findChild<QComboBox *>(QStringLiteral("source"));
        source->setCurrentIndex(source->findData(2));
        emit source->activated(source->currentIndex());
        auto *fields = form->findChild<KeyValueTable *>(QStringLiteral("fields"));
        fields->addButton()->click();
        type(fields->nameField(0), QStringLiteral("id"));
        type(fields->valueField(0), QStringLiteral("{{2.id}}"));
        grabScreen(QStringLiteral("form-array-aggregator.png"));
        answerPicker(
            [](KindPicker *picker) {
                QTest::keyClicks(picker->searchField(), QStringLiteral("break"));
                QTest::keyClick(picker->searchField(), Qt::Key_Return);
            },
            &asked);
        emit scene->addModuleRequested(QPointF(900, 0), 3);
        grabScreen(QStringLiteral("form-break.png"));
    }
};

QTEST_MAIN(TestKindForms)
#include "tst_kindforms.moc"
