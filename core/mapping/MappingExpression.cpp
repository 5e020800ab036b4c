#include "core/mapping/MappingExpression.h"

#include "core/mapping/MappingFunctions.h"
#include "core/mapping/MappingValue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>

QDateTime MappingEvaluation::now() const
{
    return context.now.isValid() ? context.now.toUTC() : QDateTime::currentDateTimeUtc();
}

QTimeZone MappingEvaluation::timeZone() const
{
    if (context.timeZone.isValid())
        return context.timeZone;
    // Looked up once: asking the system for every date would cost more than the date itself.
    static const QTimeZone system = [] {
        const QTimeZone zone = QTimeZone::systemTimeZone();
        return zone.isValid() ? zone : QTimeZone::utc();
    }();
    return system;
}

namespace {

thread_local int t_deepestEvaluation = 0;

/// One composite node being evaluated: MappingEvaluation::enter() for the scope.
class Level
{
public:
    explicit Level(MappingEvaluation &evaluation)
        : m_evaluation(evaluation)
        , m_entered(evaluation.enter())
    {
    }
    ~Level() { m_evaluation.leave(); }
    Level(const Level &) = delete;
    Level &operator=(const Level &) = delete;
    bool entered() const { return m_entered; }

private:
    MappingEvaluation &m_evaluation;
    bool m_entered;
};

} // namespace

QString mappingTooDeepMessage()
{
    return QCoreApplication::translate("MappingExpression",
        "This mapping is nested too deeply (more than %1 levels); split it "
        "into smaller steps.")
        .arg(maxMappingDepth);
}

int deepestMappingEvaluation()
{
    return t_deepestEvaluation;
}

void resetDeepestMappingEvaluation()
{
    t_deepestEvaluation = 0;
}

MappingEvaluation::~MappingEvaluation()
{
    // Once per evaluation, not per node: the thread-local costs more than the counter.
    if (deepest > t_deepestEvaluation)
        t_deepestEvaluation = deepest;
}

void MappingPath::updateDepth()
{
    depth = base ? base->depth + 1 : 1;
    for (const Segment &segment : segments) {
        if (segment.indexExpr)
            depth = std::max(depth, segment.indexExpr->depth + 1);
    }
}

namespace {

/// "a, b, c, …": enough names to spot a typo without flooding the message.
QString nameList(const QStringList &names)
{
    constexpr int shown = 8;
    QStringList list = names.mid(0, shown);
    if (names.size() > shown)
        list.append(QStringLiteral("…"));
    return list.join(QLatin1String(", "));
}

bool isNameValueList(const QJsonArray &array)
{
    if (array.isEmpty())
        return false;
    const QJsonValue first = array.at(0);
    if (!first.isObject())
        return false;
    const QJsonObject object = first.toObject();
    return object.contains(QLatin1String("name")) && object.contains(QLatin1String("value"));
}

} // namespace

QString MappingPath::ownerName() const
{
    if (moduleId > 0)
        return QCoreApplication::translate("MappingExpression", "module %1's output").arg(moduleId);
    if (!rootName.isEmpty())
        return rootName;
    return QCoreApplication::translate("MappingExpression", "the value");
}

QString MappingPath::segmentsText(size_t count) const
{
    QString out;
    for (size_t i = 0; i < count && i < segments.size(); ++i) {
        const Segment &segment = segments[i];
        if (segment.kind == Segment::Kind::Key && !out.isEmpty())
            out += QLatin1Char('.');
        out += segment.source;
    }
    return out;
}

QJsonValue MappingPath::missing(
    MappingEvaluation &evaluation, size_t segment, const QString &detail) const
{
    Q_UNUSED(segment);
    evaluation.warn(source + QLatin1String(": ") + ownerName() + QLatin1Char(' ') + detail);
    return QJsonValue(QJsonValue::Null);
}

namespace {

/// A value of `type`, for the messages that name a kind ("text", "a list") without reading
/// a large part.
QJsonValue placeholderOf(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::String:
        return QJsonValue(QString());
    case QJsonValue::Double:
        return QJsonValue(0);
    case QJsonValue::Bool:
        return QJsonValue(false);
    case QJsonValue::Array:
        return QJsonArray();
    case QJsonValue::Object:
        return QJsonObject();
    default:
        return QJsonValue(QJsonValue::Null);
    }
}

