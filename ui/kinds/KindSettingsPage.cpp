#include "ui/kinds/KindSettingsPage.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/Scenario.h"
#include "ui/commands/EditModuleSettingsCommand.h"
#include "ui/commands/RenameModuleCommand.h"
#include "ui/editor/ModuleHeader.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QUndoStack>
#include <QVBoxLayout>

KindSettingsPage::KindSettingsPage(QWidget *parent)
    : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setAccessibleName(tr("Module settings"));
    auto *content = new QWidget;
    auto *outer = new QVBoxLayout(content);
    outer->setContentsMargins(14, 12, 14, 14);
    outer->setSpacing(10);

    m_icon = new QLabel(content);
    m_title = ModuleHeader::makeTitle(content);
    m_description = new QLabel(content);
    m_description->setWordWrap(true);
    m_description->setForegroundRole(QPalette::PlaceholderText);
    m_badge = ModuleHeader::makeBadge(content);
    auto *titles = new QVBoxLayout;
    titles->setSpacing(0);
    titles->addWidget(m_title);
    titles->addWidget(m_description);
    auto *header = new QHBoxLayout;
    header->addWidget(m_icon, 0, Qt::AlignTop);
    header->addLayout(titles, 1);
    header->addWidget(m_badge, 0, Qt::AlignTop);
    outer->addLayout(header);

    auto *nameForm = new QFormLayout;
    nameForm->setContentsMargins(0, 0, 0, 0);
    m_label = new QLineEdit(content);
    m_label->setToolTip(tr("The name shown under the module on the canvas"));
    nameForm->addRow(tr("Name"), m_label);
    outer->addLayout(nameForm);
    connect(m_label, &QLineEdit::editingFinished, this, &KindSettingsPage::rename);

    m_formHolder = new QWidget(content);
    auto *holderLayout = new QVBoxLayout(m_formHolder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_formHolder);
    outer->addStretch(1);
    setWidget(content);
}

void KindSettingsPage::setScenario(Scenario *scenario, QUndoStack *undoStack)
{
    if (m_scenario)
        m_scenario->disconnect(this);
    m_scenario = scenario;
    m_undoStack = undoStack;
    showModule(0);
    if (!m_scenario)
        return;
    connect(m_scenario, &Scenario::moduleChanged, this, [this](ModuleId id) {
        if (id == m_id)
            reload();
    });
    // What runs before the module decides the aggregator's sources and which references work.
    for (auto signal : {&Scenario::linkAdded, &Scenario::linkRemoved})
        connect(m_scenario, signal, this, &KindSettingsPage::reload);
    connect(m_scenario, &Scenario::moduleAdded, this, &KindSettingsPage::reload);
    connect(m_scenario, &Scenario::moduleRemoved, this, &KindSettingsPage::reload);
}

bool KindSettingsPage::showModule(ModuleId id)
{
    const Module *module = m_scenario ? m_scenario->findModule(id) : nullptr;
    const QString type = module ? module->type : QString();
    const KindFormInfo *entry = KindForms::find(type);
    if (!entry || !entry->makeForm) {
        m_id = 0;
        m_type.clear();
        delete m_form;
        m_form = nullptr;
        return false;
    }
    if (id != m_id || type != m_type) {
        delete m_form;
        m_form = entry->makeForm(m_formHolder);
        m_formHolder->layout()->addWidget(m_form);
        connect(m_form, &KindForm::edited, this,
            [this](const QString &fieldKey, const KindConfig &settings) {
                if (!m_scenario || !m_undoStack || !m_id
                    || m_scenario->module(m_id).settings == settings)
                    return;
                m_undoStack->push(
                    new EditModuleSettingsCommand(m_scenario, m_id, settings, fieldKey));
            });
        m_id = id;
        m_type = type;
        m_title->setText(KindRegistry::displayName(type));
        m_description->setText(entry->description);
        m_icon->setPixmap(KindForms::icon(type).pixmap(32, 32));
        m_badge->setText(QStringLiteral("#%1").arg(id));
        m_label->setPlaceholderText(KindRegistry::displayName(type));
    }
    reload();
    return true;
}

void KindSettingsPage::reload()
{
    if (!m_scenario || !m_form || !m_scenario->contains(m_id))
        return;
    const Module &module = m_scenario->module(m_id);
    if (m_label->text() != module.label)
        m_label->setText(module.label);
    m_form->load(*m_scenario, m_id);
    const QList<ModuleId> earlier = m_scenario->modulesBefore(m_id);
    QSet<ModuleId> all;
    for (const Module &other : m_scenario->modules())
        all.insert(other.id);
    m_form->setAvailableModules(earlier, all, m_id);
}

void KindSettingsPage::rename()
{
    if (!m_scenario || !m_undoStack || !m_id)
        return;
    const QString label = m_label->text().trimmed();
    if (label == m_scenario->module(m_id).label)
        return;
    m_undoStack->push(new RenameModuleCommand(m_scenario, m_id, label));
}
