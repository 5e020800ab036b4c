#pragma once

#include "core/mapping/MappingExpression.h"

#include <QDateTime>
#include <QList>
#include <QStringList>
#include <QTimeZone>

#include <optional>

/// One function of the mapping language's library (Make's names and behaviour).
struct MappingFunction
{
    using Eager
        = QJsonValue (*)(const QJsonValue *arguments, int count, MappingEvaluation &evaluation);
    using Lazy = QJsonValue (*)(
        const std::vector<MappingExpressionPtr> &arguments, MappingEvaluation &evaluation);

    const char *name;
    int minArguments;
    int maxArguments; ///< -1: any number
    Eager eager; ///< gets the evaluated arguments
    Lazy lazy; ///< evaluates only the arguments it needs (if, ifempty)
    bool keyword; ///< may be written without parentheses, as Make does: now, uuid
    const char *description; ///< what it does, in plain words (translatable, "MappingFunctions")
    const char *example; ///< a field using it, evaluated against exampleContext()
    /// The values (bit n: the value at position n, from 0) usually written as text without
    /// quotes: keys, as in map(1.data.items; sender.name), and date formats such as DD.MM.YYYY.
    /// Such a value that reads as a path from no known name is that text, as Make reads it.
    unsigned textArguments = 0;
    /// Its example gives something new each time (uuid, random): references say so instead of
    /// showing one result.
    bool random = false;
};

/// The function library.
namespace MappingFunctions {
/// Every function of the library, in the order a reference lists them.
QList<const MappingFunction *> all();
/// What the examples of all() are evaluated against: module 1 returned a small user record
/// (name, email, token, items, created), and `now` is fixed.
MappingContext exampleContext();
/// The group Make's reference puts a function in, for lists such as the mapping panel's:
/// "General", "Math", "Text and binary", "Date and time", "Arrays" or "System variables".
QString category(const MappingFunction &function);
/// The function with this name (case-insensitive), or nullptr.
const MappingFunction *find(const QString &name);
/// The name closest to a misspelt one (e.g. "lowr" -> "lower"), or empty.
QString suggestion(const QString &name);
/// Formats a date with Make's (moment.js) tokens, e.g. "YYYY-MM-DD HH:mm".
QString formatDate(const QDateTime &utc, const QString &format);
/// Reads a date from ISO 8601 text, RFC 2822 text or a Unix timestamp (seconds or ms), with
/// readDate() (DateReading.h); a date without a zone is read in UTC. Invalid when it is none.
QDateTime parseDate(const QJsonValue &value);
/// Reads `text` laid out as `format` (Make's tokens: YYYY-MM-DD HH:mm:ss, DD/MM/YYYY h:mm A,
/// X for a Unix timestamp, Z for an offset such as +01:00). Without an offset in the text, the
/// date is in `zone`; a text without a year is in the year of `now`, one with only a time is
/// on the day of `now`. Nothing, with `problem` set to what did not fit (or empty when the
/// text simply differs from the format), when the text does not match.
std::optional<QDateTime> parseDate(const QString &text, const QString &format,
    const QTimeZone &zone, const QDateTime &now, QString *problem);
} // namespace MappingFunctions
