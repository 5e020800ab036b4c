#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

/// Encoding of query strings and application/x-www-form-urlencoded bodies.
///
/// Each name and value is percent-encoded from its UTF-8 form, keeping only the RFC 3986
/// unreserved characters (A-Z a-z 0-9 - . _ ~). A space becomes %20, not '+', as in Node's
/// `querystring` and `qs` (RFC 3986 format), which Make's HTTP module uses; '+', '&' and '='
/// inside a value are encoded, so they reach the server exactly as typed.
namespace UrlEncoding {

/// One percent-encoded name or value.
QByteArray encodeComponent(const QString &text);
/// "name=value&name=value" in the given order; rows with an empty name are skipped.
QByteArray encodePairs(const QList<NameValue> &pairs);
/// `url` with `pairs` appended after its existing query, keeping that query as it was.
QUrl appendQuery(const QUrl &url, const QList<NameValue> &pairs);

} // namespace UrlEncoding
