#include "ui/kinds/setvariables/SetVariablesForm.h"

#include "core/kinds/setvariables/SetVariablesKind.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"
#include <QComboBox>

#include <QCoreApplication>
namespace {

class SetVariablesForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(SetVariablesForm)

public:
    explicit SetVariablesForm(QWidget *parent)
        : KindForm(parent)
        , m_scope(new QComboBox(this))
    {
        m_scope->setObjectName(QStringLiteral("scope"));
        m_scope->addItem(tr("Until this bundle is done (one cycle)"));
        m_scope->addItem(tr("For the whole run"));
        formLayout()->addRow(tr("Keep the values"), m_scope);
        connect(m_scope, &QComboBox::activated, this, [this] { changed(QStringLiteral("scope")); });
        m_variables = addRows(
            QStringLiteral("variables"), tr("Variables"), tr("Variable"), tr("Add a variable"));
    }
    KindConfig settings() const override
    {
        SetVariablesConfig config;
        config.scope = m_scope->currentIndex() == 1 ? SetVariablesConfig::Scope::Execution
                                                    : SetVariablesConfig::Scope::Cycle;
        config.variables = m_variables->rows();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<SetVariablesConfig>();
        const SetVariablesConfig value = config ? *config : SetVariablesConfig();
        m_scope->setCurrentIndex(value.scope == SetVariablesConfig::Scope::Execution ? 1 : 0);
        m_variables->setRows(value.variables);
    }

private:
    QComboBox *m_scope;
    KeyValueTable *m_variables;
};

KindForm *makeForm(QWidget *parent)
{
    return new SetVariablesForm(parent);
}

} // namespace

const KindFormInfo &setVariablesForm()
{
    static const KindFormInfo info {SetVariablesConfig::typeName(), KindForms::toolsGroup(),
        QCoreApplication::translate(
            "KindForms", "Keeps values under names, for later modules to read."),
        QStringLiteral("x="), QColor(QStringLiteral("#5f6b7a")), &makeForm};
    return info;
}
