#include "ui/kinds/ignore/IgnoreForm.h"

#include "core/kinds/ignore/IgnoreKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class IgnoreForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(IgnoreForm)

public:
    explicit IgnoreForm(QWidget *parent)
        : KindForm(parent)
    {
        addNote(tr("Nothing to set. Put it at the end of an error route: the failed bundle is "
                   "dropped and the run goes on with the others."));
    }
    KindConfig settings() const override { return KindConfig::of(IgnoreConfig()); }

protected:
    void loadSettings(const Module &) override { }
};

KindForm *makeForm(QWidget *parent)
{
    return new IgnoreForm(parent);
}

} // namespace

const KindFormInfo &ignoreForm()
{
    static const KindFormInfo info {IgnoreConfig::typeName(), KindForms::errorsGroup(),
        QCoreApplication::translate(
            "KindForms", "Ends an error route: drops the failed bundle, the others go on."),
        QStringLiteral("⊘"), QColor(QStringLiteral("#c62828")), &makeForm};
    return info;
}
