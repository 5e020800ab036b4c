#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QString>

#include <functional>

/// The checks both file readers (the scenario file and each kind's settings) make on one JSON
/// value, with the words they say when it is wrong (docs/scenario-file.md). Each returns what
/// is wrong, such as "must be text, but is a number.", or an empty string when the value is
/// right; a missing value is the caller's business (it takes its default).
namespace JsonChecks {

/// "a number", "text", "a list", … for messages.
QString typeName(const QJsonValue &value);

QString notText(const QJsonValue &value);
QString notBoolean(const QJsonValue &value);
QString notWholeNumber(const QJsonValue &value, qint64 min, qint64 max);
QString notList(const QJsonValue &value);
QString notObject(const QJsonValue &value);

/// A list of {"name": text, "value": text} (headers, variables, fields; either may be missing
/// and is then empty), read with these words: at the first wrong item `fail` gets its path,
/// such as "config.headers[2].name", and what is wrong, and reading stops; a key an item should
/// not have goes to `unknownKey` (its whole path), when given.
QList<NameValue> nameValues(const QJsonArray &items, const QString &path,
    const std::function<void(const QString &path, const QString &what)> &fail,
    const std::function<void(const QString &path)> &unknownKey = {});

/// The same list as the file writes it.
QJsonArray toJson(const QList<NameValue> &pairs);

} // namespace JsonChecks
