#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

/// How mapping values (plain QJsonValue) behave as text, numbers and conditions,
/// following Make: null is empty text, integers print without ".0", objects and arrays
/// print as compact JSON.
namespace MappingValue {

/// The text form used when a value is placed inside text.
QString toText(const QJsonValue &value);
/// Appends the text form to `out` (avoids a temporary for the common cases).
void appendText(QString &out, const QJsonValue &value);
/// Shortest text that reads back as the same number; integers have no decimals.
QString formatNumber(double number);
/// The value as a number, if it is one (numbers, numeric text, booleans, null as 0).
std::optional<double> toNumber(const QJsonValue &value);
/// Make's notion of empty: null, missing, empty text, empty array or object.
bool isEmpty(const QJsonValue &value);
/// The value as a condition: false, null, 0, empty text and "false" are false.
bool isTrue(const QJsonValue &value);
/// A word for the kind of value, for messages: "text", "a number", "a list", ...
QString kindName(const QJsonValue &value);

} // namespace MappingValue
