#include "core/model/JsonChecks.h"

#include "core/mapping/MappingValue.h"

#include <QCoreApplication>
#include <QJsonObject>

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
                            : QCoreApplication::translate("JsonChecks", "must be text, but is %1.")
                                  .arg(typeName(value));
}

QString notBoolean(const QJsonValue &value)
{
    return value.isBool()
        ? QString()
        : QCoreApplication::translate("JsonChecks", "must be true or false, but is %1.")
              .arg(typeName(value));
}

QString notWholeNumber(const QJsonValue &value, qint64 min, qint64 max)
{
    const double d = value.toDouble(std::nan(""));
    if (value.isDouble() && std::floor(d) == d && d >= double(min) && d <= double(max))
        return QString();
    return QCoreApplication::translate(
        "JsonChecks", "must be a whole number from %1 to %2, but is %3.")
        .arg(min)
        .arg(max)
        .arg(value.isDouble() ? QString::number(d, 'g', 17) : typeName(value));
}

QString notList(const QJsonValue &value)
{
    return value.isArray() ? QString()
                           : QCoreApplication::translate("JsonChecks", "must be a list, but is %1.")
                                 .arg(typeName(value));
}

QString notObject(const QJsonValue &value)
{
    return value.isObject()
        ? QString()
        : QCoreApplication::translate("JsonChecks", "must be an object, but is %1.")
              .arg(typeName(value));
}

QList<NameValue> nameValues(const QJsonArray &items, const QString &path,
    const std::function<void(const QString &, const QString &)> &fail,
    const std::function<void(const QString &)> &unknownKey)
{
    QList<NameValue> pairs;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString itemPath = QStringLiteral("%1[%2]").arg(path).arg(i + 1);
        if (!items[i].isObject()) {
            fail(itemPath,
                QCoreApplication::translate("JsonChecks",
                    "must be an object with \u201cname\u201d and \u201cvalue\u201d, but "
                    "is %1.")
                    .arg(typeName(items[i])));
            break;
        }
        const QJsonObject item = items[i].toObject();
        NameValue pair;
        bool wrong = false;
        for (const char *key : {"name", "value"}) {
            const QJsonValue v = item.value(QLatin1String(key));
            const QString problem = v.isUndefined() ? QString() : notText(v);
            if (!problem.isEmpty()) {
                fail(itemPath + QLatin1Char('.') + QLatin1String(key), problem);
                wrong = true;
                break;
            }
            (qstrcmp(key, "name") == 0 ? pair.name : pair.value) = v.toString();
        }
        if (wrong)
            break;
        if (unknownKey) {
            for (auto it = item.begin(); it != item.end(); ++it) {
                if (it.key() != QLatin1String("name") && it.key() != QLatin1String("value"))
                    unknownKey(itemPath + QLatin1Char('.') + it.key());
            }
        }
        pairs.append(pair);
    }
    return pairs;
}

QJsonArray toJson(const QList<NameValue> &pairs)
{
    QJsonArray array;
    for (const NameValue &p : pairs)
        array.append(
            QJsonObject {{QStringLiteral("name"), p.name}, {QStringLiteral("value"), p.value}});
    return array;
}

} // namespace JsonChecks
