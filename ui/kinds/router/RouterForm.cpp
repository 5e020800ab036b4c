#include "ui/kinds/router/RouterForm.h"

#include "core/kinds/router/RouterKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class RouterForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(RouterForm)

public:
    explicit RouterForm(QWidget *parent)
        : KindForm(parent)
    {
        addNote(tr("A router has nothing to set: its routes are the links that leave it. To add "
                   "a route, right-click the router on the canvas and choose Add a route. To "
                   "choose which bundles take a route, click the round sign in the middle of "
                   "its link and set up a filter; right-click a link to make it the fallback "
                   "route or to order the routes."));
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