QStringList sortedKeys(const LargeBody &body, LargeBody::Range range)
{
    QStringList keys = body.keys(range, 10000);
    keys.sort(); // as QJsonObject::keys() lists them
    keys.removeDuplicates();
    return keys;
}

} // namespace

bool MappingPath::walkLargeBody(MappingEvaluation &evaluation, const LargeBody &body,
    QJsonValue &current, size_t &next, LargeBody::Range *reached) const
{
    LargeBody::Range range = body.root();
    size_t i = 1; // segments[0] is "data"
    for (; i < segments.size() && range.size() >= body.partBytes(); ++i) {
        const Segment &segment = segments[i];
        if (segment.kind == Segment::Kind::All)
            continue;
        const QString where = segmentsText(i);
        const QJsonValue::Type type = body.typeAt(range);
        QString key = segment.key;
        bool byKey = segment.kind == Segment::Kind::Key;
        qint64 index = segment.index;
        if (segment.indexExpr) {
            // As in evaluate(): items[2.data.n] or object["some key"].
            const QJsonValue value = segment.indexExpr->evaluate(evaluation);
            if (evaluation.failed()) {
                current = QJsonValue();
                return false;
            }
            if (value.isString() && type == QJsonValue::Object) {
                byKey = true;
                key = value.toString();
            } else {
                const std::optional<double> number = MappingValue::toNumber(value);
                if (!number || *number != std::floor(*number)) {
                    current = missing(evaluation, i,
                        QCoreApplication::translate("MappingExpression",
                            "has no item %1 in %2 (a list position must "
                            "be a whole number)")
                            .arg(MappingValue::toText(value), where));
                    return false;
                }
                index = static_cast<qint64>(std::clamp(*number, -9.0e15, 9.0e15));
            }
        }
        if (byKey && segment.numericKey && type == QJsonValue::Array) {
            byKey = false;
            index = key.toLongLong();
        }
        if (byKey && type == QJsonValue::Object) {
            const std::optional<LargeBody::Range> found = body.member(range, key);
            if (!found) {
                const QStringList keys = sortedKeys(body, range);
                current = missing(evaluation, i,
                    keys.isEmpty() ? QCoreApplication::translate(
                        "MappingExpression", "has no '%1' (%2 is empty)")
                                         .arg(key, where)
                                   : QCoreApplication::translate(
                                       "MappingExpression", "has no '%1' (it has: %2)")
                                         .arg(key, nameList(keys)));
                return false;
            }
            range = *found;
            continue;
        }
        if (byKey && type == QJsonValue::Array) {
            const QList<LargeBody::Child> first = body.children(range, 0, 1);
            if (!first.isEmpty() && body.typeAt(first.at(0).range) == QJsonValue::Object
                && body.member(first.at(0).range, QStringLiteral("name"))
                && body.member(first.at(0).range, QStringLiteral("value"))) {
                break; // a {name, value} list: read it and look up by name as usual
            }
            // A key on a list of objects collects that key from each (items[].id).
            QJsonArray collected;
            QStringList firstKeys;
            const qint64 count = body.childCount(range);
            constexpr qint64 Page = 4096;
            for (qint64 at = 0; at < count; at += Page) {
                for (const LargeBody::Child &child : body.children(range, at, Page)) {
                    if (body.typeAt(child.range) != QJsonValue::Object)
                        continue;
                    const std::optional<LargeBody::Range> found = body.member(child.range, key);
                    if (found)
                        collected.append(body.value(*found));
                    else if (firstKeys.isEmpty())
                        firstKeys = sortedKeys(body, child.range);
                }
            }
            if (collected.isEmpty() && count > 0) {
                current = missing(evaluation, i,
                    firstKeys.isEmpty() ? QCoreApplication::translate(
                        "MappingExpression", "has no '%1' (%2 is a list of values, not of objects)")
                                              .arg(key, where)
                                        : QCoreApplication::translate("MappingExpression",
                                            "has no '%1' in the items of the list (they have: %2)")
                                              .arg(key, nameList(firstKeys)));
                return false;
            }
            current = collected;
            next = i + 1;
            return true;
        }
        if (byKey) {
            current = missing(evaluation, i,
                QCoreApplication::translate(
                    "MappingExpression", "has no '%1' (%2 is %3, not an object)")
                    .arg(key, where, MappingValue::kindName(placeholderOf(type))));
            return false;
        }
        if (type != QJsonValue::Array) {
            current = missing(evaluation, i,
                QCoreApplication::translate(
                    "MappingExpression", "has no item %1 (%2 is %3, not a list)")
                    .arg(index)
                    .arg(where, MappingValue::kindName(placeholderOf(type))));
            return false;
        }
        if (index < 1) {
            current = missing(evaluation, i,
                QCoreApplication::translate("MappingExpression",
                    "has no item %1: lists start at 1 in mappings, so the "
                    "first item is [1]")
                    .arg(index));
            return false;
        }
        const std::optional<LargeBody::Range> found = body.item(range, index - 1);
        if (!found) {
            current = missing(evaluation, i,
                QCoreApplication::translate("MappingExpression", "has no item %1 (%2 has %3 items)")
                    .arg(index)
                    .arg(where)
                    .arg(body.childCount(range)));
            return false;
        }
        range = *found;
    }
    next = i;
    if (reached && i == segments.size()) {
        *reached = range; // the caller reads what it needs of it
        return true;
    }
    current = body.value(range);
    return true;
}

