#include "ui/kinds/throw/ThrowForm.h"

#include "core/kinds/throw/ThrowKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class ThrowForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(ThrowForm)

public:
    explicit ThrowForm(QWidget *parent)
        : KindForm(parent)
    {
        m_message = addField(QStringLiteral("message"), tr("Error message"),
            tr("What the error says; map values from earlier modules"));
        addNote(tr("The bundle stops here as failed, with this message."));
    }
    KindConfig settings() const override
    {
        ThrowConfig config;
        config.message = m_message->text();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<ThrowConfig>();
        m_message->setText(config ? config->message : QString());
    }

private:
    MappingField *m_message;
};

KindForm *makeForm(QWidget *parent)
{
    return new ThrowForm(parent);
}

} // namespace

const KindFormInfo &throwForm()
{
    static const KindFormInfo info {ThrowConfig::typeName(), KindForms::errorsGroup(),
        QCoreApplication::translate(
            "KindForms", "Stops the bundle on purpose with an error message."),
        QStringLiteral("!"), QColor(QStringLiteral("#c62828")), &makeForm};
    return info;
}
