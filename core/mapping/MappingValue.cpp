#include "core/mapping/MappingValue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace MappingValue {

QString formatNumber(double number)
{
    // Integers up to 2^53 are exact in a double; printing them through qint64 avoids the
    // exponent notation 'g' would switch to (1e+15) and any trailing ".0".
    if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 9.0e15)
        return QString::number(static_cast<qint64>(number));
    if (std::isnan(number))
        return QStringLiteral("NaN");
    if (std::isinf(number))
        return number > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return QString::number(number, 'g', QLocale::FloatingPointShortest);
}

void appendText(QString &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        out += value.toString();
        break;
    case QJsonValue::Double:
        out += formatNumber(value.toDouble());
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? QLatin1String("true") : QLatin1String("false");
        break;
    case QJsonValue::Array:
        out += QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Object:
        out += QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
}

QString toText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    QString out;
    appendText(out, value);
    return out;
}

std::optional<double> toNumber(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Double:
        return value.toDouble();
    case QJsonValue::Bool:
        return value.toBool() ? 1.0 : 0.0;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return 0.0;
    case QJsonValue::String: {
        const QString text = value.toString().trimmed();
        if (text.isEmpty())
            return std::nullopt;
        bool ok = false;
        const double number = text.toDouble(&ok);
        if (ok)
            return number;
        return std::nullopt;
    }
    case QJsonValue::Array:
    case QJsonValue::Object:
        break;
    }
    return std::nullopt;
}

bool isEmpty(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return true;
    case QJsonValue::String:
        return value.toString().isEmpty();
    case QJsonValue::Array:
        return value.toArray().isEmpty();
    case QJsonValue::Object:
        return value.toObject().isEmpty();
    case QJsonValue::Double:
    case QJsonValue::Bool:
        break;
    }
    return false;
}

bool isTrue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        return value.toDouble() != 0.0;
    case QJsonValue::String: {
        // A mapped "false" (e.g. from a text field) should not count as a true condition.
        const QString text = value.toString();
        return !text.isEmpty() && text.compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return false;
    case QJsonValue::Array:
    case QJsonValue::Object:
        return !isEmpty(value);
    }
    return false;
}

QString kindName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return QCoreApplication::translate("MappingValue", "text");
    case QJsonValue::Double:
        return QCoreApplication::translate("MappingValue", "a number");
    case QJsonValue::Bool:
        return QCoreApplication::translate("MappingValue", "true/false");
    case QJsonValue::Array:
        return QCoreApplication::translate("MappingValue", "a list");
    case QJsonValue::Object:
        return QCoreApplication::translate("MappingValue", "an object");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QCoreApplication::translate("MappingValue", "empty (null)");
}

} // namespace MappingValue