std::optional<qint64> MappingPath::largeListLength(const MappingEvaluation &evaluation) const
{
    if (moduleId <= 0 || segments.empty() || segments.front().kind != Segment::Kind::Key
        || segments.front().indexExpr || segments.front().key != QLatin1String("data")
        || !evaluation.context.moduleOutputs.contains(moduleId)) {
        return std::nullopt;
    }
    const LargeBodyPtr large = evaluation.context.largeData.value(moduleId);
    if (!large)
        return std::nullopt;
    // A trial walk: its warnings are dropped, since evaluating as usual says them again.
    MappingEvaluation trial(evaluation.context);
    trial.depth = evaluation.depth; // its index expressions nest inside this evaluation
    QJsonValue current;
    size_t next = 0;
    LargeBody::Range reached {-1, -1};
    if (!walkLargeBody(trial, *large, current, next, &reached) || trial.failed()
        || reached.begin < 0 || large->typeAt(reached) != QJsonValue::Array) {
        return std::nullopt;
    }
    for (size_t i = 1; i < segments.size(); ++i) {
        if (segments[i].indexExpr)
            return std::nullopt; // it may have warned: evaluate as usual
    }
    return large->childCount(reached);
}

QJsonValue MappingPath::evaluate(MappingEvaluation &evaluation) const
{
    const Level level(evaluation);
    if (!level.entered())
        return {};
    QJsonValue current;
    size_t first = 0; // the first segment still to walk
    // Which secret the first segment reaches is noted, for masking and for binding secrets to
    // hosts; only paths from `secrets` pay for it.
    bool secretPending = false;
    if (moduleId > 0) {
        const auto it = evaluation.context.moduleOutputs.constFind(moduleId);
        if (it == evaluation.context.moduleOutputs.constEnd()) {
            evaluation.fail(QCoreApplication::translate("MappingExpression",
                "Module %1 has not run yet, so {{%2}} has no value. "
                "Run the scenario from the start.")
                                .arg(moduleId)
                                .arg(source));
            return {};
        }
        current = *it;
        const LargeBodyPtr large = evaluation.context.largeData.value(moduleId);
        if (large) {
            // The bundle's data is null: the body is read from its bytes, only as far as the
            // path goes.
            const bool plainKey = !segments.empty() && segments.front().kind == Segment::Kind::Key
                && !segments.front().indexExpr;
            if (plainKey && segments.front().key == QLatin1String("data")) {
                if (!walkLargeBody(evaluation, *large, current, first))
                    return current;
            } else if (!plainKey) {
                // {{1}}, {{1[]}}, {{1["data"]...}}: the bundle itself, with all its data.
                QJsonObject bundle = current.toObject();
                bundle.insert(QStringLiteral("data"), large->value());
                current = bundle;
            }
        }
    } else if (!rootName.isEmpty()) {
        const auto it = evaluation.context.namedRoots.constFind(rootName);
        if (it == evaluation.context.namedRoots.constEnd()) {
            evaluation.fail(QCoreApplication::translate("MappingExpression",
                "Unknown name '%1' in {{%2}}: nothing called '%1' "
                "is available here. Start a mapping with a module "
                "number such as {{1.data}}, or put text in double "
                "quotes.")
                                .arg(rootName, source));
            return {};
        }
        current = *it;
        secretPending = rootName == QLatin1String("secrets");
    } else {
        current = base->evaluate(evaluation);
        if (evaluation.failed())
            return {};
    }

    for (size_t i = first; i < segments.size(); ++i) {
        const Segment &segment = segments[i];
        const QString where = i == 0 ? QStringLiteral("it") : segmentsText(i);
        if (segment.kind == Segment::Kind::All)
            continue; // items[] is the list itself; a following key maps over it
        QString key = segment.key;
        bool byKey = segment.kind == Segment::Kind::Key;
        qint64 index = segment.index;
        if (segment.indexExpr) {
            const QJsonValue value = segment.indexExpr->evaluate(evaluation);
            if (evaluation.failed())
                return {};
            if (value.isString() && current.isObject()) {
                byKey = true; // object["some key"]
                key = value.toString();
            } else {
                const std::optional<double> number = MappingValue::toNumber(value);
                if (!number || *number != std::floor(*number)) {
                    return missing(evaluation, i,
                        QCoreApplication::translate("MappingExpression",
                            "has no item %1 in %2 (a list position must "
                            "be a whole number)")
                            .arg(MappingValue::toText(value), where));
                }
                // Beyond any list's length anyway; clamping keeps the cast defined.
                index = static_cast<qint64>(std::clamp(*number, -9.0e15, 9.0e15));
            }
        }

        if (byKey && segment.numericKey && current.isArray()) {
            byKey = false; // items.1 on a list means items[1]
            index = key.toLongLong();
        }
        const bool readsSecret = secretPending;
        secretPending = false;
        if (readsSecret && current.isArray())
            evaluation.readSecret(QStringLiteral("*")); // secrets as a list: no name to tell
        if (byKey) {
            if (current.isObject()) {
                const QJsonObject object = current.toObject();
                const auto it = object.constFind(key);
                if (it == object.constEnd()) {
                    return missing(evaluation, i,
                        object.isEmpty() ? QCoreApplication::translate(
                            "MappingExpression", "has no '%1' (%2 is empty)")
                                               .arg(key, where)
                                         : QCoreApplication::translate(
                                             "MappingExpression", "has no '%1' (it has: %2)")
                                               .arg(key, nameList(object.keys())));
                }
                if (readsSecret)
                    evaluation.readSecret(key);
                current = it.value();
            } else if (current.isArray()) {
                const QJsonArray array = current.toArray();
                if (isNameValueList(array)) {
                    // Make's header lists: {{2.headers.`content-type`}} finds the element
                    // by name, ignoring case, and yields its value.
                    bool found = false;
                    QStringList names;
                    for (const QJsonValue &element : array) {
                        const QJsonObject pair = element.toObject();
                        const QString name = pair.value(QLatin1String("name")).toString();
                        if (name.compare(key, Qt::CaseInsensitive) == 0) {
                            current = pair.value(QLatin1String("value"));
                            found = true;
                            break;
                        }
                        names.append(name);
                    }
                    if (!found) {
                        return missing(evaluation, i,
                            QCoreApplication::translate(
                                "MappingExpression", "has no '%1' (it has: %2)")
                                .arg(key, nameList(names)));
                    }
                } else {
                    // A key on a list of objects collects that key from each (items[].id).
                    QJsonArray collected;
                    QStringList firstKeys;
                    for (const QJsonValue &element : array) {
                        if (!element.isObject())
                            continue;
                        const QJsonObject object = element.toObject();
                        const auto it = object.constFind(key);
                        if (it != object.constEnd())
                            collected.append(it.value());
                        else if (firstKeys.isEmpty())
                            firstKeys = object.keys();
                    }
                    if (collected.isEmpty() && !array.isEmpty()) {
                        return missing(evaluation, i,
                            firstKeys.isEmpty() ? QCoreApplication::translate("MappingExpression",
                                "has no '%1' (%2 is a list of "
                                "values, not of objects)")
                                                      .arg(key, where)
                                                : QCoreApplication::translate("MappingExpression",
                                                    "has no '%1' in the items of "
                                                    "the list (they have: %2)")
                                                      .arg(key, nameList(firstKeys)));
                    }
                    current = collected;
                }
            } else {
                return missing(evaluation, i,
                    QCoreApplication::translate(
                        "MappingExpression", "has no '%1' (%2 is %3, not an object)")
                        .arg(key, where, MappingValue::kindName(current)));
            }
            continue;
        }

        if (!current.isArray()) {
            return missing(evaluation, i,
                QCoreApplication::translate(
                    "MappingExpression", "has no item %1 (%2 is %3, not a list)")
                    .arg(index)
                    .arg(where, MappingValue::kindName(current)));
        }
        const QJsonArray array = current.toArray();
        if (index < 1) {
            return missing(evaluation, i,
                QCoreApplication::translate("MappingExpression",
                    "has no item %1: lists start at 1 in mappings, so the "
                    "first item is [1]")
                    .arg(index));
        }
        if (index > array.size()) {
            return missing(evaluation, i,
                QCoreApplication::translate("MappingExpression", "has no item %1 (%2 has %3 items)")
                    .arg(index)
                    .arg(where)
                    .arg(array.size()));
        }
        current = array.at(index - 1);
    }
    if (secretPending) // secrets[]: the whole object, every secret in it
        evaluation.readSecret(QStringLiteral("*"));
    return current;
}

