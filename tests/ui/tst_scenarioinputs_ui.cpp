// Scenario inputs in the window (docs/scenario-inputs.md): Scenario › Scenario inputs… is one
// undo step, Run once asks for the inputs first and remembers them, the mapping panel lists
// them, and a renamed input shows where mappings broke.

#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/inputs/InputValueEditor.h"
#include "ui/inputs/RunInputsForm.h"
#include "ui/inputs/ScenarioInputsDialog.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/session/EditingSession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

class TestScenarioInputsUi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QString example()
    {
        return QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/scenario-inputs.scenario.json");
    }

    /// Saves a screenshot of `widget` at 1024×640 when SCENARIST_SCREENSHOT_DIR is set.
    static void screenshot(QWidget *window, QWidget *dialog, const QString &name)
    {
        const QString folder = qEnvironmentVariable("SCENARIST_SCREENSHOT_DIR");
        if (folder.isEmpty())
            return;
        window->resize(1024, 640);
        QTest::qWait(50);
        dialog->grab().save(QStringLiteral("%1/%2.png").arg(folder, name));
        window->grab().save(QStringLiteral("%1/%2-window.png").arg(folder, name));
    }

    static QLineEdit *line(RunInputsForm *form, const QString &name)
    {
        return qobject_cast<QLineEdit *>(form->editor(name)->field());
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void declaringIsOneUndoStep()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(example()));
        QVERIFY(window.session()->isClean());
        QUndoStack *stack = window.session()->undoStack();
        const int steps = stack->count();

        window.scenarioInputsAction()->trigger();
        auto *dialog = window.findChild<ScenarioInputsDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->list()->count(), 3);
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("word"));

        // A new input: a number named limit, required, with a default.
        dialog->addButton()->click();
        QCOMPARE(dialog->list()->count(), 4);
        dialog->nameEdit()->setText(QStringLiteral("limit"));
        dialog->typeBox()->setCurrentIndex(
            dialog->typeBox()->findData(int(ScenarioInput::Type::Number)));
        dialog->requiredBox()->setChecked(true);
        qobject_cast<QLineEdit *>(dialog->defaultEditor()->field())->setText(QStringLiteral("20"));
        dialog->descriptionEdit()->setText(QStringLiteral("At most this many"));
        // A name with a space is refused in plain words, and OK waits for a good one.
        dialog->nameEdit()->setText(QStringLiteral("the limit"));
        QVERIFY(!dialog->okButton()->isEnabled());
        QVERIFY2(dialog->problem().contains(QStringLiteral("cannot name an input")),
            qPrintable(dialog->problem()));
        dialog->nameEdit()->setText(QStringLiteral("limit"));
        QVERIFY(dialog->okButton()->isEnabled());
        // Moved up above page, and page removed: all in the same undo step.
        dialog->upButton()->click();
        QCOMPARE(dialog->list()->item(2)->text(), QStringLiteral("limit"));
        dialog->list()->setCurrentRow(3);
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("page"));
        dialog->removeButton()->click();
        QCOMPARE(dialog->list()->count(), 3);
        screenshot(&window, dialog, QStringLiteral("scenario-inputs-dialog"));
        dialog->okButton()->click();

        const QList<ScenarioInput> inputs = window.scenario()->inputs();
        QCOMPARE(inputs.size(), 3);
        QCOMPARE(inputs.at(2).name, QStringLiteral("limit"));
        QCOMPARE(inputs.at(2).type, ScenarioInput::Type::Number);
        QVERIFY(inputs.at(2).required);
        QCOMPARE(inputs.at(2).defaultValue, QJsonValue(20));
        QCOMPARE(inputs.at(2).description, QStringLiteral("At most this many"));
        QCOMPARE(stack->count(), steps + 1);
        QVERIFY(!window.session()->isClean());
        stack->undo();
        QCOMPARE(window.scenario()->inputs().size(), 3);
        QCOMPARE(window.scenario()->inputs().at(2).name, QStringLiteral("page"));
        QVERIFY(window.session()->isClean());
        stack->redo();
        QCOMPARE(window.scenario()->inputs().at(2).name, QStringLiteral("limit"));
    }

    void cancelChangesNothing()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(example()));
        const int steps = window.session()->undoStack()->count();
        window.scenarioInputsAction()->trigger();
        auto *dialog = window.findChild<ScenarioInputsDialog *>();
        QVERIFY(dialog);
        dialog->removeButton()->click();
        dialog->reject();
        QCOMPARE(window.scenario()->inputs().size(), 3);
        QCOMPARE(window.session()->undoStack()->count(), steps);
    }

    void runOnceAsksFirstAndRemembers()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(example()));
        QSignalSpy started(window.runner(), &ScenarioRunner::runStarted);
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);

        window.runOnceAction()->trigger();
        auto *form = window.findChild<RunInputsForm *>();
        QVERIFY(form);
        QTRY_VERIFY(form->isVisible());
        QVERIFY(!window.runner()->isRunning());
        // Pre-filled with the defaults the first time.
        QCOMPARE(line(form, QStringLiteral("word"))->text(), QStringLiteral("apple"));
        QCOMPARE(line(form, QStringLiteral("pageSize"))->text(), QStringLiteral("5"));
        // A required value left empty is said under its field, and Run waits.
        line(form, QStringLiteral("word"))->clear();
        QVERIFY(!form->runButton()->isEnabled());
        QVERIFY2(form->problem(QStringLiteral("word")).contains(QStringLiteral("required")),
            qPrintable(form->problem(QStringLiteral("word"))));
        line(form, QStringLiteral("word"))->setText(QStringLiteral("pear"));
        line(form, QStringLiteral("pageSize"))->setText(QStringLiteral("2x"));
        QVERIFY(!form->runButton()->isEnabled());
        QVERIFY2(form->problem(QStringLiteral("pageSize"))
                     .contains(QStringLiteral("Expected a number, got '2x'")),
            qPrintable(form->problem(QStringLiteral("pageSize"))));
        form->accept(); // refused while a value is wrong
        QVERIFY(form->isVisible());
        line(form, QStringLiteral("pageSize"))->setText(QStringLiteral("3"));
        QVERIFY(form->problem(QStringLiteral("pageSize")).isEmpty());
        QVERIFY(form->runButton()->isEnabled());
        screenshot(&window, form, QStringLiteral("scenario-inputs-form"));
        form->runButton()->click();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().first().toBool(), true);
        const QString url
            = window.session()->run(2).inputBundle().value(QStringLiteral("url")).toString();
        QVERIFY2(
            url.endsWith(QStringLiteral("/api/items?q=pear&page=1&per_page=3")), qPrintable(url));
        QCOMPARE(window.session()->runInputs().value(QStringLiteral("pageSize")), QJsonValue(3));

        // The next time, the values last used; Cancel runs nothing.
        window.runOnceAction()->trigger();
        QTRY_VERIFY(window.findChild<RunInputsForm *>()
            && window.findChild<RunInputsForm *>()->isVisible());
        form = window.findChild<RunInputsForm *>();
        QCOMPARE(line(form, QStringLiteral("word"))->text(), QStringLiteral("pear"));
        QCOMPARE(line(form, QStringLiteral("pageSize"))->text(), QStringLiteral("3"));
        const int runs = int(started.size());
        form->reject();
        QTest::qWait(100);
        QCOMPARE(int(started.size()), runs);
        QVERIFY(!window.runner()->isRunning());
    }

    void everyTypeHasItsWidget()
    {
        using T = ScenarioInput::Type;
        QList<ScenarioInput> inputs;
        const auto add = [&inputs](const char *name, T type, bool required = false) {
            ScenarioInput input;
            input.name = QLatin1String(name);
            input.type = type;
            input.required = required;
            input.description = QStringLiteral("What %1 is for").arg(input.name);
            inputs.append(input);
            return &inputs.last();
        };
        add("word", T::Text, true);
        add("size", T::Number)->defaultValue = 10;
        add("loud", T::Boolean)->defaultValue = true;
        add("since", T::Date)->defaultValue = QStringLiteral("2026-12-01");
        ScenarioInput *colour = add("colour", T::Select, true);
        colour->options = QStringList {QStringLiteral("red"), QStringLiteral("green")};
        colour->defaultValue = QStringLiteral("green");
        add("tags", T::Array)->defaultValue = QJsonArray {QStringLiteral("a"), QStringLiteral("b")};
        add("extra", T::Collection)->defaultValue = QJsonObject {{"team", "blue"}};
        QWidget parent;
        parent.resize(1024, 640);
        RunInputsForm form(inputs, QStringLiteral("scenarioInputs/test-every-type"), &parent);
        form.show();
        QVERIFY(qobject_cast<QLineEdit *>(form.editor("word")->field()));
        QCOMPARE(qobject_cast<QLineEdit *>(form.editor("size")->field())->text(), "10");
        QVERIFY(qobject_cast<QCheckBox *>(form.editor("loud")->field())->isChecked());
        auto *date = qobject_cast<QDateTimeEdit *>(form.editor("since")->field());
        QVERIFY(date && date->calendarPopup());
        QCOMPARE(date->date(), QDate(2026, 12, 1));
        QCOMPARE(qobject_cast<QComboBox *>(form.editor("colour")->field())->currentText(), "green");
        QCOMPARE(
            qobject_cast<QPlainTextEdit *>(form.editor("tags")->field())->toPlainText(), "a\nb");
        auto *table = qobject_cast<QTableWidget *>(form.editor("extra")->field());
        QVERIFY(table);
        QCOMPARE(table->item(0, 0)->text(), "team");
        // The required text is empty: said under its field, and Run waits.
        QVERIFY(!form.runButton()->isEnabled());
        QVERIFY(form.problem("word").contains(QStringLiteral("required")));
        qobject_cast<QLineEdit *>(form.editor("word")->field())->setText(QStringLiteral("pear"));
        QVERIFY(form.runButton()->isEnabled());
        // The values as the run gets them: typed, not text.
        QCOMPARE(form.values().value("size"), QJsonValue(10));
        QCOMPARE(form.values().value("loud"), QJsonValue(true));
        QCOMPARE(form.values().value("since"), QJsonValue("2026-12-01"));
        QCOMPARE(form.values().value("tags"),
            QJsonValue(QJsonArray {QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(form.values().value("extra"), QJsonValue(QJsonObject {{"team", "blue"}}));
        screenshot(&parent, &form, QStringLiteral("scenario-inputs-form-every-type"));
    }

    void scenarioWithoutInputsRunsAtOnce()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(QStringLiteral(
            SCENARIST_SOURCE_DIR "/resources/examples/oauth2-client-credentials.scenario.json")));
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(!window.findChild<RunInputsForm *>());
        QVERIFY(finished.wait(30000));
    }

    void mappingPanelListsTheInputs()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(example()));
        MappingTreeModel *model = window.mappingPanel()->model();
        QStandardItem *group = MappingTreeModel::child(
            model->topLevel(QStringLiteral("Variables")), QStringLiteral("Scenario inputs"));
        QVERIFY(group);
        QCOMPARE(group->rowCount(), 3);
        QStandardItem *word = MappingTreeModel::child(group, QStringLiteral("word"));
        QVERIFY(word);
        QCOMPARE(word->data(MappingTreeModel::ExpressionRole).toString(),
            QStringLiteral("var.input.word"));
        QCOMPARE(group->child(0, MappingTreeModel::ValueColumn)->text(),
            QStringLiteral("Text, required"));
        QCOMPARE(group->child(2, MappingTreeModel::ValueColumn)->text(), QStringLiteral("Number"));
        // A newly declared input shows at once, before any run.
        QList<ScenarioInput> inputs = window.scenario()->inputs();
        ScenarioInput flag;
        flag.name = QStringLiteral("loud");
        flag.type = ScenarioInput::Type::Boolean;
        inputs.append(flag);
        window.scenario()->setInputs(inputs);
        group = MappingTreeModel::child(
            model->topLevel(QStringLiteral("Variables")), QStringLiteral("Scenario inputs"));
        QVERIFY(MappingTreeModel::child(group, QStringLiteral("loud")));
    }

    void renamedInputShowsWhereMappingsBroke()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(example()));
        QVERIFY(ModuleEditor::brokenReferences(*window.scenario(), 2).isEmpty());
        window.scenarioInputsAction()->trigger();
        auto *dialog = window.findChild<ScenarioInputsDialog *>();
        QVERIFY(dialog);
        dialog->nameEdit()->setText(QStringLiteral("term"));
        dialog->okButton()->click();
        const QStringList problems = ModuleEditor::brokenReferences(*window.scenario(), 2);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(QStringLiteral("no input called \u201cword\u201d")),
            qPrintable(problems.first()));
        window.session()->undoStack()->undo();
        QVERIFY(ModuleEditor::brokenReferences(*window.scenario(), 2).isEmpty());
    }
};

QTEST_MAIN(TestScenarioInputsUi)
#include "tst_scenarioinputs_ui.moc"
