#include "core/flow/Filter.h"

#include "core/mapping/DateReading.h"
#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingValue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

// The rules here are the ones docs/filters.md explains to users; change both together.

namespace {

enum class Kind { Exist, Text, Number, Date, Time, Boolean, ArrayContain, ArrayLength };

enum class Compare {
    Exist,
    Equal,
    Contain,
    StartWith,
    EndWith,
    Pattern,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
};

struct Operator
{
    QString name;
    Kind kind = Kind::Text;
    Compare compare = Compare::Equal;
    bool negated = false;
    bool caseInsensitive = false;
};

constexpr qsizetype maxPatternLength = 1000; // the warning below says 1,000
constexpr qsizetype maxPatternSubject = 1024 * 1024;
constexpr qsizetype shownLength = 60;

const QList<Operator> &operatorTable()
{
    static const QList<Operator> table = [] {
        QList<Operator> list;
        list.append({QStringLiteral("exist"), Kind::Exist, Compare::Exist, false, false});
        list.append({QStringLiteral("notexist"), Kind::Exist, Compare::Exist, true, false});
        const struct
        {
            const char *word;
            Compare compare;
        } textOps[] = {{"equal", Compare::Equal}, {"contain", Compare::Contain},
            {"startwith", Compare::StartWith}, {"endwith", Compare::EndWith},
            {"pattern", Compare::Pattern}};
        for (const bool ci : {false, true}) {
            for (const auto &op : textOps) {
                for (const bool negated : {false, true}) {
                    QString name = QStringLiteral("text:")
                        + (negated ? QStringLiteral("not") : QString()) + QLatin1String(op.word)
                        + (ci ? QStringLiteral(":ci") : QString());
                    list.append({name, Kind::Text, op.compare, negated, ci});
                }
            }
        }
        const struct
        {
            const char *word;
            Compare compare;
            bool negated;
        } orderOps[] = {{"equal", Compare::Equal, false}, {"notequal", Compare::Equal, true},
            {"less", Compare::Less, false}, {"greater", Compare::Greater, false},
            {"lessorequal", Compare::LessOrEqual, false},
            {"greaterorequal", Compare::GreaterOrEqual, false}};
        const struct
        {
            const char *prefix;
            Kind kind;
        } orderKinds[] = {{"number:", Kind::Number}, {"date:", Kind::Date}, {"time:", Kind::Time},
            {"array:", Kind::ArrayLength}};
        for (const auto &kind : orderKinds) {
            for (const auto &op : orderOps) {
                list.append({QLatin1String(kind.prefix) + QLatin1String(op.word), kind.kind,
                    op.compare, op.negated, false});
            }
        }
        list.append({QStringLiteral("boolean:equal"), Kind::Boolean, Compare::Equal, false, false});
        list.append(
            {QStringLiteral("boolean:notequal"), Kind::Boolean, Compare::Equal, true, false});
        for (const bool ci : {false, true}) {
            for (const bool negated : {false, true}) {
                list.append(
                    {QStringLiteral("array:") + (negated ? QStringLiteral("not") : QString())
                            + QStringLiteral("contain") + (ci ? QStringLiteral(":ci") : QString()),
                        Kind::ArrayContain, Compare::Contain, negated, ci});
            }
        }
        return list;
    }();
    return table;
}

const Operator *findOperator(const QString &name)
{
    for (const Operator &op : operatorTable()) {
        if (op.name == name)
            return &op;
    }
    return nullptr;
}

QString kindPrefix(Kind kind)
{
    switch (kind) {
    case Kind::Exist:
        return QString();
    case Kind::Text:
        return QCoreApplication::translate("Filter", "text: ");
    case Kind::Number:
        return QCoreApplication::translate("Filter", "number: ");
    case Kind::Date:
        return QCoreApplication::translate("Filter", "date: ");
    case Kind::Time:
        return QCoreApplication::translate("Filter", "time: ");
    case Kind::Boolean:
        return QCoreApplication::translate("Filter", "boolean: ");
    case Kind::ArrayContain:
    case Kind::ArrayLength:
        return QCoreApplication::translate("Filter", "array: ");
    }
    return QString();
}

bool isChronological(Kind kind)
{
    return kind == Kind::Date || kind == Kind::Time;
}

/// What the comparison says when it holds ("contains") or not ("does not contain"). Whole
/// phrases, so that a translation can order its words as its language does.
QString comparisonWords(Kind kind, Compare compare, bool holds)
{
    const bool time = isChronological(kind);
    switch (compare) {
    case Compare::Exist:
        return holds ? QCoreApplication::translate("Filter", "exists")
                     : QCoreApplication::translate("Filter", "does not exist");
    case Compare::Equal:
        return holds ? QCoreApplication::translate("Filter", "is equal to")
                     : QCoreApplication::translate("Filter", "is not equal to");
    case Compare::Contain:
        return holds ? QCoreApplication::translate("Filter", "contains")
                     : QCoreApplication::translate("Filter", "does not contain");
    case Compare::StartWith:
        return holds ? QCoreApplication::translate("Filter", "starts with")
                     : QCoreApplication::translate("Filter", "does not start with");
    case Compare::EndWith:
        return holds ? QCoreApplication::translate("Filter", "ends with")
                     : QCoreApplication::translate("Filter", "does not end with");
    case Compare::Pattern:
        return holds ? QCoreApplication::translate("Filter", "matches the pattern")
                     : QCoreApplication::translate("Filter", "does not match the pattern");
    case Compare::Less:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "is earlier than")
                         : QCoreApplication::translate("Filter", "is not earlier than");
        return holds ? QCoreApplication::translate("Filter", "is less than")
                     : QCoreApplication::translate("Filter", "is not less than");
    case Compare::Greater:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "is later than")
                         : QCoreApplication::translate("Filter", "is not later than");
        return holds ? QCoreApplication::translate("Filter", "is greater than")
                     : QCoreApplication::translate("Filter", "is not greater than");
    case Compare::LessOrEqual:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "is earlier than or equal to")
                         : QCoreApplication::translate("Filter", "is not earlier than or equal to");
        return holds ? QCoreApplication::translate("Filter", "is less than or equal to")
                     : QCoreApplication::translate("Filter", "is not less than or equal to");
    case Compare::GreaterOrEqual:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "is later than or equal to")
                         : QCoreApplication::translate("Filter", "is not later than or equal to");
        return holds ? QCoreApplication::translate("Filter", "is greater than or equal to")
                     : QCoreApplication::translate("Filter", "is not greater than or equal to");
    }
    return QString();
}

