#pragma once

#include "core/model/ScenarioInputs.h"

#include <QDialog>

class InputValueEditor;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

/// Scenario › Scenario inputs…: declares what the scenario asks for before it runs, in plain
/// words (docs/scenario-inputs.md): a list with Add, Remove, Up and Down, and for the chosen
/// input its name, type, whether it is required, a default in the widget its type calls for,
/// a description and, for a choice from a list, its options one per line. OK stays disabled
/// while ScenarioInputs::check() finds something wrong, and says what.
class ScenarioInputsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ScenarioInputsDialog(const QList<ScenarioInput> &inputs, QWidget *parent = nullptr);

    /// The inputs as declared in the dialog now.
    QList<ScenarioInput> inputs() const { return m_inputs; }

    QListWidget *list() const { return m_list; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *upButton() const { return m_up; }
    QPushButton *downButton() const { return m_down; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *typeBox() const { return m_type; }
    QCheckBox *requiredBox() const { return m_required; }
    QPlainTextEdit *optionsEdit() const { return m_options; }
    QLineEdit *descriptionEdit() const { return m_description; }
    InputValueEditor *defaultEditor() const { return m_default; }
    QPushButton *okButton() const { return m_ok; }
    /// What is wrong, shown above the buttons; empty when OK may be pressed.
    QString problem() const;

private:
    void showInput(int row);
    /// Reads the fields into the chosen input.
    void readFields();
    void rebuildDefault();
    void refreshList();
    void check();
    void move(int by);

    QList<ScenarioInput> m_inputs;
    int m_current = -1;
    bool m_loading = false;
    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QWidget *m_details;
    QLineEdit *m_name;
    QComboBox *m_type;
    QCheckBox *m_required;
    QVBoxLayout *m_defaultBox;
    InputValueEditor *m_default = nullptr;
    QLineEdit *m_description;
    QLabel *m_optionsLabel;
    QPlainTextEdit *m_options;
    QLabel *m_problem;
    QPushButton *m_ok;
};
