#include "ui/kinds/KindForm.h"

#include "core/model/Scenario.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/mapping/MappingField.h"

#include <QFormLayout>
#include <QLabel>

KindForm::KindForm(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
{
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setVerticalSpacing(6);
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
}

void KindForm::load(const Scenario &scenario, ModuleId id)
{
    const Module *module = scenario.findModule(id);
    if (!module)
        return;
    m_loading = true;
    updateLists(scenario, *module);
    if (!m_loaded || settings() != module->settings)
        loadSettings(*module);
    m_loaded = true;
    m_loading = false;
}

void KindForm::updateLists(const Scenario &, const Module &)
{
}

QList<MappingField *> KindForm::mappingFields() const
{
    return findChildren<MappingField *>();
}

void KindForm::setAvailableModules(
    const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId ownModule)
{
    for (MappingField *field : mappingFields())
        field->setAvailableModules(earlier, all, ownModule);
}

void KindForm::changed(const QString &fieldKey)
{
    if (!m_loading)
        emit edited(fieldKey, settings());
}

MappingField *KindForm::addField(
    const QString &key, const QString &label, const QString &tip, bool multiLine)
{
    auto *field = new MappingField(
        multiLine ? MappingField::Mode::MultiLine : MappingField::Mode::SingleLine, this);
    field->setObjectName(key);
    field->setToolTip(tip);
    field->setAccessibleName(label);
    m_form->addRow(label, field);
    connect(field, &MappingField::textEdited, this, [this, key] { changed(key); });
    return field;
}

KeyValueTable *KindForm::addRows(
    const QString &key, const QString &label, const QString &itemName, const QString &addText)
{
    auto *table = new KeyValueTable(KeyValueTable::Kind::NameValue, this);
    table->setObjectName(key);
    table->setItemWords(itemName, addText);
    auto *title = new QLabel(label, this);
    m_form->addRow(title);
    m_form->addRow(table);
    connect(table, &KeyValueTable::rowsEdited, this, [this, key] { changed(key); });
    // A row added or removed is a step of its own, never merged with typing.
    connect(table, &KeyValueTable::rowsRestructured, this, [this] { changed(QString()); });
    return table;
}

QLabel *KindForm::addNote(const QString &text)
{
    auto *note = new QLabel(text, this);
    note->setWordWrap(true);
    note->setTextFormat(Qt::PlainText);
    note->setForegroundRole(QPalette::PlaceholderText);
    m_form->addRow(note);
    return note;
}