QJsonValue MappingUnary::evaluate(MappingEvaluation &evaluation) const
{
    const Level level(evaluation);
    if (!level.entered())
        return {};
    const QJsonValue value = m_operand->evaluate(evaluation);
    if (evaluation.failed())
        return {};
    const std::optional<double> number = MappingValue::toNumber(value);
    if (!number) {
        evaluation.fail(QCoreApplication::translate(
            "MappingExpression", "Cannot put a minus sign before %1: it is not a number.")
                            .arg(MappingValue::kindName(value)));
        return {};
    }
    return -*number;
}

namespace {

bool isPlainNumber(const QJsonValue &value)
{
    return value.isDouble() || value.isBool() || value.isNull() || value.isUndefined();
}

/// Numbers compare as numbers (also against numeric text, e.g. a status code typed as
/// "200"); everything else compares as text.
int compareValues(const QJsonValue &left, const QJsonValue &right)
{
    if (left.isDouble() || right.isDouble()) {
        const std::optional<double> a = MappingValue::toNumber(left);
        const std::optional<double> b = MappingValue::toNumber(right);
        if (a && b && !(left.isNull() || right.isNull()))
            return *a < *b ? -1 : (*a > *b ? 1 : 0);
    }
    return MappingValue::toText(left).compare(MappingValue::toText(right));
}

QString operatorWord(MappingBinary::Operator op)
{
    switch (op) {
    case MappingBinary::Operator::Subtract:
        return QStringLiteral("subtract");
    case MappingBinary::Operator::Multiply:
        return QStringLiteral("multiply");
    case MappingBinary::Operator::Divide:
        return QStringLiteral("divide");
    default:
        break;
    }
    return QCoreApplication::translate("MappingExpression", "take the remainder");
}

} // namespace

