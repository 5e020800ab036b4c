#include "ui/kinds/rollback/RollbackForm.h"

#include "core/kinds/rollback/RollbackKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class RollbackForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(RollbackForm)

public:
    explicit RollbackForm(QWidget *parent)
        : KindForm(parent)
    {
        addNote(tr("Nothing to set. Put it at the end of an error route: the run stops there and "
                   "is marked as failed."));
    }
    KindConfig settings() const override { return KindConfig::of(RollbackConfig()); }

protected:
    void loadSettings(const Module &) override { }
};

KindForm *makeForm(QWidget *parent)
{
    return new RollbackForm(parent);
}

} // namespace

const KindFormInfo &rollbackForm()
{
    static const KindFormInfo info {RollbackConfig::typeName(), KindForms::errorsGroup(),
        QCoreApplication::translate("KindForms", "Ends an error route: stops the run as failed."),
        QStringLiteral("✕"), QColor(QStringLiteral("#c62828")), &makeForm};
    return info;
}
