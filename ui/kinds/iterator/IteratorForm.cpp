#include "ui/kinds/iterator/IteratorForm.h"

#include "core/kinds/iterator/IteratorKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class IteratorForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(IteratorForm)

public:
    explicit IteratorForm(QWidget *parent)
        : KindForm(parent)
    {
        m_array = addField(QStringLiteral("array"), tr("List"),
            tr("The list to go through; map it from an earlier module, e.g. its items"));
        addNote(tr("Each item of this list goes on as a bundle of its own, one after another."));
    }
    KindConfig settings() const override
    {
        IteratorConfig config;
        config.array = m_array->text();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<IteratorConfig>();
        m_array->setText(config ? config->array : QString());
    }

private:
    MappingField *m_array;
};

KindForm *makeForm(QWidget *parent)
{
    return new IteratorForm(parent);
}

} // namespace

const KindFormInfo &iteratorForm()
{
    static const KindFormInfo info {IteratorConfig::typeName(), KindForms::flowGroup(),
        QCoreApplication::translate(
            "KindForms", "Splits a list into items and passes them on one by one."),
        QStringLiteral("↻"), QColor(QStringLiteral("#7c4dcc")), &makeForm};
    return info;
}