/// The comparison as an operator's name: "equal to", "not less than", "does not contain".
QString bareComparisonWords(Kind kind, Compare compare, bool holds)
{
    const bool time = isChronological(kind);
    switch (compare) {
    case Compare::Equal:
        return holds ? QCoreApplication::translate("Filter", "equal to")
                     : QCoreApplication::translate("Filter", "not equal to");
    case Compare::Less:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "earlier than")
                         : QCoreApplication::translate("Filter", "not earlier than");
        return holds ? QCoreApplication::translate("Filter", "less than")
                     : QCoreApplication::translate("Filter", "not less than");
    case Compare::Greater:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "later than")
                         : QCoreApplication::translate("Filter", "not later than");
        return holds ? QCoreApplication::translate("Filter", "greater than")
                     : QCoreApplication::translate("Filter", "not greater than");
    case Compare::LessOrEqual:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "earlier than or equal to")
                         : QCoreApplication::translate("Filter", "not earlier than or equal to");
        return holds ? QCoreApplication::translate("Filter", "less than or equal to")
                     : QCoreApplication::translate("Filter", "not less than or equal to");
    case Compare::GreaterOrEqual:
        if (time)
            return holds ? QCoreApplication::translate("Filter", "later than or equal to")
                         : QCoreApplication::translate("Filter", "not later than or equal to");
        return holds ? QCoreApplication::translate("Filter", "greater than or equal to")
                     : QCoreApplication::translate("Filter", "not greater than or equal to");
    case Compare::Exist:
    case Compare::Contain:
    case Compare::StartWith:
    case Compare::EndWith:
    case Compare::Pattern:
        break;
    }
    return comparisonWords(kind, compare, holds);
}

