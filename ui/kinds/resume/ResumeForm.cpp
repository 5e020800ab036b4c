#include "ui/kinds/resume/ResumeForm.h"

#include "core/kinds/resume/ResumeKind.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class ResumeForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(ResumeForm)

public:
    explicit ResumeForm(QWidget *parent)
        : KindForm(parent)
    {
        addNote(tr("When the module before the error route fails, the run goes on as if it had "
                   "given these values."));
        m_output = addRows(
            QStringLiteral("output"), tr("Values to go on with"), tr("Value"), tr("Add a value"));
    }
    KindConfig settings() const override
    {
        ResumeConfig config;
        config.output = m_output->rows();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<ResumeConfig>();
        m_output->setRows(config ? config->output : QList<NameValue>());
    }

private:
    KeyValueTable *m_output;
};

KindForm *makeForm(QWidget *parent)
{
    return new ResumeForm(parent);
}

} // namespace

const KindFormInfo &resumeForm()
{
    static const KindFormInfo info {ResumeConfig::typeName(), KindForms::errorsGroup(),
        QCoreApplication::translate(
            "KindForms", "Ends an error route: goes on with values you give instead."),
        QStringLiteral("▶"), QColor(QStringLiteral("#c62828")), &makeForm};
    return info;
}
