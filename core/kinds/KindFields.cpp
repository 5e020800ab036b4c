#include "core/kinds/KindFields.h"

#include "core/mapping/FieldTemplate.h"

#include <QHash>
#include <QJsonDocument>

#include <cmath>

namespace KindFields {

namespace {

/// The same few fields are evaluated once per bundle, thousands of times: parse each once.
const FieldTemplate &parsed(const QString &field)
{
    thread_local QHash<QString, FieldTemplate> cache;
    auto it = cache.constFind(field);
    if (it != cache.constEnd())
        return *it;
    if (cache.size() >= 4096)
        cache.clear();
    return *cache.insert(field, FieldTemplate::parse(field));
}

} // namespace

std::optional<QJsonValue> evaluate(
    const QString &field, const MappingContext &context, QString *error)
{
    const FieldTemplate::Result result = parsed(field).evaluate(context);
    if (!result.ok()) {
        if (error)
            *error = result.error;
        return std::nullopt;
    }
    if (result.value.isUndefined())
        return QJsonValue(result.text);
    return result.value;
}

std::optional<QJsonObject> evaluateObject(
    const QList<NameValue> &pairs, const MappingContext &context, QString *error)
{
    QJsonObject object;
    for (const NameValue &pair : pairs) {
        const std::optional<QJsonValue> value = evaluate(pair.value, context, error);
        if (!value)
            return std::nullopt;
        object.insert(pair.name, *value);
    }
    return object;
}

std::optional<double> toNumber(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) {
        bool ok = false;
        const double d = value.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(d))
            return d;
    }
    return std::nullopt;
}

QString toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return QString();
}

} // namespace KindFields