QJsonValue MappingBinary::evaluate(MappingEvaluation &evaluation) const
{
    const Level level(evaluation);
    if (!level.entered())
        return {};
    const QJsonValue left = m_left->evaluate(evaluation);
    if (evaluation.failed())
        return {};
    // & and | only look at the right side when they need to, so a guard such as
    // {{1.data.items & length(1.data.items) > 0}} does not warn.
    if (m_op == Operator::And && !MappingValue::isTrue(left))
        return false;
    if (m_op == Operator::Or && MappingValue::isTrue(left))
        return true;
    const QJsonValue right = m_right->evaluate(evaluation);
    if (evaluation.failed())
        return {};

    switch (m_op) {
    case Operator::And:
    case Operator::Or:
        return MappingValue::isTrue(right);
    case Operator::Equal:
        return compareValues(left, right) == 0;
    case Operator::NotEqual:
        return compareValues(left, right) != 0;
    case Operator::Less:
        return compareValues(left, right) < 0;
    case Operator::Greater:
        return compareValues(left, right) > 0;
    case Operator::LessEqual:
        return compareValues(left, right) <= 0;
    case Operator::GreaterEqual:
        return compareValues(left, right) >= 0;
    case Operator::Add:
        if (isPlainNumber(left) && isPlainNumber(right) && (left.isDouble() || right.isDouble())) {
            return left.toDouble() + right.toDouble();
        }
        {
            QString text = MappingValue::toText(left);
            MappingValue::appendText(text, right);
            return text;
        }
    case Operator::Subtract:
    case Operator::Multiply:
    case Operator::Divide:
    case Operator::Modulo:
        break;
    }

    const std::optional<double> a = MappingValue::toNumber(left);
    const std::optional<double> b = MappingValue::toNumber(right);
    if (!a || !b) {
        const QJsonValue &bad = a ? right : left;
        evaluation.fail(
            QCoreApplication::translate("MappingExpression", "Cannot %1: %2 is not a number.")
                .arg(operatorWord(m_op),
                    bad.isString() ? QLatin1Char('"') + bad.toString() + QLatin1Char('"')
                                   : MappingValue::kindName(bad)));
        return {};
    }
    switch (m_op) {
    case Operator::Subtract:
        return *a - *b;
    case Operator::Multiply:
        return *a * *b;
    case Operator::Divide:
    case Operator::Modulo:
        if (*b == 0.0) {
            evaluation.fail(
                QCoreApplication::translate(
                    "MappingExpression", "Cannot %1 by zero: the number after '%2' is 0.")
                    .arg(operatorWord(m_op),
                        m_op == Operator::Divide ? QStringLiteral("/") : QStringLiteral("%")));
            return {};
        }
        return m_op == Operator::Divide ? *a / *b : std::fmod(*a, *b);
    default:
        break;
    }
    return {};
}

