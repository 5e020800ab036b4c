#pragma once

#include "core/model/Module.h"
#include "core/model/Pagination.h"

#include <QList>
#include <QSet>
#include <QWidget>

class MappingField;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

/// The "Pagination" part of the HTTP module's settings (docs/pagination.md): how the API
/// hands out its pages, where the answer holds the next one, what stops the pages and what
/// the module gives out, in plain words. Only the way of paging shows until one is chosen.
/// It edits nothing itself: each change is emitted for the form to push as one undo step.
class PaginationSection : public QWidget
{
    Q_OBJECT
public:
    explicit PaginationSection(QWidget *parent = nullptr);

    /// Shows `pagination` without emitting edited().
    void setPagination(const Pagination &pagination);
    Pagination pagination() const { return m_value; }
    /// The modules the fields may map: the settings that send map `earlier`; those that read
    /// the answer map `earlier` and the module itself (`own`), which stands for each page.
    void setAvailableModules(
        const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId own);
    /// Every mappable field, for the mapping panel.
    QList<MappingField *> mappingFields() const;

    // The parts, for tests and screenshots.
    QComboBox *modeCombo() const { return m_mode; }
    MappingField *parameterField() const { return m_parameter; }
    QComboBox *sendInCombo() const { return m_sendIn; }
    MappingField *startField() const { return m_start; }
    MappingField *limitParameterField() const { return m_limitParameter; }
    MappingField *limitField() const { return m_limit; }
    MappingField *nextField() const { return m_next; }
    MappingField *itemsField() const { return m_items; }
    QComboBox *outputCombo() const { return m_output; }
    QCheckBox *stopWhenEmptyCheck() const { return m_stopWhenEmpty; }
    MappingField *stopValueField() const { return m_stopA; }
    QComboBox *stopOperatorCombo() const { return m_stopOperator; }
    MappingField *stopCompareField() const { return m_stopB; }
    QLineEdit *stopStatusesEdit() const { return m_stopStatuses; }
    QSpinBox *maxPagesSpin() const { return m_maxPages; }
    QSpinBox *maxItemsSpin() const { return m_maxItems; }

signals:
    /// The person changed the setting named `fieldKey` ("pagination.mode"…); `pagination`
    /// is the whole new value.
    void edited(const QString &fieldKey, const Pagination &pagination);

private:
    void change(const QString &key, const std::function<void(Pagination &)> &apply);
    void updateRows();
    void updateCondition();

    Pagination m_value;
    bool m_loading = false;
    QFormLayout *m_form;
    QComboBox *m_mode;
    QLabel *m_intro;
    MappingField *m_parameter;
    QComboBox *m_sendIn;
    MappingField *m_start;
    MappingField *m_limitParameter;
    MappingField *m_limit;
    MappingField *m_next;
    QLabel *m_nextHint;
    MappingField *m_items;
    QComboBox *m_output;
    QCheckBox *m_stopWhenEmpty;
    QWidget *m_conditionRow;
    MappingField *m_stopA;
    QComboBox *m_stopOperator;
    MappingField *m_stopB;
    QLabel *m_conditionNote;
    QLineEdit *m_stopStatuses;
    QSpinBox *m_maxPages;
    QSpinBox *m_maxItems;
};
