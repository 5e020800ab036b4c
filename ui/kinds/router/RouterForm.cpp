#include "ui/kinds/router/RouterForm.h"

#include "core/kinds/router/RouterKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class RouterForm : public KindForm
{
public:
    explicit RouterForm(QWidget *parent)
        : KindForm(parent)
    {
        addNote(tr("A router has nothing to set: its routes are the links that leave it. Add a "
                   "module after it for each route, and put a filter on a link to choose which "
                   "bundles take that route."));
    }
    KindConfig settings() const override { return KindConfig::of(RouterConfig()); }

protected:
    void loadSettings(const Module &) override { }
};

KindForm *makeForm(QWidget *parent)
{
    return new RouterForm(parent);
}

} // namespace

const KindFormInfo &routerForm()
{
    static const KindFormInfo info {RouterConfig::typeName(), KindForms::flowGroup(),
        QCoreApplication::translate(
            "KindForms", "Sends each bundle down several routes, each with its own filter."),
        QStringLiteral("⇶"), QColor(QStringLiteral("#7c4dcc")), &makeForm};
    return info;
}
