#include "ui/kinds/repeater/RepeaterForm.h"

#include "core/kinds/repeater/RepeaterKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class RepeaterForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(RepeaterForm)

public:
    explicit RepeaterForm(QWidget *parent)
        : KindForm(parent)
    {
        m_start = addField(
            QStringLiteral("start"), tr("Start at"), tr("The first number it counts from"));
        m_repeats = addField(QStringLiteral("repeats"), tr("Number of repeats"),
            tr("How many bundles it passes on (at most %1)").arg(RepeaterConfig::maxRepeats));
        m_step = addField(
            QStringLiteral("step"), tr("Step"), tr("What it adds to the number each time"));
        addNote(tr("Each bundle it passes on holds the number as \u201ci\u201d."));
    }
    KindConfig settings() const override
    {
        RepeaterConfig config;
        config.start = m_start->text();
        config.repeats = m_repeats->text();
        config.step = m_step->text();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<RepeaterConfig>();
        const RepeaterConfig value = config ? *config : RepeaterConfig();
        m_start->setText(value.start);
        m_repeats->setText(value.repeats);
        m_step->setText(value.step);
    }

private:
    MappingField *m_start;
    MappingField *m_repeats;
    MappingField *m_step;
};

KindForm *makeForm(QWidget *parent)
{
    return new RepeaterForm(parent);
}

} // namespace

const KindFormInfo &repeaterForm()
{
    static const KindFormInfo info {RepeaterConfig::typeName(), KindForms::flowGroup(),
        QCoreApplication::translate(
            "KindForms", "Passes a bundle on a number of times, counting up."),
        QStringLiteral("×n"), QColor(QStringLiteral("#7c4dcc")), &makeForm};
    return info;
}