/// The operator without its kind: "greater than", "contains (case insensitive)".
QString bareOperatorWords(const Operator &op)
{
    if (op.kind == Kind::Exist)
        return op.negated ? QCoreApplication::translate("Filter", "does not exist")
                          : QCoreApplication::translate("Filter", "exists");
    QString words = bareComparisonWords(op.kind, op.compare, !op.negated);
    if (op.kind == Kind::ArrayLength)
        words = QCoreApplication::translate("Filter", "length %1").arg(words);
    if (op.caseInsensitive)
        words = QCoreApplication::translate("Filter", "%1 (case insensitive)").arg(words);
    return words;
}

QString operatorWords(const Operator &op)
{
    return kindPrefix(op.kind) + bareOperatorWords(op);
}

/// The heading a picker shows the operator under.
QString kindGroup(Kind kind)
{
    switch (kind) {
    case Kind::Exist:
        return QCoreApplication::translate("Filter", "Basic");
    case Kind::Text:
        return QCoreApplication::translate("Filter", "Text");
    case Kind::Number:
        return QCoreApplication::translate("Filter", "Number");
    case Kind::Date:
        return QCoreApplication::translate("Filter", "Date");
    case Kind::Time:
        return QCoreApplication::translate("Filter", "Time of day");
    case Kind::Boolean:
        return QCoreApplication::translate("Filter", "Yes/no");
    case Kind::ArrayContain:
    case Kind::ArrayLength:
        return QCoreApplication::translate("Filter", "List");
    }
    return QString();
}

QString shortened(const QString &text)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QLatin1Char(' '));
    flat.replace(QLatin1Char('\r'), QLatin1Char(' '));
    if (flat.size() <= shownLength)
        return flat;
    // Never cut a surrogate pair in two.
    qsizetype cut = shownLength;
    if (flat.at(cut - 1).isHighSurrogate())
        --cut;
    return flat.left(cut) + QChar(0x2026);
}

QString quoted(const QString &text)
{
    return QChar(0x2018) + shortened(text) + QChar(0x2019);
}

/// One side of a condition, evaluated.
struct Side
{
    QJsonValue value;
    QString text;
    bool secret = false;
    QString error;

    bool isNothing() const { return value.isNull() || value.isUndefined(); }

    /// How a message shows this value: numbers as they are, text in quotes.
    QString shown() const
    {
        if (secret)
            return QCoreApplication::translate("Filter", "(a secret)");
        if (isNothing())
            return QCoreApplication::translate("Filter", "an empty value");
        if (value.isDouble())
            return text;
        if (text.isEmpty())
            return QCoreApplication::translate("Filter", "empty text");
        return quoted(text);
    }
};

Side evaluateSide(const QString &templateText, const MappingContext &context)
{
    const FieldTemplate::Result result = FieldTemplate::parse(templateText).evaluate(context);
    Side side;
    side.secret = !result.secretsRead.isEmpty();
    if (!result.ok()) {
        side.error = result.error;
        side.value = QJsonValue(QJsonValue::Null);
        return side;
    }
    // Warnings about missing paths are not passed on: testing whether something is there is
    // what filters are for, and a missing value already reads as empty.
    side.value = result.value.isUndefined() ? QJsonValue(QJsonValue::Null) : result.value;
    side.text = result.text;
    return side;
}

std::optional<double> readNumber(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double number = text.toDouble(&ok);
    if (!ok || !std::isfinite(number))
        return std::nullopt;
    return number;
}

