#pragma once

#include "core/kinds/KindRun.h"
#include "core/model/HttpRequestSpec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

/// Helpers the kinds share to evaluate their fields and write their configs.
namespace KindFields {

/// Evaluates a field (text with {{…}} mappings): the structured value when the field is one
/// mapping, else the text. Nothing, and *error in plain words, when the mapping fails.
std::optional<QJsonValue> evaluate(
    const QString &field, const MappingContext &context, QString *error);
/// Evaluates each value of `pairs` into an object {name: value}; nothing on an error.
std::optional<QJsonObject> evaluateObject(
    const QList<NameValue> &pairs, const MappingContext &context, QString *error);
/// The value as a number: JSON numbers, and text that reads as one. Nothing otherwise.
std::optional<double> toNumber(const QJsonValue &value);

/// The value as text: text as it is, numbers without a needless fraction, the rest as
/// compact JSON.
QString toText(const QJsonValue &value);

} // namespace KindFields
