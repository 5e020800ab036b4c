#pragma once

#include "core/model/ScenarioInputs.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>

class InputValueEditor;
class QLabel;
class QPushButton;

/// What "Run once" shows first when the scenario declares inputs (docs/scenario-inputs.md):
/// one typed field per input with its description, required ones marked, pre-filled with the
/// values last used for this scenario, else the defaults. A missing required value or one of
/// the wrong type is said under its field and Run stays disabled; the words are
/// ScenarioInputs::validate()'s, as scenarist-run says them.
class RunInputsForm : public QDialog
{
    Q_OBJECT
public:
    /// `scenarioKey` says which scenario the remembered values belong to (lastValuesKey()).
    RunInputsForm(
        const QList<ScenarioInput> &inputs, const QString &scenarioKey, QWidget *parent = nullptr);

    /// The checked values (after OK: what the run gets); empty while something is wrong.
    QJsonObject values() const { return m_values; }
    InputValueEditor *editor(const QString &name) const { return m_editors.value(name); }
    /// The words under the input's field; empty when its value is fine.
    QString problem(const QString &name) const;
    QPushButton *runButton() const { return m_run; }

    /// The settings key of the values last used for a scenario saved at `filePath` (or, not
    /// saved yet, named `name`).
    static QString lastValuesKey(const QString &filePath, const QString &name);

    void accept() override;

private:
    void check();

    QList<ScenarioInput> m_inputs;
    QString m_key;
    QHash<QString, InputValueEditor *> m_editors;
    QHash<QString, QLabel *> m_problems;
    QJsonObject m_values;
    QPushButton *m_run;
};