std::optional<bool> readBoolean(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return false;
    case QJsonValue::Double:
        if (value.toDouble() == 1.0)
            return true;
        if (value.toDouble() == 0.0)
            return false;
        return std::nullopt;
    case QJsonValue::String: {
        const QString text = value.toString().trimmed();
        if (text.isEmpty() || text == QLatin1String("0")
            || text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
            return false;
        if (text == QLatin1String("1")
            || text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return true;
        return std::nullopt;
    }
    case QJsonValue::Array:
    case QJsonValue::Object:
        break;
    }
    return std::nullopt;
}

/// The time of day in milliseconds: "14:30", "14:30:15", "2:30 PM", or the time of day of a
/// date and time, read in `zone`.
std::optional<qint64> readTimeOfDay(const QJsonValue &value, const QTimeZone &zone)
{
    if (value.isString()) {
        static const QRegularExpression clock(QStringLiteral(
            "^(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*(?:([AaPp])\\.?[Mm]\\.?)?$"));
        const QString text = value.toString().trimmed();
        const QRegularExpressionMatch match = clock.match(text);
        if (match.hasMatch()) {
            int hour = match.captured(1).toInt();
            const int minute = match.captured(2).toInt();
            const int second = match.hasCaptured(3) ? match.captured(3).toInt() : 0;
            const int ms = match.hasCaptured(4)
                ? match.captured(4).left(3).leftJustified(3, QLatin1Char('0')).toInt()
                : 0;
            if (match.hasCaptured(5)) {
                if (hour < 1 || hour > 12)
                    return std::nullopt;
                const bool pm
                    = match.captured(5).compare(QLatin1String("p"), Qt::CaseInsensitive) == 0;
                hour = hour % 12 + (pm ? 12 : 0);
            }
            const QTime time(hour, minute, second, ms);
            if (!time.isValid())
                return std::nullopt;
            return time.msecsSinceStartOfDay();
        }
    }
    const std::optional<QDateTime> date = readDate(value, zone);
    if (!date)
        return std::nullopt;
    return date->toTimeZone(zone.isValid() ? zone : QTimeZone::utc()).time().msecsSinceStartOfDay();
}

bool ordered(Compare compare, int order)
{
    switch (compare) {
    case Compare::Equal:
        return order == 0;
    case Compare::Less:
        return order < 0;
    case Compare::Greater:
        return order > 0;
    case Compare::LessOrEqual:
        return order <= 0;
    case Compare::GreaterOrEqual:
        return order >= 0;
    case Compare::Exist:
    case Compare::Contain:
    case Compare::StartWith:
    case Compare::EndWith:
    case Compare::Pattern:
        break;
    }
    return false;
}

template <typename T> int orderOf(T a, T b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

/// The outcome of one condition: whether it held, and if not, why.
struct Outcome
{
    bool holds = false;
    QString why; ///< when false: "3 is not greater than 5"
    /// When a side could not be read as the operator asks: "‘abc’ is not a number".
    QString warning;
};

Outcome unreadable(const QString &warning)
{
    return {false, warning, warning};
}

Outcome compared(const Operator &op, bool baseHolds, const QString &left, const QString &right)
{
    Outcome outcome;
    outcome.holds = baseHolds != op.negated;
    if (!outcome.holds) {
        outcome.why = left + QLatin1Char(' ') + comparisonWords(op.kind, op.compare, baseHolds)
            + QLatin1Char(' ') + right;
        if (op.caseInsensitive)
            outcome.why += QCoreApplication::translate("Filter", " (ignoring case)");
    }
    return outcome;
}

Outcome checkExist(const Operator &op, const Side &a)
{
    const bool exists = !(a.isNothing() || (a.value.isString() && a.text.isEmpty()));
    Outcome outcome;
    outcome.holds = exists != op.negated;
    if (!outcome.holds) {
        if (exists)
            outcome.why = QCoreApplication::translate("Filter", "the value ") + a.shown()
                + QCoreApplication::translate("Filter", " exists");
        else if (a.isNothing())
            outcome.why = QCoreApplication::translate(
                "Filter", "there is no value (it is missing or null)");
        else
            outcome.why = QCoreApplication::translate("Filter", "the value is empty text");
    }
    return outcome;
}

Outcome checkText(const Operator &op, const Side &a, const Side &b)
{
    QString left = a.text;
    QString right = b.text;
    if (op.compare == Compare::Pattern) {
        if (right.size() > maxPatternLength) {
            return unreadable(QCoreApplication::translate(
                "Filter", "the pattern is longer than 1,000 characters"));
        }
        if (left.size() > maxPatternSubject) {
            return unreadable(
                QCoreApplication::translate("Filter", "the text to search is longer than 1 MB"));
        }
        QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
        if (op.caseInsensitive)
            options |= QRegularExpression::CaseInsensitiveOption;
        const QRegularExpression pattern(right, options);
        if (!pattern.isValid()) {
            return unreadable(QCoreApplication::translate(
                "Filter", "%1 is not a valid pattern (%2 at character %3)")
                                  .arg(b.shown(), pattern.errorString())
                                  .arg(pattern.patternErrorOffset() + 1));
        }
        return compared(op, pattern.match(left).hasMatch(), a.shown(), b.shown());
    }
    if (op.caseInsensitive) {
        left = left.toCaseFolded();
        right = right.toCaseFolded();
    }
    bool holds = false;
    switch (op.compare) {
    case Compare::Equal:
        holds = left == right;
        break;
    case Compare::Contain:
        holds = left.contains(right);
        break;
    case Compare::StartWith:
        holds = left.startsWith(right);
        break;
    case Compare::EndWith:
        holds = left.endsWith(right);
        break;
    default:
        break;
    }
    return compared(op, holds, a.shown(), b.shown());
}

Outcome checkNumber(const Operator &op, const Side &a, const Side &b)
{
    const std::optional<double> left = readNumber(a.value);
    if (!left)
        return unreadable(a.shown() + QCoreApplication::translate("Filter", " is not a number"));
    const std::optional<double> right = readNumber(b.value);
    if (!right)
        return unreadable(b.shown() + QCoreApplication::translate("Filter", " is not a number"));
    const QString shownLeft = a.secret ? a.shown() : MappingValue::formatNumber(*left);
    const QString shownRight = b.secret ? b.shown() : MappingValue::formatNumber(*right);
    return compared(op, ordered(op.compare, orderOf(*left, *right)), shownLeft, shownRight);
}

Outcome checkChronological(const Operator &op, const Side &a, const Side &b, const QTimeZone &zone)
{
    if (op.kind == Kind::Date) {
        const std::optional<QDateTime> left = readDate(a.value, zone);
        if (!left)
            return unreadable(a.shown() + QCoreApplication::translate("Filter", " is not a date"));
        const std::optional<QDateTime> right = readDate(b.value, zone);
        if (!right)
            return unreadable(b.shown() + QCoreApplication::translate("Filter", " is not a date"));
        const int order = orderOf(left->toMSecsSinceEpoch(), right->toMSecsSinceEpoch());
        return compared(op, ordered(op.compare, order), a.shown(), b.shown());
    }
    const std::optional<qint64> left = readTimeOfDay(a.value, zone);
    if (!left)
        return unreadable(
            a.shown() + QCoreApplication::translate("Filter", " is not a time of day"));
    const std::optional<qint64> right = readTimeOfDay(b.value, zone);
    if (!right)
        return unreadable(
            b.shown() + QCoreApplication::translate("Filter", " is not a time of day"));
    return compared(op, ordered(op.compare, orderOf(*left, *right)), a.shown(), b.shown());
}

Outcome checkBoolean(const Operator &op, const Side &a, const Side &b)
{
    const std::optional<bool> left = readBoolean(a.value);
    if (!left)
        return unreadable(
            a.shown() + QCoreApplication::translate("Filter", " is not true or false"));
    const std::optional<bool> right = readBoolean(b.value);
    if (!right)
        return unreadable(
            b.shown() + QCoreApplication::translate("Filter", " is not true or false"));
    const auto word
        = [](bool value) { return value ? QStringLiteral("true") : QStringLiteral("false"); };
    return compared(op, *left == *right, a.secret ? a.shown() : word(*left),
        b.secret ? b.shown() : word(*right));
}

/// The list on the left of an array operator: missing and null are an empty list.
std::optional<QJsonArray> readList(const Side &a)
{
    if (a.value.isArray())
        return a.value.toArray();
    if (a.isNothing())
        return QJsonArray();
    return std::nullopt;
}

QString shownList(const Side &a, const QJsonArray &list)
{
    if (a.secret)
        return a.shown();
    if (list.isEmpty())
        return QCoreApplication::translate("Filter", "the empty list");
    return QCoreApplication::translate("Filter", "the list ")
        + quoted(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
}

Outcome checkArray(const Operator &op, const Side &a, const Side &b)
{
    const std::optional<QJsonArray> list = readList(a);
    if (!list)
        return unreadable(a.shown() + QCoreApplication::translate("Filter", " is not a list"));
    if (op.kind == Kind::ArrayContain) {
        QString wanted = b.text;
        if (op.caseInsensitive)
            wanted = wanted.toCaseFolded();
        bool found = false;
        for (const QJsonValue &item : *list) {
            QString text = MappingValue::toText(item);
            if (op.caseInsensitive)
                text = text.toCaseFolded();
            if (text == wanted) {
                found = true;
                break;
            }
        }
        return compared(op, found, shownList(a, *list), b.shown());
    }
    const std::optional<double> length = readNumber(b.value);
    if (!length)
        return unreadable(b.shown() + QCoreApplication::translate("Filter", " is not a number"));
    const qsizetype count = list->size();
    const QString shownLength = (a.secret ? a.shown() : shownList(a, *list))
        + QCoreApplication::translate("Filter", " has %1 %2, and %1")
              .arg(count)
              .arg(count == 1 ? QCoreApplication::translate("Filter", "item")
                              : QCoreApplication::translate("Filter", "items"));
    return compared(op, ordered(op.compare, orderOf(double(count), *length)), shownLength,
        MappingValue::formatNumber(*length));
}

Outcome checkCondition(const Operator &op, const FilterCondition &condition,
    const MappingContext &context, const QTimeZone &zone)
{
    const Side a = evaluateSide(condition.a, context);
    if (!a.error.isEmpty())
        return unreadable(
            QCoreApplication::translate("Filter", "the first value could not be read: ") + a.error);
    if (op.kind == Kind::Exist)
        return checkExist(op, a);
    const Side b = evaluateSide(condition.b.value_or(QString()), context);
    if (!b.error.isEmpty())
        return unreadable(
            QCoreApplication::translate("Filter", "the second value could not be read: ")
            + b.error);
    switch (op.kind) {
    case Kind::Exist:
        break;
    case Kind::Text:
        return checkText(op, a, b);
    case Kind::Number:
        return checkNumber(op, a, b);
    case Kind::Date:
    case Kind::Time:
        return checkChronological(op, a, b, zone);
    case Kind::Boolean:
        return checkBoolean(op, a, b);
    case Kind::ArrayContain:
    case Kind::ArrayLength:
        return checkArray(op, a, b);
    }
    return {};
}

QString conditionLabel(int number, const FilterCondition &condition, const Operator *op)
{
    return QCoreApplication::translate("Filter", "condition %1 (%2 %3)")
        .arg(number)
        .arg(quoted(condition.a), op ? operatorWords(*op) : condition.o);
}

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QString filterWords(const QString &name)
{
    return name.isEmpty() ? QCoreApplication::translate("Filter", "the filter")
                          : QCoreApplication::translate("Filter", "the filter ") + quoted(name);
}

QString conditionPlace(const QString &filterName, qsizetype group, qsizetype condition)
{
    return QCoreApplication::translate("Filter", "Condition %1 in group %2 of %3")
        .arg(condition + 1)
        .arg(group + 1)
        .arg(filterWords(filterName));
}

/// A condition's `a` or `b`: text, or a number or boolean read as its text.
bool readTemplate(const QJsonValue &value, QString *out)
{
    if (value.isString()) {
        *out = value.toString();
        return true;
    }
    if (value.isDouble() || value.isBool()) {
        *out = MappingValue::toText(value);
        return true;
    }
    return false;
}

} // namespace

bool FilterCondition::operator==(const FilterCondition &other) const
{
    return a == other.a && o == other.o && b == other.b && extra == other.extra;
}

bool Filter::operator==(const Filter &other) const
{
    return name == other.name && conditions == other.conditions && extra == other.extra;
}

bool Filter::isEmpty() const
{
    for (const QList<FilterCondition> &group : conditions) {
        if (!group.isEmpty())
            return false;
    }
    return true;
}

std::optional<Filter> Filter::fromJson(const QJsonValue &json, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<Filter> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    Filter filter;
    if (json.isNull() || json.isUndefined())
        return filter;
    if (!json.isObject())
        return fail(QCoreApplication::translate("Filter",
            "A filter must be an object with ‘name’ and ‘conditions’, "
            "not %1.")
                        .arg(MappingValue::kindName(json)));
    const QJsonObject object = json.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("name") && it.key() != QLatin1String("conditions"))
            filter.extra.insert(it.key(), it.value());
    }
    const QJsonValue name = object.value(QLatin1String("name"));
    if (name.isString())
        filter.name = name.toString();
    else if (!name.isUndefined() && !name.isNull())
        return fail(
            QCoreApplication::translate("Filter", "The filter’s ‘name’ must be text, not %1.")
                .arg(MappingValue::kindName(name)));
    const QJsonValue conditions = object.value(QLatin1String("conditions"));
    if (conditions.isUndefined() || conditions.isNull())
        return filter;
    if (!conditions.isArray()) {
        return fail(QCoreApplication::translate(
            "Filter", "The ‘conditions’ of %1 must be a list of groups, not %2.")
                        .arg(filterWords(filter.name), MappingValue::kindName(conditions)));
    }
    const QJsonArray groups = conditions.toArray();
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const QJsonValue groupValue = groups.at(g);
        if (!groupValue.isArray()) {
            return fail(QCoreApplication::translate(
                "Filter", "Group %1 of %2 must be a list of conditions, not %3.")
                            .arg(g + 1)
                            .arg(filterWords(filter.name), MappingValue::kindName(groupValue)));
        }
        const QJsonArray group = groupValue.toArray();
        QList<FilterCondition> read;
        read.reserve(group.size());
        for (qsizetype c = 0; c < group.size(); ++c) {
            const QString place = conditionPlace(filter.name, g, c);
            if (!group.at(c).isObject()) {
                return fail(place
                    + QCoreApplication::translate(
                        "Filter", " must be an object with ‘a’, ‘o’ and ‘b’, not %1.")
                          .arg(MappingValue::kindName(group.at(c))));
            }
            const QJsonObject object = group.at(c).toObject();
            FilterCondition condition;
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (it.key() != QLatin1String("a") && it.key() != QLatin1String("o")
                    && it.key() != QLatin1String("b"))
                    condition.extra.insert(it.key(), it.value());
            }
            const QJsonValue o = object.value(QLatin1String("o"));
            if (!o.isString())
                return fail(
                    place + QCoreApplication::translate("Filter", " has no operator (‘o’)."));
            condition.o = o.toString();
            if (!findOperator(condition.o)) {
                return fail(place
                    + QCoreApplication::translate("Filter", " has an unknown operator %1.")
                          .arg(quoted(condition.o)));
            }
            const QJsonValue a = object.value(QLatin1String("a"));
            if (a.isUndefined())
                return fail(
                    place + QCoreApplication::translate("Filter", " has no first value (‘a’)."));
            if (!readTemplate(a, &condition.a)) {
                return fail(place
                    + QCoreApplication::translate(
                        "Filter", "’s first value (‘a’) must be text, not %1.")
                          .arg(MappingValue::kindName(a)));
            }
            const QJsonValue b = object.value(QLatin1String("b"));
            if (b.isNull()) {
                // No second value, as when the key is left out; kept to be written back.
                condition.extra.insert(QLatin1String("b"), b);
            } else if (!b.isUndefined()) {
                QString text;
                if (!readTemplate(b, &text)) {
                    return fail(place
                        + QCoreApplication::translate(
                            "Filter", "’s second value (‘b’) must be text, not %1.")
                              .arg(MappingValue::kindName(b)));
                }
                condition.b = text;
            }
            read.append(condition);
        }
        filter.conditions.append(read);
    }
    return filter;
}

