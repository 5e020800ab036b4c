#include "core/kinds/repeater/RepeaterKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QCoreApplication>
#include <cmath>

QJsonObject RepeaterConfig::toJson() const
{
    return QJsonObject {
        {QStringLiteral("start"), start},
        {QStringLiteral("repeats"), repeats},
        {QStringLiteral("step"), step},
    };
}

namespace {

KindConfig read(KindConfigReader &r)
{
    RepeaterConfig config;
    config.start = r.numberField(QStringLiteral("start"), config.start);
    config.repeats = r.wholeNumberField(
        QStringLiteral("repeats"), config.repeats, 1, RepeaterConfig::maxRepeats);
    config.step = r.numberField(QStringLiteral("step"), config.step);
    return KindConfig::of(config);
}

Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const RepeaterConfig &>(data);
    double values[3] = {};
    const QString *fields[3] = {&config.start, &config.repeats, &config.step};
    const char *names[3] = {"start", "repeats", "step"};
    for (int k = 0; k < 3; ++k) {
        QString error;
        const std::optional<QJsonValue> value
            = KindFields::evaluate(*fields[k], context.mapping, &error);
        const std::optional<double> number = value ? KindFields::toNumber(*value) : std::nullopt;
        if (!number)
            return Emitted::failure(ModuleErrorType::DataError,
                value
                    ? QCoreApplication::translate("RepeaterKind", "%1 must be a number, but is %2.")
                          .arg(QLatin1String(names[k]),
                              KindFields::toText(*value).isEmpty() ? QStringLiteral("empty")
                                                                   : KindFields::toText(*value))
                    : error);
        values[k] = *number;
    }
    const double repeats = values[1];
    if (std::floor(repeats) != repeats || repeats < 0 || repeats > RepeaterConfig::maxRepeats)
        return Emitted::failure(ModuleErrorType::DataError,
            QCoreApplication::translate(
                "RepeaterKind", "repeats must be a whole number from 0 to %L1, but is %2.")
                .arg(RepeaterConfig::maxRepeats)
                .arg(QString::number(repeats, 'g', 17)));
    Emitted out;
    out.bundles.reserve(int(repeats));
    for (int n = 0; n < int(repeats); ++n)
        out.bundles.append(QJsonObject {{QStringLiteral("i"), values[0] + n * values[2]}});
    return out;
}

} // namespace

const KindInfo &repeaterKind()
{
    static const KindInfo kind {RepeaterConfig::typeName(), RepeaterConfig::displayName(), &read,
        [] { return KindConfig::of(RepeaterConfig {}); }, &run};
    return kind;
}
