#pragma once

#include <QString>

/// How a key of a JSON object is written in a mapping path. The inspector's "copy mapping"
/// and the mapping panel both write paths with these, so the same key always gives the same
/// path.
namespace MappingPathText {

/// The key as one path segment: plain when it is a name (`access_token`), in backticks
/// otherwise (`content-type`, `2nd`, `` ` ` ``); a backtick inside is doubled.
QString keySegment(const QString &key);

/// `path` followed by the key `key`: "1.data" + "content-type" is "1.data.`content-type`".
/// An empty `path` gives the segment alone.
QString appendKey(const QString &path, const QString &key);

} // namespace MappingPathText
