#include "ui/kinds/getvariables/GetVariablesForm.h"

#include "core/kinds/getvariables/GetVariablesKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"
#include <QPlainTextEdit>

#include <QCoreApplication>
namespace {

class GetVariablesForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(GetVariablesForm)

public:
    explicit GetVariablesForm(QWidget *parent)
        : KindForm(parent)
        , m_names(new QPlainTextEdit(this))
    {
        m_names->setObjectName(QStringLiteral("names"));
        m_names->setUndoRedoEnabled(false);
        m_names->setTabChangesFocus(true);
        m_names->setPlaceholderText(tr("One name a line"));
        m_names->setFixedHeight(m_names->fontMetrics().lineSpacing() * 5 + 12);
        formLayout()->addRow(tr("Names of the variables"), m_names);
        connect(m_names, &QPlainTextEdit::textChanged, this,
            [this] { changed(QStringLiteral("names")); });
    }
    KindConfig settings() const override
    {
        GetVariablesConfig config;
        for (const QString &line : m_names->toPlainText().split(QLatin1Char('\n'))) {
            if (!line.trimmed().isEmpty())
                config.names.append(line.trimmed());
        }
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<GetVariablesConfig>();
        m_names->setPlainText(config ? config->names.join(QLatin1Char('\n')) : QString());
    }

private:
    QPlainTextEdit *m_names;
};

KindForm *makeForm(QWidget *parent)
{
    return new GetVariablesForm(parent);
}

} // namespace

const KindFormInfo &getVariablesForm()
{
    static const KindFormInfo info {GetVariablesConfig::typeName(), KindForms::toolsGroup(),
        QCoreApplication::translate("KindForms", "Reads values kept earlier by Set variables."),
        QStringLiteral("=x"), QColor(QStringLiteral("#5f6b7a")), &makeForm};
    return info;
}
