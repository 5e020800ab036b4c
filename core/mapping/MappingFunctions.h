#pragma once

#include "core/mapping/MappingExpression.h"

#include <QList>
#include <QStringList>

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
};

/// The function library.
namespace MappingFunctions {
/// Every function of the library, in the order a reference lists them.
QList<const MappingFunction *> all();
/// What the examples of all() are evaluated against: module 1 returned a small user record
/// (name, email, token, items, created), and `now` is fixed.
MappingContext exampleContext();
/// The function with this name (case-insensitive), or nullptr.
const MappingFunction *find(const QString &name);
/// The name closest to a misspelt one (e.g. "lowr" -> "lower"), or empty.
QString suggestion(const QString &name);
/// Formats a date with Make's (moment.js) tokens, e.g. "YYYY-MM-DD HH:mm".
QString formatDate(const QDateTime &utc, const QString &format);
/// Reads a date from ISO 8601 text, RFC 2822 text or a Unix timestamp (seconds or ms).
QDateTime parseDate(const QJsonValue &value);
} // namespace MappingFunctions
