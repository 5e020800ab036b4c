#include "core/model/JsonChecks.h"

#include "core/mapping/MappingValue.h"

#include <cmath>

namespace JsonChecks {

QString typeName(const QJsonValue &value)
{
    // The words the mapping language uses for a value's type; a missing value is "nothing".
    return value.isUndefined() ? QStringLiteral("nothing") : MappingValue::kindName(value);
}

QString notText(const QJsonValue &value)
{
    return value.isString() ? QString()
                            : QStringLiteral("must be text, but is %1.").arg(typeName(value));
}

QString notBoolean(const QJsonValue &value)
{
    return value.isBool()
        ? QString()
        : QStringLiteral("must be true or false, but is %1.").arg(typeName(value));
}

QString notWholeNumber(const QJsonValue &value, qint64 min, qint64 max)
{
    const double d = value.toDouble(std::nan(""));
    if (value.isDouble() && std::floor(d) == d && d >= double(min) && d <= double(max))
        return QString();
    return QStringLiteral("must be a whole number from %1 to %2, but is %3.")
        .arg(min)
        .arg(max)
        .arg(value.isDouble() ? QString::number(d, 'g', 17) : typeName(value));
}

QString notList(const QJsonValue &value)
{
    return value.isArray() ? QString()
                           : QStringLiteral("must be a list, but is %1.").arg(typeName(value));
}

QString notObject(const QJsonValue &value)
{
    return value.isObject() ? QString()
                            : QStringLiteral("must be an object, but is %1.").arg(typeName(value));
}

} // namespace JsonChecks
