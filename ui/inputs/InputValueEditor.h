#pragma once

#include "core/model/ScenarioInputs.h"

#include <QJsonValue>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

/// One value for a scenario input, in the widget its type calls for (docs/scenario-inputs.md):
/// a line edit for text, a line edit that takes numbers, a check box, a date with a calendar,
/// a list to choose from, one list item per line, or a table of names and values. The run
/// form asks with it, and the declare dialog sets defaults with it.
class InputValueEditor : public QWidget
{
    Q_OBJECT
public:
    /// `optional`: the value may be left empty (a default, an input that is not required).
    InputValueEditor(const ScenarioInput &input, bool optional, QWidget *parent = nullptr);

    /// The value as typed: undefined when left empty; numbers and the like as the text typed,
    /// which ScenarioInputs::validate() reads by the input's type and judges.
    QJsonValue value() const;
    void setValue(const QJsonValue &value);

    /// The widget that takes the typing (for labels' buddies and tests).
    QWidget *field() const { return m_field; }

signals:
    void changed();

private:
    void addCollectionRowIfFull();

    ScenarioInput m_input;
    bool m_optional;
    QWidget *m_field = nullptr;
    QLineEdit *m_line = nullptr;
    QCheckBox *m_check = nullptr;
    QDateTimeEdit *m_date = nullptr;
    QComboBox *m_combo = nullptr;
    QPlainTextEdit *m_lines = nullptr;
    QTableWidget *m_table = nullptr;
};
