#include "core/kinds/sleep/SleepKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QCoreApplication>
#include <cmath>

QJsonObject SleepConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("seconds"), seconds}};
}

namespace {

KindConfig read(KindConfigReader &r)
{
    SleepConfig config;
    config.seconds
        = r.wholeNumberField(QStringLiteral("seconds"), config.seconds, 1, SleepConfig::maxSeconds);
    return KindConfig::of(config);
}

/// Does not wait itself: it tells the runner how long to, so that Stop cancels at once.
Emitted run(const KindConfigData &data, const Bundle &in, RunContext &context)
{
    const auto &config = static_cast<const SleepConfig &>(data);
    QString error;
    const std::optional<QJsonValue> value
        = KindFields::evaluate(config.seconds, context.mapping, &error);
    if (!value)
        return Emitted::failure(ModuleErrorType::DataError, error);
    const std::optional<double> seconds = KindFields::toNumber(*value);
    if (!seconds || *seconds < 1 || *seconds > SleepConfig::maxSeconds)
        return Emitted::failure(ModuleErrorType::DataError,
            QCoreApplication::translate(
                "SleepKind", "seconds must be a number from 1 to %1, but is %2.")
                .arg(SleepConfig::maxSeconds)
                .arg(KindFields::toText(*value).isEmpty() ? QStringLiteral("empty")
                                                          : KindFields::toText(*value)));
    Emitted out = Emitted::one(in);
    out.waitMs = int(std::lround(*seconds * 1000));
    return out;
}

} // namespace

const KindInfo &sleepKind()
{
    static const KindInfo kind {SleepConfig::typeName(), SleepConfig::displayName(), &read,
        [] { return KindConfig::of(SleepConfig {}); }, &run};
    return kind;
}
