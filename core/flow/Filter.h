#pragma once

#include "core/mapping/MappingContext.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

/// One condition of a filter, as Make writes it in a blueprint: `{"a": …, "o": …, "b": …}`.
/// `a` and `b` are field templates (literal text or `{{…}}` mappings); `o` is Make's operator
/// name, e.g. `number:greater` or `text:equal:ci` (docs/filters.md lists them all).
struct FilterCondition
{
    QString a; ///< the first value, a field template
    QString o; ///< the operator, exactly as in Make blueprints
    std::optional<QString> b; ///< the second value; Make leaves it out for exist/notexist
    /// Any other keys the condition had, written back unchanged (and `"b": null`, read as no
    /// second value).
    QJsonObject extra;

    bool operator==(const FilterCondition &other) const;
    bool operator!=(const FilterCondition &other) const { return !(*this == other); }
};

/// A filter on a link (docs/filters.md): a bundle passes when every condition of at least one
/// group is true. No groups at all means no filter: every bundle passes.
struct Filter
{
    QString name; ///< the label the user gave the filter
    QList<QList<FilterCondition>> conditions; ///< OR of AND-groups
    QJsonObject extra; ///< any other keys the filter object had, written back unchanged

    /// True when there is no condition to check (an empty list, or only empty groups).
    bool isEmpty() const;

    /// Reads Make's blueprint `filter` object `{"name": …, "conditions": [[{a, o, b}]]}`.
    /// null or a missing value is no filter. On a bad value, returns nullopt and sets `error`
    /// to plain words naming the filter, the group and the condition, e.g. "Condition 2 in
    /// group 1 of the filter ‘Big orders’ has an unknown operator ‘text:eq’".
    static std::optional<Filter> fromJson(const QJsonValue &json, QString *error);
    /// The same JSON shape, every key read kept (QJsonObject writes keys in sorted order).
    QJsonObject toJson() const;

    /// Every operator Make knows, in the order a picker would show them.
    static QStringList knownOperators();
    static bool isKnownOperator(const QString &o);
    /// The operator in words, e.g. "number: greater than"; `o` itself when unknown.
    static QString operatorWords(const QString &o);
    /// True for the operators that compare two values (all but exist and notexist).
    static bool operatorTakesSecondValue(const QString &o);
    /// The heading a picker lists the operator under: "Basic", "Text", "Number", "Date",
    /// "Time of day", "Yes/no" or "List"; empty when unknown.
    static QString operatorGroup(const QString &o);
    /// The operator as a picker offers it, under its heading: "Number: greater than",
    /// "Text: contains (case insensitive)", "Basic: exists"; `o` itself when unknown.
    static QString operatorChoice(const QString &o);
    /// One condition in words: "‘{{1.total}}’ number: greater than ‘100’".
    static QString conditionWords(const FilterCondition &condition);
    /// Every condition in words, one a line, "and" inside a group and "or" between groups.
    QString conditionsWords() const;

    bool operator==(const Filter &other) const;
    bool operator!=(const Filter &other) const { return !(*this == other); }
};

/// What a filter decided for one bundle.
struct FilterVerdict
{
    bool passed = true;
    /// When stopped, why in plain words: "Condition 1 (‘{{1.count}}’ number: greater than)
    /// was false: 3 is not greater than 5". Empty when passed.
    QString reason;
    /// Values that could not be compared as the operator asks (a side that is not a number
    /// or date, an invalid pattern, …); each makes its condition false.
    QStringList warnings;
};

/// Evaluates `filter` against the outputs in `context`. Dates and times written without a
/// zone are read in `zone` (docs/filters.md). Conditions of a group are checked in order and
/// stop at the first false one; groups stop at the first true one.
FilterVerdict evaluate(const Filter &filter, const MappingContext &context,
    const QTimeZone &zone = QTimeZone::systemTimeZone());