QJsonObject Filter::toJson() const
{
    QJsonObject object = extra;
    object.insert(QLatin1String("name"), name);
    QJsonArray groups;
    for (const QList<FilterCondition> &group : conditions) {
        QJsonArray written;
        for (const FilterCondition &condition : group) {
            QJsonObject c = condition.extra;
            c.insert(QLatin1String("a"), condition.a);
            if (condition.b)
                c.insert(QLatin1String("b"), *condition.b);
            c.insert(QLatin1String("o"), condition.o);
            written.append(c);
        }
        groups.append(written);
    }
    object.insert(QLatin1String("conditions"), groups);
    return object;
}

QStringList Filter::knownOperators()
{
    QStringList names;
    for (const Operator &op : operatorTable())
        names.append(op.name);
    return names;
}

bool Filter::isKnownOperator(const QString &o)
{
    return findOperator(o) != nullptr;
}

QString Filter::operatorWords(const QString &o)
{
    const Operator *op = findOperator(o);
    return op ? ::operatorWords(*op) : o;
}

QString Filter::operatorGroup(const QString &o)
{
    const Operator *op = findOperator(o);
    return op ? kindGroup(op->kind) : QString();
}

QString Filter::operatorChoice(const QString &o)
{
    const Operator *op = findOperator(o);
    return op ? kindGroup(op->kind) + QStringLiteral(": ") + bareOperatorWords(*op) : o;
}

