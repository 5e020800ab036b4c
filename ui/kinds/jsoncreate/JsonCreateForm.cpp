#include "ui/kinds/jsoncreate/JsonCreateForm.h"

#include "core/kinds/jsoncreate/JsonCreateKind.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"
#include <QJsonObject>
#include <QLabel>

#include <QCoreApplication>
namespace {

class JsonCreateForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(JsonCreateForm)

public:
    explicit JsonCreateForm(QWidget *parent)
        : KindForm(parent)
    {
        m_fields = addRows(QStringLiteral("fields"), tr("Fields"), tr("Field"), tr("Add a field"));
        m_nested = addNote(tr("This JSON has parts inside parts, which this form cannot show; "
                              "it is kept as it is."));
        m_nested->hide();
    }
    KindConfig settings() const override
    {
        JsonCreateConfig config;
        if (!m_kept.isUndefined()) {
            config.value = m_kept;
        } else {
            QJsonObject object;
            for (const NameValue &row : m_fields->rows())
                object.insert(row.name, row.value);
            config.value = object;
        }
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<JsonCreateConfig>();
        const QJsonValue value = config ? config->value : QJsonValue(QJsonObject());
        // Only a flat object of texts fits name/value rows; anything else is kept whole.
        bool flat = value.isObject();
        QList<NameValue> rows;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); flat && it != object.end(); ++it) {
            flat = it.value().isString();
            rows.append({it.key(), it.value().toString()});
        }
        m_kept = flat ? QJsonValue(QJsonValue::Undefined) : value;
        m_fields->setRows(flat ? rows : QList<NameValue>());
        m_fields->setVisible(flat);
        m_nested->setVisible(!flat);
    }

private:
    KeyValueTable *m_fields;
    QLabel *m_nested;
    QJsonValue m_kept = QJsonValue(QJsonValue::Undefined);
};

KindForm *makeForm(QWidget *parent)
{
    return new JsonCreateForm(parent);
}

} // namespace

const KindFormInfo &jsonCreateForm()
{
    static const KindFormInfo info {JsonCreateConfig::typeName(), KindForms::jsonGroup(),
        QCoreApplication::translate("KindForms", "Makes JSON text from fields you fill in."),
        QStringLiteral("{+}"), QColor(QStringLiteral("#2e7d5b")), &makeForm};
    return info;
}
