#include "ui/kinds/arrayaggregator/ArrayAggregatorForm.h"

#include "core/kinds/arrayaggregator/ArrayAggregatorKind.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/kinds/SourceModuleChooser.h"
#include "ui/mapping/MappingField.h"
#include <QCheckBox>

#include <QCoreApplication>
namespace {

class ArrayAggregatorForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(ArrayAggregatorForm)

public:
    explicit ArrayAggregatorForm(QWidget *parent)
        : KindForm(parent)
        , m_source(new SourceModuleChooser(this))
    {
        formLayout()->addRow(tr("Source module"), m_source);
        connect(
            m_source, &QComboBox::activated, this, [this] { changed(QStringLiteral("source")); });
        m_fields = addRows(QStringLiteral("fields"), tr("Fields of each item (empty: every field)"),
            tr("Field"), tr("Add a field"));
        m_groupBy = addField(QStringLiteral("groupBy"), tr("Group by"),
            tr("Makes one list per value of this field; leave it empty for one list"));
        m_stopIfEmpty = new QCheckBox(tr("Stop when nothing arrived"), this);
        m_stopIfEmpty->setObjectName(QStringLiteral("stopIfEmpty"));
        m_stopIfEmpty->setToolTip(tr("Passes nothing on when no bundle reached it"));
        formLayout()->addRow(m_stopIfEmpty);
        connect(m_stopIfEmpty, &QCheckBox::toggled, this,
            [this] { changed(QStringLiteral("stopIfEmpty")); });
    }
    KindConfig settings() const override
    {
        ArrayAggregatorConfig config;
        config.source = m_source->source();
        config.fields = m_fields->rows();
        config.groupBy = m_groupBy->text();
        config.stopIfEmpty = m_stopIfEmpty->isChecked();
        return KindConfig::of(config);
    }

protected:
    void updateLists(const Scenario &scenario, const Module &module) override
    {
        const auto *config = module.settings.as<ArrayAggregatorConfig>();
        m_source->fill(scenario, module.id, config ? config->source : 0);
    }
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<ArrayAggregatorConfig>();
        const ArrayAggregatorConfig value = config ? *config : ArrayAggregatorConfig();
        m_fields->setRows(value.fields);
        m_groupBy->setText(value.groupBy);
        m_stopIfEmpty->setChecked(value.stopIfEmpty);
    }

private:
    SourceModuleChooser *m_source;
    KeyValueTable *m_fields;
    MappingField *m_groupBy;
    QCheckBox *m_stopIfEmpty;
};

KindForm *makeForm(QWidget *parent)
{
    return new ArrayAggregatorForm(parent);
}

} // namespace

const KindFormInfo &arrayAggregatorForm()
{
    static const KindFormInfo info {ArrayAggregatorConfig::typeName(), KindForms::flowGroup(),
        QCoreApplication::translate(
            "KindForms", "Gathers the items an earlier module passed on back into one list."),
        QStringLiteral("[…]"), QColor(QStringLiteral("#7c4dcc")), &makeForm};
    return info;
}