QString Filter::conditionWords(const FilterCondition &condition)
{
    QString words = quoted(condition.a) + QLatin1Char(' ') + operatorWords(condition.o);
    if (operatorTakesSecondValue(condition.o))
        words += QLatin1Char(' ') + quoted(condition.b.value_or(QString()));
    return words;
}

QString Filter::conditionsWords() const
{
    QStringList groups;
    for (const QList<FilterCondition> &group : conditions) {
        QStringList parts;
        for (const FilterCondition &condition : group)
            parts.append(conditionWords(condition));
        if (!parts.isEmpty())
            groups.append(parts.join(QCoreApplication::translate("Filter", "\nand ")));
    }
    return groups.join(QCoreApplication::translate("Filter", "\nor "));
}

bool Filter::operatorTakesSecondValue(const QString &o)
{
    const Operator *op = findOperator(o);
    return op && op->kind != Kind::Exist;
}

FilterVerdict evaluate(const Filter &filter, const MappingContext &context, const QTimeZone &zone)
{
    FilterVerdict verdict;
    if (filter.isEmpty())
        return verdict;
    QStringList failures; // one per group: why it was false
    for (const QList<FilterCondition> &group : filter.conditions) {
        bool groupHolds = true;
        for (qsizetype i = 0; i < group.size(); ++i) {
            const FilterCondition &condition = group.at(i);
            const Operator *op = findOperator(condition.o);
            const QString label = conditionLabel(int(i + 1), condition, op);
            Outcome outcome;
            if (!op)
                outcome = unreadable(
                    QCoreApplication::translate("Filter", "%1 is not an operator Scenarist knows")
                        .arg(quoted(condition.o)));
            else
                outcome = checkCondition(*op, condition, context, zone);
            if (!outcome.warning.isEmpty())
                verdict.warnings.append(outcome.warning
                    + QCoreApplication::translate("Filter", ", so ") + label
                    + QCoreApplication::translate("Filter", " is false"));
            if (!outcome.holds) {
                failures.append(
                    label + QCoreApplication::translate("Filter", " was false: ") + outcome.why);
                groupHolds = false;
                break;
            }
        }
        if (groupHolds)
            return verdict;
    }
    verdict.passed = false;
    if (failures.size() == 1) {
        verdict.reason = capitalized(failures.constFirst());
    } else {
        QStringList parts;
        for (qsizetype g = 0; g < failures.size(); ++g)
            parts.append(
                QCoreApplication::translate("Filter", "in group %1, ").arg(g + 1) + failures.at(g));
        verdict.reason = QCoreApplication::translate(
                             "Filter", "None of the %1 groups of conditions was true: ")
                             .arg(failures.size())
            + parts.join(QStringLiteral("; "));
    }
    return verdict;
}
