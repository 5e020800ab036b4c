#include "ui/kinds/break/BreakForm.h"

#include "core/kinds/break/BreakKind.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindForms.h"
#include "ui/mapping/MappingField.h"
#include <QSpinBox>

#include <QCoreApplication>
namespace {

class BreakForm : public KindForm
{
    Q_DECLARE_TR_FUNCTIONS(BreakForm)

public:
    explicit BreakForm(QWidget *parent)
        : KindForm(parent)
        , m_count(new QSpinBox(this))
        , m_interval(new QSpinBox(this))
    {
        m_count->setObjectName(QStringLiteral("count"));
        m_count->setRange(0, BreakConfig::maxCount);
        m_count->setToolTip(tr("How many more times the failed module is tried"));
        formLayout()->addRow(tr("Number of attempts"), m_count);
        m_interval->setObjectName(QStringLiteral("intervalSeconds"));
        m_interval->setRange(0, BreakConfig::maxIntervalSeconds);
        m_interval->setToolTip(tr("How long to wait before each new try"));
        formLayout()->addRow(tr("Interval between attempts (seconds)"), m_interval);
        addNote(tr("When every attempt fails, the bundle is kept as unfinished, to retry later."));
        connect(
            m_count, &QSpinBox::valueChanged, this, [this] { changed(QStringLiteral("count")); });
        connect(m_interval, &QSpinBox::valueChanged, this,
            [this] { changed(QStringLiteral("intervalSeconds")); });
    }
    KindConfig settings() const override
    {
        BreakConfig config;
        config.count = m_count->value();
        config.intervalSeconds = m_interval->value();
        return KindConfig::of(config);
    }

protected:
    void loadSettings(const Module &module) override
    {
        const auto *config = module.settings.as<BreakConfig>();
        const BreakConfig value = config ? *config : BreakConfig();
        m_count->setValue(value.count);
        m_interval->setValue(value.intervalSeconds);
    }

private:
    QSpinBox *m_count;
    QSpinBox *m_interval;
};

KindForm *makeForm(QWidget *parent)
{
    return new BreakForm(parent);
}

} // namespace

const KindFormInfo &breakForm()
{
    static const KindFormInfo info {BreakConfig::typeName(), KindForms::errorsGroup(),
        QCoreApplication::translate(
            "KindForms", "Ends an error route: tries the failed module again later."),
        QStringLiteral("↺"), QColor(QStringLiteral("#c62828")), &makeForm};
    return info;
}
