#include "ui/kinds/textaggregator/TextAggregatorForm.h"

#include "core/kinds/textaggregator/TextAggregatorKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/kinds/SourceModuleChooser.h"
#include "ui/mapping/MappingField.h"
#include <QComboBox>
#include <QLineEdit>

#include <QCoreApplication>
namespace {

class TextAggregatorForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(TextAggregatorForm)

public:
    explicit TextAggregatorForm(QWidget *parent)
        : KindForm(parent)
        , m_source(new SourceModuleChooser(this))
        , m_separator(new QComboBox(this))
        , m_otherSeparator(new QLineEdit(this))
    {
        formLayout()->addRow(tr("Source module"), m_source);
        connect(
            m_source, &QComboBox::activated, this, [this] { changed(QStringLiteral("source")); });
        m_text = addField(QStringLiteral("text"), tr("Text"),
            tr("The text taken from each bundle; map values from earlier modules"), true);
        m_separator->setObjectName(QStringLiteral("rowSeparator"));
        m_separator->addItem(tr("New line"), QStringLiteral("\n"));
        m_separator->addItem(tr("Tab"), QStringLiteral("\t"));
        m_separator->addItem(tr("Comma"), QStringLiteral(","));
        m_separator->addItem(tr("Nothing"), QString());
        m_separator->addItem(tr("Other…"));
        formLayout()->addRow(tr("Put between the texts"), m_separator);
        m_otherSeparator->setObjectName(QStringLiteral("otherSeparator"));
        m_otherSeparator->setPlaceholderText(tr("What to put between the texts"));
        formLayout()->addRow(QString(), m_otherSeparator);
        m_otherSeparator->hide();
        connect(m_separator, &QComboBox::activated, this, [this] {
            m_otherSeparator->setVisible(isOther());
            changed(QStringLiteral("rowSeparator"));
        });
        connect(m_otherSeparator, &QLineEdit::textEdited, this,
            [this] { changed(QStringLiteral("rowSeparator")); });
    }
    KindConfig settings() const override
    {
        TextAggregatorConfig config;
        config.source = m_source->source();
        config.text = m_text->text();
        config.rowSeparator
            = isOther() ? m_otherSeparator->text() : m_separator->currentData().toString();
        return KindConfig::of(config);
    }

protected:
    void updateLists(const Scenario &scenario, const Module &module) override
    {
        const auto *config = module.settings.as<TextAggregatorConfig>();
        m_source->fill(scenario, module.id, config ? config->source : 0);
    }
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<TextAggregatorConfig>();
        const TextAggregatorConfig value = config ? *config : TextAggregatorConfig();
        m_text->setText(value.text);
        int at = -1;
        for (int i = 0; i + 1 < m_separator->count(); ++i) {
            if (m_separator->itemData(i).toString() == value.rowSeparator)
                at = i;
        }
        m_separator->setCurrentIndex(at < 0 ? m_separator->count() - 1 : at);
        if (at < 0 && m_otherSeparator->text() != value.rowSeparator)
            m_otherSeparator->setText(value.rowSeparator);
        m_otherSeparator->setVisible(at < 0);
    }

private:
    bool isOther() const { return m_separator->currentIndex() == m_separator->count() - 1; }

    SourceModuleChooser *m_source;
    MappingField *m_text;
    QComboBox *m_separator;
    QLineEdit *m_otherSeparator;
};

KindForm *makeForm(QWidget *parent)
{
    return new TextAggregatorForm(parent);
}

} // namespace

const KindFormInfo &textAggregatorForm()
{
    static const KindFormInfo info {TextAggregatorConfig::typeName(), KindForms::flowGroup(),
        QCoreApplication::translate(
            "KindForms", "Joins a text from each item an earlier module passed on into one text."),
        QStringLiteral("A…"), QColor(QStringLiteral("#7c4dcc")), &makeForm};
    return info;
}
