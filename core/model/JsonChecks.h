#pragma once

#include <QJsonValue>
#include <QString>

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

} // namespace JsonChecks
