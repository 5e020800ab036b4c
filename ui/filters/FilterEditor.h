#pragma once

#include "core/model/Module.h"

#include <QDialog>
#include <QJsonObject>
#include <QList>
#include <QPointer>

class MappingField;
class MappingPanel;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QToolButton;
class QVBoxLayout;
class Scenario;

/// The filter on one link, edited without syntax (docs/filters.md): a name, then rows of
/// conditions, each a value picked from earlier modules, an operator chosen in words and a
/// second value. Rows of one box must all be true ("Add AND rule"); another box is another
/// way through ("Add OR rule"). The picker of earlier modules' values sits beside the rows.
/// Nothing is changed until OK; the caller pushes the result as one undo step.
class FilterEditor : public QDialog
{
    Q_OBJECT
public:
    /// Edits the filter of `link`, a link of `scenario`.
    FilterEditor(Scenario *scenario, const Link &link, QWidget *parent = nullptr);
    ~FilterEditor() override;

    /// The link as it was given, with the filter of the rows: blank rows and empty boxes left
    /// out, no filter at all when nothing is left and no name was given.
    Link link() const;
    Filter filter() const;

    /// Refused, with a message beside each row that needs one, while a row has a second value
    /// or an operator that needs a value but no first value.
    void accept() override;

    /// The picker of earlier modules' values (its outputs are filled by the caller).
    MappingPanel *picker() const { return m_picker; }

    // The parts of the form, for tests and for the screenshots.
    QLineEdit *nameEdit() const { return m_name; }
    int groupCount() const { return int(m_groups.size()); }
    int rowCount(int group) const;
    QGroupBox *groupBox(int group) const;
    MappingField *firstValueField(int group, int row) const;
    QComboBox *operatorBox(int group, int row) const;
    MappingField *secondValueField(int group, int row) const;
    QToolButton *removeButton(int group, int row) const;
    /// The plain-words problem of a row (hidden when there is none).
    QLabel *problemLabel(int group, int row) const;
    QPushButton *addAndButton(int group) const;
    QPushButton *addOrButton() const { return m_addOr; }
    QPushButton *okButton() const;

    /// Picks operator `o` (Make's name, e.g. "number:greater") in a row, as a person would.
    static bool chooseOperator(QComboBox *box, const QString &o);

private:
    struct Row
    {
        QWidget *widget = nullptr;
        QLabel *lead = nullptr;
        MappingField *a = nullptr;
        QComboBox *op = nullptr;
        MappingField *b = nullptr;
        QToolButton *remove = nullptr;
        QLabel *problem = nullptr;
        QJsonObject extra; ///< keys of the condition this row came from, kept unchanged
    };
    struct Group
    {
        QGroupBox *box = nullptr;
        QVBoxLayout *rowsLayout = nullptr;
        QPushButton *addAnd = nullptr;
        QList<Row *> rows;
    };

    Group *addGroup();
    Row *addRow(Group *group, const FilterCondition &condition = {});
    void removeRow(Row *row);
    void updateLabels();
    void updateSecondValue(Row *row);
    bool checkRows(bool showProblems);
    static bool isBlank(const Row *row);
    QComboBox *createOperatorBox(QWidget *parent) const;
    void setUpField(MappingField *field) const;

    QPointer<Scenario> m_scenario;
    Link m_link;
    QList<ModuleId> m_earlier;
    QSet<ModuleId> m_all;
    QLineEdit *m_name;
    QScrollArea *m_scroll;
    QWidget *m_groupsWidget;
    QVBoxLayout *m_groupsLayout;
    QList<Group *> m_groups;
    QPushButton *m_addOr;
    QLabel *m_summary;
    MappingPanel *m_picker;
    QDialogButtonBox *m_buttons;
};
