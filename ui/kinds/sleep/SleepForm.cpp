#include "ui/kinds/sleep/SleepForm.h"

#include "core/kinds/sleep/SleepKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"

#include <QCoreApplication>
namespace {

class SleepForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(SleepForm)

public:
    explicit SleepForm(QWidget *parent)
        : KindForm(parent)
    {
        m_seconds = addField(QStringLiteral("seconds"), tr("Delay (seconds)"),
            tr("How long to wait: 1 to %1 seconds").arg(SleepConfig::maxSeconds));
        addNote(tr("Waits 1 to %1 seconds, then passes the bundle on unchanged.")
                    .arg(SleepConfig::maxSeconds));
    }
    KindConfig settings() const override
    {
        SleepConfig config;
        config.seconds = m_seconds->text();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<SleepConfig>();
        m_seconds->setText(config ? config->seconds : SleepConfig().seconds);
    }

private:
    MappingField *m_seconds;
};

KindForm *makeForm(QWidget *parent)
{
    return new SleepForm(parent);
}

} // namespace

const KindFormInfo &sleepForm()
{
    static const KindFormInfo info {SleepConfig::typeName(), KindForms::toolsGroup(),
        QCoreApplication::translate("KindForms", "Waits a while before passing the bundle on."),
        QStringLiteral("zᶻ"), QColor(QStringLiteral("#5f6b7a")), &makeForm};
    return info;
}
