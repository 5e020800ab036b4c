#pragma once

#include "core/mapping/LargeBody.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

/// What a response body becomes in the output bundle's `data`.
struct ParsedBody
{
    QJsonValue data; ///< the JSON tree, or the body as text; undefined when `large` is set
    LargeBodyPtr large; ///< a body from the large threshold on, kept as bytes and read in parts
    bool isJson = false;
    QString errorMessage; ///< set when the body claims to be JSON but is not
    QStringList warnings;
};

/// Turns a response body into `data`: JSON when asked to and the Content-Type says JSON,
/// text otherwise. Pure functions, safe to run on a worker thread.
namespace ResponseParser {

/// True for application/json, text/json and any */*+json media type.
bool isJsonContentType(const QByteArray &contentType);
/// The body as text in the charset the Content-Type names (UTF-8 when none or unknown).
/// Invalid bytes are replaced with U+FFFD and a warning is added.
QString decodeText(const QByteArray &body, const QByteArray &contentType, QStringList *warnings);
/// Parses `body` as described above. A body of `largeThreshold` bytes or more is not turned
/// into QJsonValues: it is checked and kept as a LargeBody (JSON or text).
ParsedBody parse(const QByteArray &body, const QByteArray &contentType, bool parseResponse,
    qsizetype largeThreshold = LargeBody::DefaultThreshold);

} // namespace ResponseParser
