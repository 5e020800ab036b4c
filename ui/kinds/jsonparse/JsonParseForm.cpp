#include "ui/kinds/jsonparse/JsonParseForm.h"

#include "core/kinds/jsonparse/JsonParseKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class JsonParseForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(JsonParseForm)

public:
    explicit JsonParseForm(QWidget *parent)
        : KindForm(parent)
    {
        m_json = addField(QStringLiteral("json"), tr("JSON text"),
            tr("The text to read as JSON; map it from an earlier module"), true);
        addNote(tr("A list at the top gives one bundle per item."));
    }
    KindConfig settings() const override
    {
        JsonParseConfig config;
        config.json = m_json->text();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<JsonParseConfig>();
        m_json->setText(config ? config->json : QString());
    }

private:
    MappingField *m_json;
};

KindForm *makeForm(QWidget *parent)
{
    return new JsonParseForm(parent);
}

} // namespace

const KindFormInfo &jsonParseForm()
{
    static const KindFormInfo info {JsonParseConfig::typeName(), KindForms::jsonGroup(),
        QCoreApplication::translate(
            "KindForms", "Turns JSON text into data that later modules can map."),
        QStringLiteral("{ }"), QColor(QStringLiteral("#2e7d5b")), &makeForm};
    return info;
}
