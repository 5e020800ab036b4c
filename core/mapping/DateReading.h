#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QTimeZone>

#include <optional>

/// Reads a value as a date and time, the one way filters and date functions read dates
/// (docs/filters.md, "Dates and times"):
/// - a number, or text that is a number: a Unix timestamp in seconds (milliseconds when its
///   size is 10^11 or more, as JavaScript gives them);
/// - ISO 8601 text: `2024-03-05`, `2024-03-05T14:07`, `2024-03-05T14:07:09.123Z`,
///   `2024-03-05 14:07:09+01:00` (a space may replace the T; slashes may replace the dashes);
/// - RFC 2822 text, as in HTTP headers and e-mail: `Tue, 05 Mar 2024 14:07:09 +0000`.
/// A date or time written without a zone is read in `zone` (UTC when `zone` is invalid).
/// Anything else, and dates outside JavaScript's range (±100,000,000 days), give nullopt.
std::optional<QDateTime> readDate(const QJsonValue &value, const QTimeZone &zone);