QJsonValue MappingCall::evaluate(MappingEvaluation &evaluation) const
{
    const Level level(evaluation);
    if (!level.entered())
        return {};
    if (m_function->lazy)
        return m_function->lazy(m_arguments, evaluation);
    // length() of a large list in a large body: counted from its index, not read whole.
    if (m_arguments.size() == 1 && qstrcmp(m_function->name, "length") == 0) {
        if (const auto *path = dynamic_cast<const MappingPath *>(m_arguments.front().get())) {
            if (const std::optional<qint64> count = path->largeListLength(evaluation))
                return QJsonValue(double(*count));
        }
    }
    QVarLengthArray<QJsonValue, 4> values;
    values.reserve(static_cast<int>(m_arguments.size()));
    for (size_t i = 0; i < m_arguments.size(); ++i) {
        const MappingExpression *argument = m_arguments[i].get();
        // A key or a date format written without quotes, map(…; sender.name) or
        // formatDate(…; DD.MM.YYYY), reads as a path from a name that does not exist: it is
        // that text.
        if (i < 32 && (m_function->textArguments & (1u << i))) {
            if (const auto *path = dynamic_cast<const MappingPath *>(argument)) {
                if (!path->rootName.isEmpty()
                    && !evaluation.context.namedRoots.contains(path->rootName)) {
                    values.append(path->source);
                    continue;
                }
            }
        }
        values.append(argument->evaluate(evaluation));
        if (evaluation.failed())
            return {};
    }
    QJsonValue result = m_function->eager(values.constData(), values.size(), evaluation);
    if (evaluation.failed()) // name the function, the message alone may not say where
        evaluation.error
            = QString::fromLatin1(m_function->name) + QLatin1String(": ") + evaluation.error;
    return result;
}
