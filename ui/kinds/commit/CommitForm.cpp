#include "ui/kinds/commit/CommitForm.h"

#include "core/kinds/commit/CommitKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class CommitForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(CommitForm)

public:
    explicit CommitForm(QWidget *parent)
        : KindForm(parent)
    {
        addNote(tr("Nothing to set. Put it at the end of an error route: the run stops there, and "
                   "what the modules did so far stands."));
    }
    KindConfig settings() const override { return KindConfig::of(CommitConfig()); }

protected:
    void loadSettings(const Module &) override { }
};

KindForm *makeForm(QWidget *parent)
{
    return new CommitForm(parent);
}

} // namespace

const KindFormInfo &commitForm()
{
    static const KindFormInfo info {CommitConfig::typeName(), KindForms::errorsGroup(),
        QCoreApplication::translate(
            "KindForms", "Ends an error route: stops the run and keeps what was done."),
        QStringLiteral("✓"), QColor(QStringLiteral("#c62828")), &makeForm};
    return info;
}
