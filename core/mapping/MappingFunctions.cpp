#include "core/mapping/MappingFunctions.h"

#include "core/mapping/DateReading.h"
#include "core/mapping/MappingValue.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>
#include <QUrl>
#include <QUuid>

#include <algorithm>
#include <cmath>

// JavaScript's date range (100 million days either side of 1970), as Make has it.
static constexpr double MaxDateMs = 8.64e15;

using MappingValue::toText;

namespace {

QString quoted(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isDouble())
        return MappingValue::formatNumber(value.toDouble());
    return MappingValue::kindName(value);
}

bool numberArgument(const QJsonValue &value, double *number, MappingEvaluation &evaluation)
{
    const std::optional<double> converted = MappingValue::toNumber(value);
    if (!converted) {
        evaluation.fail(QCoreApplication::translate("MappingFunctions", "%1 is not a number.")
                            .arg(quoted(value)));
        return false;
    }
    *number = *converted;
    return true;
}

QDateTime dateArgument(const QJsonValue &value, MappingEvaluation &evaluation)
{
    // Without a zone, a date is in the scenario's time zone (docs/mapping-functions.md).
    const std::optional<QDateTime> date = readDate(value, evaluation.timeZone());
    if (!date) {
        evaluation.fail(QCoreApplication::translate("MappingFunctions",
            "%1 is not a date. Use a date such as "
            "2024-01-31T12:00:00Z, or a Unix timestamp.")
                            .arg(quoted(value)));
        return {};
    }
    return *date;
}

QString isoText(const QDateTime &date)
{
    return date.toUTC().toString(Qt::ISODateWithMs);
}

/// Follows a get() path such as "data.items.1.id" or "data.items[1].id" (1-based).
QJsonValue followPath(QJsonValue current, const QString &path)
{
    QString normalized = path;
    normalized.replace(QLatin1Char('['), QLatin1Char('.'));
    normalized.remove(QLatin1Char(']'));
    const QStringList parts = normalized.split(QLatin1Char('.'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(part);
            if (it == object.constEnd())
                return QJsonValue(QJsonValue::Null);
            current = it.value();
            continue;
        }
        if (!current.isArray())
            return QJsonValue(QJsonValue::Null);
        const QJsonArray array = current.toArray();
        bool isIndex = false;
        const int index = part.toInt(&isIndex);
        if (isIndex) {
            if (index < 1 || index > array.size())
                return QJsonValue(QJsonValue::Null);
            current = array.at(index - 1);
            continue;
        }
        QJsonValue found(QJsonValue::Null);
        for (const QJsonValue &element : array) {
            const QJsonObject object = element.toObject();
            if (object.value(QLatin1String("name")).toString().compare(part, Qt::CaseInsensitive)
                == 0) {
                found = object.value(QLatin1String("value"));
                break;
            }
        }
        current = found;
    }
    return current;
}

// ---- lazy functions ------------------------------------------------------------------------

QJsonValue fnIf(const std::vector<MappingExpressionPtr> &arguments, MappingEvaluation &evaluation)
{
    const QJsonValue condition = arguments[0]->evaluate(evaluation);
    if (evaluation.failed())
        return {};
    if (MappingValue::isTrue(condition))
        return arguments[1]->evaluate(evaluation);
    if (arguments.size() > 2)
        return arguments[2]->evaluate(evaluation);
    return QJsonValue(QJsonValue::Null);
}

QJsonValue fnIfEmpty(
    const std::vector<MappingExpressionPtr> &arguments, MappingEvaluation &evaluation)
{
    // The fallback is there for a value that may be missing, so its warning is noise.
    QStringList *warnings = evaluation.warnings;
    QStringList ignored;
    evaluation.warnings = &ignored;
    const QJsonValue value = arguments[0]->evaluate(evaluation);
    evaluation.warnings = warnings;
    if (evaluation.failed())
        return {};
    if (!MappingValue::isEmpty(value))
        return value;
    return arguments[1]->evaluate(evaluation);
}

// ---- text ----------------------------------------------------------------------------------

QJsonValue fnLower(const QJsonValue *a, int, MappingEvaluation &)
{
    return toText(a[0]).toLower();
}

QJsonValue fnUpper(const QJsonValue *a, int, MappingEvaluation &)
{
    return toText(a[0]).toUpper();
}

QJsonValue fnTrim(const QJsonValue *a, int, MappingEvaluation &)
{
    return toText(a[0]).trimmed();
}

QJsonValue fnCapitalize(const QJsonValue *a, int, MappingEvaluation &)
{
    QString text = toText(a[0]);
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QJsonValue fnToString(const QJsonValue *a, int, MappingEvaluation &)
{
    return toText(a[0]);
}

QJsonValue fnLength(const QJsonValue *a, int, MappingEvaluation &)
{
    if (a[0].isArray())
        return a[0].toArray().size();
    if (a[0].isObject())
        return a[0].toObject().size();
    return toText(a[0]).size();
}

/// Expands $1…$9, $& and $$ in a replacement, as Make (JavaScript) does.
QString expandReplacement(const QString &replacement, const QRegularExpressionMatch &match)
{
    QString out;
    for (int i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement.at(i);
        if (c == QLatin1Char('$') && i + 1 < replacement.size()) {
            const QChar n = replacement.at(i + 1);
            if (n == QLatin1Char('$')) {
                out += QLatin1Char('$');
                ++i;
                continue;
            }
            if (n == QLatin1Char('&')) {
                out += match.captured(0);
                ++i;
                continue;
            }
            if (n.isDigit() && n != QLatin1Char('0')) {
                out += match.captured(n.digitValue());
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

QJsonValue fnReplace(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    const QString text = toText(a[0]);
    const QString search = toText(a[1]);
    const QString replacement = toText(a[2]);
    // Make accepts /pattern/flags for a regular expression; anything else is plain text.
    static const QRegularExpression regexLiteral(
        QStringLiteral("^/(.+)/([gimsux]*)$"), QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch literal = regexLiteral.match(search);
    if (!literal.hasMatch()) {
        if (search.isEmpty())
            return text;
        QString out = text;
        return out.replace(search, replacement);
    }
    const QString flags = literal.captured(2);
    QRegularExpression::PatternOptions options;
    if (flags.contains(QLatin1Char('i')))
        options |= QRegularExpression::CaseInsensitiveOption;
    if (flags.contains(QLatin1Char('m')))
        options |= QRegularExpression::MultilineOption;
    if (flags.contains(QLatin1Char('s')))
        options |= QRegularExpression::DotMatchesEverythingOption;
    if (flags.contains(QLatin1Char('x')))
        options |= QRegularExpression::ExtendedPatternSyntaxOption;
    const QRegularExpression pattern(literal.captured(1), options);
    if (!pattern.isValid()) {
        evaluation.fail(QCoreApplication::translate(
            "MappingFunctions", "the pattern %1 is not a valid regular expression (%2).")
                            .arg(search, pattern.errorString()));
        return {};
    }
    const bool global = flags.contains(QLatin1Char('g'));
    QString out;
    int last = 0;
    QRegularExpressionMatchIterator it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += expandReplacement(replacement, match);
        last = match.capturedEnd();
        if (!global)
            break;
    }
    out += QStringView(text).mid(last);
    return out;
}

QJsonValue fnSubstring(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    // JavaScript's substring, which Make uses: 0-based, end excluded, arguments clamped
    // and swapped when start > end.
    const QString text = toText(a[0]);
    double start = 0;
    double end = text.size();
    if (!numberArgument(a[1], &start, evaluation))
        return {};
    if (count > 2 && !a[2].isNull() && !numberArgument(a[2], &end, evaluation))
        return {};
    auto clamp = [&](double v) {
        return std::isnan(v) ? 0 : static_cast<int>(std::clamp(v, 0.0, double(text.size())));
    };
    int from = clamp(start);
    int to = clamp(end);
    if (from > to)
        std::swap(from, to);
    return text.mid(from, to - from);
}

QJsonValue fnSplit(const QJsonValue *a, int, MappingEvaluation &)
{
    const QString text = toText(a[0]);
    const QString separator = toText(a[1]);
    QJsonArray out;
    if (separator.isEmpty()) {
        for (const QChar c : text)
            out.append(QString(c));
        return out;
    }
    const QStringList parts = text.split(separator);
    for (const QString &part : parts)
        out.append(part);
    return out;
}

QJsonValue fnJoin(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    if (!a[0].isArray()) {
        if (a[0].isNull())
            return QString();
        evaluation.fail(QCoreApplication::translate(
            "MappingFunctions", "the first argument must be a list, but it is %1.")
                            .arg(MappingValue::kindName(a[0])));
        return {};
    }
    const QString separator = count > 1 ? toText(a[1]) : QStringLiteral(",");
    QString out;
    bool first = true;
    for (const QJsonValue &element : a[0].toArray()) {
        if (!first)
            out += separator;
        first = false;
        MappingValue::appendText(out, element);
    }
    return out;
}

QJsonValue fnContains(const QJsonValue *a, int, MappingEvaluation &)
{
    if (a[0].isArray()) {
        const QString wanted = toText(a[1]);
        for (const QJsonValue &element : a[0].toArray()) {
            if (element == a[1] || toText(element) == wanted)
                return true;
        }
        return false;
    }
    if (a[0].isObject())
        return a[0].toObject().contains(toText(a[1]));
    return toText(a[0]).contains(toText(a[1]));
}

QJsonValue fnParseNumber(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    if (a[0].isDouble())
        return a[0];
    QString text = toText(a[0]).trimmed();
    const QString decimal = count > 1 ? toText(a[1]) : QStringLiteral(".");
    // Drop grouping (1 756 200,58 or 1,756,200.58) and read the decimal separator.
    QString normalized;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isDigit() || c == QLatin1Char('-') || c == QLatin1Char('+') || c == QLatin1Char('e')
            || c == QLatin1Char('E'))
            normalized += c;
        else if (!decimal.isEmpty() && QStringView(text).mid(i).startsWith(decimal))
            normalized += QLatin1Char('.'), i += decimal.size() - 1;
        else if (c.isSpace() || c == QLatin1Char(',') || c == QLatin1Char('.')
            || c == QLatin1Char('\'') || c == QChar(0x00A0))
            continue;
        else
            normalized += c; // let toDouble reject it
    }
    bool ok = false;
    const double number = normalized.toDouble(&ok);
    if (!ok || normalized.isEmpty()) {
        evaluation.fail(QCoreApplication::translate("MappingFunctions", "%1 is not a number.")
                            .arg(quoted(a[0])));
        return {};
    }
    return number;
}

QJsonValue fnEncodeUrl(const QJsonValue *a, int, MappingEvaluation &)
{
    // Like JavaScript's encodeURIComponent, which Make's encodeURL is.
    return QString::fromLatin1(QUrl::toPercentEncoding(toText(a[0]), QByteArrayLiteral("!*'()")));
}

QJsonValue fnDecodeUrl(const QJsonValue *a, int, MappingEvaluation &)
{
    return QUrl::fromPercentEncoding(toText(a[0]).toUtf8());
}

QJsonValue fnBase64(const QJsonValue *a, int, MappingEvaluation &)
{
    return QString::fromLatin1(toText(a[0]).toUtf8().toBase64());
}

QJsonValue hashHex(const QJsonValue &value, QCryptographicHash::Algorithm algorithm)
{
    return QString::fromLatin1(QCryptographicHash::hash(toText(value).toUtf8(), algorithm).toHex());
}

QJsonValue fnMd5(const QJsonValue *a, int, MappingEvaluation &)
{
    return hashHex(a[0], QCryptographicHash::Md5);
}

// ---- values --------------------------------------------------------------------------------

QJsonValue fnGet(const QJsonValue *a, int, MappingEvaluation &)
{
    if (a[1].isDouble()) // get(array; 2)
        return followPath(a[0], MappingValue::formatNumber(a[1].toDouble()));
    return followPath(a[0], toText(a[1]));
}

bool requireList(const QJsonValue &value, MappingEvaluation &evaluation)
{
    if (value.isArray())
        return true;
    evaluation.fail(
        QCoreApplication::translate("MappingFunctions", "this needs a list, but got %1.")
            .arg(MappingValue::kindName(value)));
    return false;
}

QJsonValue fnFirst(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    if (a[0].isNull())
        return QJsonValue(QJsonValue::Null);
    if (!requireList(a[0], evaluation))
        return {};
    const QJsonArray array = a[0].toArray();
    return array.isEmpty() ? QJsonValue(QJsonValue::Null) : array.first();
}

QJsonValue fnLast(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    if (a[0].isNull())
        return QJsonValue(QJsonValue::Null);
    if (!requireList(a[0], evaluation))
        return {};
    const QJsonArray array = a[0].toArray();
    return array.isEmpty() ? QJsonValue(QJsonValue::Null) : array.last();
}

QJsonValue fnKeys(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    if (!a[0].isObject()) {
        evaluation.fail(
            QCoreApplication::translate("MappingFunctions", "this needs an object, but got %1.")
                .arg(MappingValue::kindName(a[0])));
        return {};
    }
    return QJsonArray::fromStringList(a[0].toObject().keys());
}

QJsonValue fnNot(const QJsonValue *a, int, MappingEvaluation &)
{
    return !MappingValue::isTrue(a[0]);
}

template <double (*Round)(double)>
QJsonValue fnRounding(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    double number = 0;
    if (!numberArgument(a[0], &number, evaluation))
        return {};
    return Round(number);
}

double roundHalfUp(double v)
{
    return std::floor(v + 0.5); // JavaScript's Math.round
}
double floorOf(double v)
{
    return std::floor(v);
}
double ceilOf(double v)
{
    return std::ceil(v);
}
double absOf(double v)
{
    return std::fabs(v);
}

template <bool Max>
QJsonValue fnMinMax(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray values;
    for (int i = 0; i < count; ++i) {
        if (a[i].isArray()) {
            for (const QJsonValue &v : a[i].toArray())
                values.append(v);
        } else {
            values.append(a[i]);
        }
    }
    std::optional<double> best;
    for (const QJsonValue &v : values) {
        double number = 0;
        if (!numberArgument(v, &number, evaluation))
            return {};
        if (!best || (Max ? number > *best : number < *best))
            best = number;
    }
    return best ? QJsonValue(*best) : QJsonValue(QJsonValue::Null);
}

// ---- dates ---------------------------------------------------------------------------------

QJsonValue fnNow(const QJsonValue *, int, MappingEvaluation &evaluation)
{
    return isoText(evaluation.now());
}

QJsonValue fnTimestamp(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    const QDateTime date = count > 0 ? dateArgument(a[0], evaluation) : evaluation.now();
    if (evaluation.failed())
        return {};
    return static_cast<double>(date.toSecsSinceEpoch());
}

QJsonValue fnUuid(const QJsonValue *, int, MappingEvaluation &)
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonValue fnFormatDate(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QDateTime date = dateArgument(a[0], evaluation);
    if (evaluation.failed())
        return {};
    if (count > 2 && !MappingValue::isEmpty(a[2])) {
        const QString zoneName = toText(a[2]).trimmed();
        const QTimeZone zone(zoneName.toUtf8());
        if (!zone.isValid()) {
            evaluation.fail(QCoreApplication::translate("MappingFunctions",
                "\"%1\" is not a time zone. Use a name such as "
                "Europe/Prague, America/New_York or UTC.")
                                .arg(zoneName));
            return {};
        }
        date = date.toTimeZone(zone);
    } else {
        date = date.toTimeZone(evaluation.timeZone()); // Make: the scenario's zone
    }
    return MappingFunctions::formatDate(date, toText(a[1]));
}

template <qint64 Seconds>
QJsonValue fnAddTime(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    const QDateTime date = dateArgument(a[0], evaluation);
    if (evaluation.failed())
        return {};
    double amount = 0;
    if (!numberArgument(a[1], &amount, evaluation))
        return {};
    const double ms = std::round(amount * Seconds * 1000);
    QDateTime result
        = std::fabs(ms) <= 2 * MaxDateMs ? date.addMSecs(static_cast<qint64>(ms)) : QDateTime();
    if (Seconds == 86400 && result.isValid() && amount == std::round(amount)) {
        // Whole days are calendar days in the scenario's zone: the time of day stays the same
        // across a change to or from summer time, as in Make.
        result = date.toTimeZone(evaluation.timeZone()).addDays(static_cast<qint64>(amount));
    }
    if (!result.isValid() || std::fabs(double(result.toMSecsSinceEpoch())) > MaxDateMs) {
        evaluation.fail(QCoreApplication::translate("MappingFunctions",
            "Adding %1 to %2 goes beyond the dates Scenarist can "
            "handle.")
                            .arg(MappingValue::formatNumber(amount), isoText(date)));
        return {};
    }
    return isoText(result);
}

const char *const dayNames[]
    = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char *const monthNames[] = {"January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"};

// ---- shared by the functions below ---------------------------------------------------------

/// A value for a message: quoted text or a number, but never what came from a secret.
QString shown(const QJsonValue &value, const MappingEvaluation &evaluation)
{
    if (evaluation.secretReads > 0)
        return QCoreApplication::translate(
            "MappingFunctions", "the value (it comes from a secret, so it is not shown)");
    if (value.isString()) {
        const QString text = value.toString();
        return QStringLiteral("“%1”").arg(
            text.size() > 60 ? text.left(57) + QStringLiteral("…") : text);
    }
    return quoted(value);
}

/// The list a function works on; null (a missing value) is an empty list. False, with the
/// evaluation failed, for anything else.
bool listArgument(const QJsonValue &value, QJsonArray *list, MappingEvaluation &evaluation,
    const char *what = "the first value")
{
    if (value.isArray()) {
        *list = value.toArray();
        return true;
    }
    if (value.isNull() || value.isUndefined()) {
        *list = QJsonArray();
        return true;
    }
    evaluation.fail(
        QCoreApplication::translate("MappingFunctions", "%1 must be a list, but it is %2.")
            .arg(QLatin1String(what), MappingValue::kindName(value)));
    return false;
}

bool objectArgument(const QJsonValue &value, QJsonObject *object, MappingEvaluation &evaluation)
{
    if (value.isObject()) {
        *object = value.toObject();
        return true;
    }
    if (value.isNull() || value.isUndefined()) {
        *object = QJsonObject();
        return true;
    }
    evaluation.fail(QCoreApplication::translate("MappingFunctions",
        "the first value must be an object (a collection of named "
        "values), but it is %1.")
                        .arg(MappingValue::kindName(value)));
    return false;
}

/// A whole number from `low` to `high`, for positions, counts and decimal places.
bool wholeArgument(const QJsonValue &value, double low, double high, qint64 *number,
    MappingEvaluation &evaluation, const QString &what)
{
    double converted = 0;
    if (!numberArgument(value, &converted, evaluation))
        return false;
    if (!std::isfinite(converted) || converted < low || converted > high) {
        evaluation.fail(QCoreApplication::translate(
            "MappingFunctions", "%1 must be a number from %2 to %3, not %4.")
                            .arg(what, MappingValue::formatNumber(low),
                                MappingValue::formatNumber(high), shown(value, evaluation)));
        return false;
    }
    *number = static_cast<qint64>(std::trunc(converted));
    return true;
}

/// Make's equality for switch, remove, distinct: numbers as numbers (also numeric text
/// against a number), everything else by its text; lists and objects by their JSON.
bool sameValue(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() || b.isDouble()) {
        const std::optional<double> x = MappingValue::toNumber(a);
        const std::optional<double> y = MappingValue::toNumber(b);
        if (x && y && !a.isNull() && !b.isNull())
            return *x == *y;
    }
    if (a.type() != b.type() && (a.isArray() || a.isObject() || b.isArray() || b.isObject()))
        return false;
    return toText(a) == toText(b);
}

/// Items of a list and the values after it, with lists among them opened one level: the
/// numbers of sum(1.data.prices), sum(1; 2; 3) and sum(1.data.prices; 4).
bool numbersOf(
    const QJsonValue *a, int count, QVector<double> *numbers, MappingEvaluation &evaluation)
{
    for (int i = 0; i < count; ++i) {
        const QJsonArray items = a[i].isArray() ? a[i].toArray() : QJsonArray {a[i]};
        for (const QJsonValue &item : items) {
            if (item.isNull() || item.isUndefined())
                continue; // a missing value counts as nothing, not as 0
            double number = 0;
            if (!numberArgument(item, &number, evaluation))
                return false;
            numbers->append(number);
        }
    }
    return true;
}

// ---- general -------------------------------------------------------------------------------

QJsonValue fnSwitch(
    const std::vector<MappingExpressionPtr> &arguments, MappingEvaluation &evaluation)
{
    const QJsonValue value = arguments[0]->evaluate(evaluation);
    if (evaluation.failed())
        return {};
    const size_t count = arguments.size();
    size_t i = 1;
    for (; i + 1 < count; i += 2) {
        const QJsonValue candidate = arguments[i]->evaluate(evaluation);
        if (evaluation.failed())
            return {};
        if (sameValue(value, candidate))
            return arguments[i + 1]->evaluate(evaluation);
    }
    if (i < count) // the value for no match
        return arguments[i]->evaluate(evaluation);
    return QJsonValue(QJsonValue::Null);
}

QStringList keyNames(const QJsonValue *a, int from, int count)
{
    QStringList names;
    for (int i = from; i < count; ++i) {
        if (a[i].isArray()) {
            for (const QJsonValue &name : a[i].toArray())
                names.append(toText(name));
        } else {
            names.append(toText(a[i]));
        }
    }
    return names;
}

QJsonValue fnPick(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonObject object;
    if (!objectArgument(a[0], &object, evaluation))
        return {};
    QJsonObject out;
    for (const QString &name : keyNames(a, 1, count)) {
        const auto it = object.constFind(name);
        if (it != object.constEnd())
            out.insert(name, it.value());
    }
    return out;
}

QJsonValue fnOmit(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonObject object;
    if (!objectArgument(a[0], &object, evaluation))
        return {};
    for (const QString &name : keyNames(a, 1, count))
        object.remove(name);
    return object;
}

// ---- math ----------------------------------------------------------------------------------

QJsonValue fnSum(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QVector<double> numbers;
    if (!numbersOf(a, count, &numbers, evaluation))
        return {};
    double total = 0;
    for (const double number : numbers)
        total += number;
    return total;
}

QJsonValue fnAverage(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QVector<double> numbers;
    if (!numbersOf(a, count, &numbers, evaluation))
        return {};
    if (numbers.isEmpty())
        return QJsonValue(QJsonValue::Null);
    double total = 0;
    for (const double number : numbers)
        total += number;
    return total / numbers.size();
}

QJsonValue fnMedian(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QVector<double> numbers;
    if (!numbersOf(a, count, &numbers, evaluation))
        return {};
    if (numbers.isEmpty())
        return QJsonValue(QJsonValue::Null);
    std::sort(numbers.begin(), numbers.end());
    const qsizetype middle = numbers.size() / 2;
    if (numbers.size() % 2)
        return numbers.at(middle);
    return (numbers.at(middle - 1) + numbers.at(middle)) / 2;
}

template <bool Sample>
QJsonValue fnStandardDeviation(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QVector<double> numbers;
    if (!numbersOf(a, count, &numbers, evaluation))
        return {};
    const qsizetype n = numbers.size();
    if (n == 0 || (Sample && n < 2))
        return QJsonValue(QJsonValue::Null);
    double mean = 0;
    for (const double number : numbers)
        mean += number;
    mean /= n;
    double squares = 0;
    for (const double number : numbers)
        squares += (number - mean) * (number - mean);
    return std::sqrt(squares / double(Sample ? n - 1 : n));
}

QJsonValue fnTrunc(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    double number = 0;
    if (!numberArgument(a[0], &number, evaluation))
        return {};
    qint64 places = 0;
    if (count > 1
        && !wholeArgument(a[1], 0, 15, &places, evaluation,
            QCoreApplication::translate("MappingFunctions", "The number of decimal places")))
        return {};
    if (places == 0 || !std::isfinite(number))
        return std::trunc(number);
    const double scale = std::pow(10.0, double(places));
    const double scaled = number * scale;
    if (!std::isfinite(scaled) || std::fabs(scaled) >= 9e15)
        return number; // no decimals left to cut at this size
    // 1.1 * 100 is 110.00000000000001: a product that close to a whole number is that number.
    const double nearest = std::round(scaled);
    const bool whole = std::fabs(scaled - nearest) < 1e-9 * std::max(1.0, std::fabs(scaled));
    return (whole ? nearest : std::trunc(scaled)) / scale;
}

QJsonValue fnFormatNumber(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    double number = 0;
    if (!numberArgument(a[0], &number, evaluation))
        return {};
    if (!std::isfinite(number)) {
        evaluation.fail(QCoreApplication::translate("MappingFunctions", "%1 is too large to write.")
                            .arg(shown(a[0], evaluation)));
        return {};
    }
    qint64 places = 0;
    if (!wholeArgument(a[1], 0, 100, &places, evaluation,
            QCoreApplication::translate("MappingFunctions", "The number of decimal places")))
        return {};
    // Make's defaults: a comma before the decimals and a dot between thousands.
    const QString decimal = count > 2 && !a[2].isNull() ? toText(a[2]) : QStringLiteral(",");
    const QString thousands = count > 3 && !a[3].isNull() ? toText(a[3]) : QStringLiteral(".");
    const QString digits = QString::number(std::fabs(number), 'f', int(places));
    const qsizetype point = digits.indexOf(QLatin1Char('.'));
    const QString whole = point < 0 ? digits : digits.left(point);
    QString out;
    for (qsizetype i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            out += thousands;
        out += whole.at(i);
    }
    if (point >= 0)
        out += decimal + digits.mid(point + 1);
    const bool zero = digits.count(QLatin1Char('0')) + (point >= 0 ? 1 : 0) == digits.size();
    if (number < 0 && !zero)
        out.prepend(QLatin1Char('-'));
    return out;
}

QJsonValue fnRandom(const QJsonValue *, int, MappingEvaluation &)
{
    return QRandomGenerator::global()->generateDouble();
}

// ---- text ----------------------------------------------------------------------------------

QJsonValue fnStartCase(const QJsonValue *a, int, MappingEvaluation &)
{
    const QString text = toText(a[0]);
    QString out;
    out.reserve(text.size());
    bool wordStart = true;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            out += wordStart ? c.toUpper() : c.toLower();
            wordStart = false;
        } else {
            out += c;
            wordStart = true;
        }
    }
    return out;
}

QJsonValue fnAscii(const QJsonValue *a, int count, MappingEvaluation &)
{
    QString text = toText(a[0]);
    if (count > 1 && MappingValue::isTrue(a[1]))
        text = text.normalized(QString::NormalizationForm_KD); // é is e + an accent
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() < 128)
            out += c;
    }
    return out;
}

QJsonValue fnEscapeHtml(const QJsonValue *a, int, MappingEvaluation &)
{
    const QString text = toText(a[0]);
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            out += QLatin1String("&quot;");
            break;
        case '\'':
            out += QLatin1String("&#39;");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QJsonValue fnStripHtml(const QJsonValue *a, int, MappingEvaluation &)
{
    // Comments first (they may hold >), then every tag.
    static const QRegularExpression comments(
        QStringLiteral("<!--.*?-->"), QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tags(QStringLiteral("<[^<>]*>"));
    QString text = toText(a[0]);
    text.remove(comments);
    text.remove(tags);
    return text;
}

QJsonValue fnEscapeMarkdown(const QJsonValue *a, int, MappingEvaluation &)
{
    const QString text = toText(a[0]);
    static const QString special = QStringLiteral("\\`*_{}[]()#+-.!|<>~");
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (special.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

bool isEmojiPart(char32_t c)
{
    return (c >= 0x1F000 && c <= 0x1FAFF) // pictographs, emoticons, transport, flags, …
        || (c >= 0x2600 && c <= 0x27BF) // miscellaneous symbols and dingbats
        || (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x2190 && c <= 0x21FF) || c == 0x200D
        || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3
        || c == 0x00A9 || c == 0x00AE || c == 0x203C || c == 0x2049 || c == 0x2122 || c == 0x2139
        || (c >= 0x231A && c <= 0x23FF) || c == 0x24C2 || c == 0x25B6 || c == 0x25C0
        || (c >= 0x25AA && c <= 0x25FE) || c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299;
}

QJsonValue fnReplaceEmoji(const QJsonValue *a, int, MappingEvaluation &)
{
    const QString text = toText(a[0]);
    const QString replacement = toText(a[1]);
    QString out;
    // One emoji made of several code points (a skin tone, a family joined by U+200D, a flag of
    // two letters) is replaced once.
    bool inEmoji = false;
    bool joined = false;
    bool flagHalf = false;
    for (const char32_t c : QStringView(text).toUcs4()) {
        if (isEmojiPart(c)) {
            const bool modifier = c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F)
                || (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3;
            const bool regional = c >= 0x1F1E6 && c <= 0x1F1FF;
            const bool secondHalf = regional && inEmoji && flagHalf;
            if (!(inEmoji && (modifier || joined || secondHalf)))
                out += replacement;
            flagHalf = regional && !secondHalf;
            joined = c == 0x200D;
            inEmoji = true;
            continue;
        }
        inEmoji = joined = flagHalf = false;
        out += QString::fromUcs4(&c, 1);
    }
    return out;
}

QJsonValue fnIndexOf(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    const QString text = toText(a[0]);
    const QString value = toText(a[1]);
    qint64 from = 0;
    if (count > 2 && !a[2].isNull()
        && !wholeArgument(a[2], -9e15, 9e15, &from, evaluation,
            QCoreApplication::translate("MappingFunctions", "The start")))
        return {};
    from = std::clamp<qint64>(from, 0, text.size());
    return double(text.indexOf(value, qsizetype(from)));
}

/// Bytes written as text in an encoding: hex, base64, or the text's own UTF-8.
bool decodeBytes(
    const QString &text, const QString &encoding, QByteArray *bytes, MappingEvaluation &evaluation)
{
    const QString name = encoding.trimmed().toLower();
    if (name.isEmpty() || name == QLatin1String("text") || name == QLatin1String("utf8")
        || name == QLatin1String("utf-8") || name == QLatin1String("binary")) {
        *bytes = text.toUtf8();
        return true;
    }
    if (name == QLatin1String("latin1")) {
        *bytes = text.toLatin1();
        return true;
    }
    if (name == QLatin1String("hex")) {
        static const QRegularExpression hex(QStringLiteral("^(?:[0-9a-fA-F]{2}|\\s)*$"));
        if (!hex.match(text).hasMatch()) {
            evaluation.fail(QCoreApplication::translate(
                "MappingFunctions", "%1 is not hexadecimal (pairs of 0-9 and a-f).")
                                .arg(shown(text, evaluation)));
            return false;
        }
        *bytes = QByteArray::fromHex(text.toLatin1());
        return true;
    }
    if (name == QLatin1String("base64")) {
        const QByteArray::FromBase64Result result = QByteArray::fromBase64Encoding(
            text.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!result) {
            evaluation.fail(
                QCoreApplication::translate("MappingFunctions", "%1 is not Base64 text.")
                    .arg(shown(text, evaluation)));
            return false;
        }
        *bytes = *result;
        return true;
    }
    evaluation.fail(QCoreApplication::translate(
        "MappingFunctions", "“%1” is not an encoding: use hex, base64, latin1 or text.")
                        .arg(encoding));
    return false;
}

QJsonValue fnToBinary(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    // Scenarist has no binary values: the bytes are kept as text (UTF-8), which is what
    // toString() of them gives in Make, e.g. toString(toBinary(TWFrZQ==; base64)) = Make.
    QByteArray bytes;
    if (!decodeBytes(toText(a[0]), count > 1 ? toText(a[1]) : QString(), &bytes, evaluation))
        return {};
    return QString::fromUtf8(bytes);
}

QString encodeBytes(const QByteArray &bytes, const QString &encoding)
{
    const QString name = encoding.trimmed().toLower();
    if (name == QLatin1String("base64"))
        return QString::fromLatin1(bytes.toBase64());
    if (name == QLatin1String("latin1") || name == QLatin1String("binary"))
        return QString::fromLatin1(bytes);
    return QString::fromLatin1(bytes.toHex());
}

/// sha1, sha256, sha512 (text; [encoding]; [key]; [key encoding]): a hash, or with a key an
/// HMAC, written in hex (the default), base64 or latin1.
template <QCryptographicHash::Algorithm Algorithm>
QJsonValue fnHash(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    const QString encoding = count > 1 && !a[1].isNull() ? toText(a[1]) : QString();
    const QString name = encoding.trimmed().toLower();
    if (!name.isEmpty() && name != QLatin1String("hex") && name != QLatin1String("base64")
        && name != QLatin1String("latin1") && name != QLatin1String("binary")) {
        evaluation.fail(QCoreApplication::translate("MappingFunctions",
            "“%1” is not an output encoding: use hex, base64 or "
            "latin1.")
                            .arg(encoding));
        return {};
    }
    const QByteArray data = toText(a[0]).toUtf8();
    if (count > 2 && !MappingValue::isEmpty(a[2])) {
        QByteArray key;
        if (!decodeBytes(toText(a[2]), count > 3 ? toText(a[3]) : QString(), &key, evaluation))
            return {};
        return encodeBytes(QMessageAuthenticationCode::hash(data, key, Algorithm), encoding);
    }
    return encodeBytes(QCryptographicHash::hash(data, Algorithm), encoding);
}

// ---- lists ---------------------------------------------------------------------------------

QJsonValue fnMap(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    const QString key = toText(a[1]);
    const QString filterKey = count > 2 ? toText(a[2]) : QString();
    QStringList allowed;
    if (count > 3) {
        if (a[3].isArray()) {
            for (const QJsonValue &value : a[3].toArray())
                allowed.append(toText(value));
        } else {
            for (const QString &value : toText(a[3]).split(QLatin1Char(',')))
                allowed.append(value.trimmed());
        }
    }
    QJsonArray out;
    for (const QJsonValue &item : list) {
        if (!filterKey.isEmpty() && count > 3
            && !allowed.contains(toText(followPath(item, filterKey))))
            continue;
        const QJsonValue value = followPath(item, key);
        if (!value.isNull())
            out.append(value);
    }
    return out;
}

QJsonValue fnSort(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    QString order = count > 1 ? toText(a[1]).trimmed().toLower() : QString();
    QString key = count > 2 ? toText(a[2]) : QString();
    static const QStringList orders {QStringLiteral("asc"), QStringLiteral("desc"),
        QStringLiteral("asc ci"), QStringLiteral("desc ci")};
    if (count == 2 && !order.isEmpty() && !orders.contains(order)) {
        key = toText(a[1]); // sort(contacts; name): the order left out, the key given
        order.clear();
    } else if (!order.isEmpty() && !orders.contains(order)) {
        evaluation.fail(QCoreApplication::translate(
            "MappingFunctions", "“%1” is not an order: use asc, desc, asc ci or desc ci.")
                            .arg(toText(a[1])));
        return {};
    }
    const bool descending = order.startsWith(QLatin1String("desc"));
    const Qt::CaseSensitivity cs
        = order.endsWith(QLatin1String(" ci")) ? Qt::CaseInsensitive : Qt::CaseSensitive;
    std::vector<QJsonValue> items(list.begin(), list.end());
    std::vector<QJsonValue> keys;
    keys.reserve(items.size());
    for (const QJsonValue &item : items)
        keys.push_back(key.isEmpty() ? item : followPath(item, key));
    std::vector<size_t> positions(items.size());
    for (size_t i = 0; i < positions.size(); ++i)
        positions[i] = i;
    auto less = [&](size_t x, size_t y) {
        const QJsonValue &p = keys[x];
        const QJsonValue &q = keys[y];
        if (p.isDouble() && q.isDouble())
            return p.toDouble() < q.toDouble();
        if (p.isDouble() != q.isDouble())
            return p.isDouble(); // numbers before text
        return toText(p).compare(toText(q), cs) < 0;
    };
    std::stable_sort(positions.begin(), positions.end(),
        [&](size_t x, size_t y) { return descending ? less(y, x) : less(x, y); });
    QJsonArray out;
    for (const size_t i : positions)
        out.append(items[i]);
    return out;
}

QJsonValue fnSlice(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    const qint64 size = list.size();
    qint64 start = 0;
    qint64 end = size;
    if (!wholeArgument(a[1], -9e15, 9e15, &start, evaluation,
            QCoreApplication::translate("MappingFunctions", "The start")))
        return {};
    if (count > 2 && !a[2].isNull()
        && !wholeArgument(a[2], -9e15, 9e15, &end, evaluation,
            QCoreApplication::translate("MappingFunctions", "The end")))
        return {};
    // JavaScript's slice: from 0, the end left out, negative positions count from the end.
    auto position
        = [size](qint64 p) { return p < 0 ? std::max<qint64>(0, size + p) : std::min(p, size); };
    start = position(start);
    end = position(end);
    QJsonArray out;
    for (qint64 i = start; i < end; ++i)
        out.append(list.at(qsizetype(i)));
    return out;
}

void flattenInto(const QJsonArray &list, qint64 depth, QJsonArray &out)
{
    for (const QJsonValue &item : list) {
        if (item.isArray() && depth > 0)
            flattenInto(item.toArray(), depth - 1, out);
        else
            out.append(item);
    }
}

QJsonValue fnFlatten(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    qint64 depth = 1;
    if (count > 1 && !a[1].isNull()) {
        double number = 0;
        if (!numberArgument(a[1], &number, evaluation))
            return {};
        // Lists nest at most as deep as a mapping or a JSON answer does, far below this.
        depth = number > 2000 ? 2000 : (number < 0 || std::isnan(number) ? 0 : qint64(number));
    }
    QJsonArray out;
    flattenInto(list, depth, out);
    return out;
}

QJsonValue fnDistinct(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    const QString key = count > 1 ? toText(a[1]) : QString();
    QJsonArray out;
    QSet<QString> seen;
    for (const QJsonValue &item : list) {
        const QJsonValue value = key.isEmpty() ? item : followPath(item, key);
        // The kind is part of the identity: 1 and "1" are two values.
        const QString identity = QString::number(int(value.type())) + toText(value);
        if (seen.contains(identity))
            continue;
        seen.insert(identity);
        out.append(item);
    }
    return out;
}

QJsonValue fnDeduplicate(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    return fnDistinct(a, 1, evaluation);
}

QJsonValue fnMerge(const QJsonValue *a, int count, MappingEvaluation &)
{
    QJsonArray out;
    for (int i = 0; i < count; ++i) {
        if (a[i].isArray()) {
            for (const QJsonValue &item : a[i].toArray())
                out.append(item);
        } else if (!a[i].isNull() && !a[i].isUndefined()) {
            out.append(a[i]);
        }
    }
    return out;
}

QJsonValue fnAdd(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    for (int i = 1; i < count; ++i)
        list.append(a[i]);
    return list;
}

QJsonValue fnRemove(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    QJsonArray out;
    for (const QJsonValue &item : list) {
        bool removed = false;
        for (int i = 1; i < count && !removed; ++i)
            removed = !item.isObject() && !item.isArray() && sameValue(item, a[i]);
        if (!removed)
            out.append(item);
    }
    return out;
}

QJsonValue fnReverse(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    QJsonArray out;
    for (qsizetype i = list.size() - 1; i >= 0; --i)
        out.append(list.at(i));
    return out;
}

QJsonValue fnShuffle(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    std::vector<QJsonValue> items(list.begin(), list.end());
    std::shuffle(items.begin(), items.end(), *QRandomGenerator::global());
    QJsonArray out;
    for (const QJsonValue &item : items)
        out.append(item);
    return out;
}

QJsonValue fnToArray(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    QJsonObject object;
    if (!objectArgument(a[0], &object, evaluation))
        return {};
    QJsonArray out;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        out.append(
            QJsonObject {{QStringLiteral("key"), it.key()}, {QStringLiteral("value"), it.value()}});
    return out;
}

QJsonValue fnToCollection(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    QJsonArray list;
    if (!listArgument(a[0], &list, evaluation))
        return {};
    const QString key = toText(a[1]);
    const QString value = toText(a[2]);
    QJsonObject out;
    for (const QJsonValue &item : list) {
        const QJsonValue name = followPath(item, key);
        if (name.isNull())
            continue;
        out.insert(toText(name), followPath(item, value));
    }
    return out;
}

template <bool Keep>
QJsonValue fnArrayCompare(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    QJsonArray first;
    QJsonArray second;
    if (!listArgument(a[0], &first, evaluation)
        || !listArgument(a[1], &second, evaluation, "the second value"))
        return {};
    QJsonArray out;
    for (const QJsonValue &item : first) {
        bool found = false;
        for (const QJsonValue &other : second) {
            if (item == other || (!item.isObject() && !item.isArray() && sameValue(item, other))) {
                found = true;
                break;
            }
        }
        if (found == Keep)
            out.append(item);
    }
    return out;
}

// ---- dates ---------------------------------------------------------------------------------

QJsonValue fnParseDate(const QJsonValue *a, int count, MappingEvaluation &evaluation)
{
    QTimeZone zone = evaluation.timeZone();
    if (count > 2 && !MappingValue::isEmpty(a[2])) {
        const QString zoneName = toText(a[2]).trimmed();
        zone = QTimeZone(zoneName.toUtf8());
        if (!zone.isValid()) {
            evaluation.fail(QCoreApplication::translate("MappingFunctions",
                "\"%1\" is not a time zone. Use a name such as "
                "Europe/Prague, America/New_York or UTC.")
                                .arg(zoneName));
            return {};
        }
    }
    if (count < 2 || MappingValue::isEmpty(a[1])) { // ISO 8601, as readDate() reads it
        const std::optional<QDateTime> date = readDate(a[0], zone);
        if (!date) {
            evaluation.fail(QCoreApplication::translate("MappingFunctions",
                "%1 is not a date. Give its format as the second "
                "value, e.g. parseDate(text; DD/MM/YYYY).")
                                .arg(shown(a[0], evaluation)));
            return {};
        }
        return isoText(*date);
    }
    const QString text = toText(a[0]);
    const QString format = toText(a[1]);
    QString problem;
    const std::optional<QDateTime> date
        = MappingFunctions::parseDate(text, format, zone, evaluation.now(), &problem);
    if (!date) {
        evaluation.fail(
            QCoreApplication::translate("MappingFunctions", "%1 does not match the format %2%3.")
                .arg(shown(a[0], evaluation), format,
                    problem.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(problem)));
        return {};
    }
    return isoText(*date);
}

/// A date changed in the scenario's time zone: the result, or an error that says so.
QJsonValue changedDate(const QDateTime &result, const QDateTime &date, const QString &change,
    MappingEvaluation &evaluation)
{
    if (!result.isValid() || !(std::fabs(double(result.toMSecsSinceEpoch())) <= MaxDateMs)) {
        evaluation.fail(QCoreApplication::translate(
            "MappingFunctions", "%1 %2 goes beyond the dates Scenarist can handle.")
                            .arg(change, isoText(date)));
        return {};
    }
    return isoText(result);
}

template <bool Years>
QJsonValue fnAddMonths(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    const QDateTime date = dateArgument(a[0], evaluation);
    if (evaluation.failed())
        return {};
    double amount = 0;
    if (!numberArgument(a[1], &amount, evaluation))
        return {};
    const QString change = QStringLiteral("Adding %1 %2 to")
                               .arg(MappingValue::formatNumber(amount),
                                   Years ? QStringLiteral("years") : QStringLiteral("months"));
    if (!(std::fabs(amount) <= 3.5e6)) // beyond any date either way
        return changedDate(QDateTime(), date, change, evaluation);
    // Calendar months in the scenario's zone: 31 January + 1 month is the end of February.
    const int n = int(std::round(amount));
    const QDateTime local = date.toTimeZone(evaluation.timeZone());
    const QDateTime result = Years ? local.addYears(n) : local.addMonths(n);
    return changedDate(result, date, change, evaluation);
}

/// The parts setSecond … setYear set; Day is the day of the week, Date the day of the month.
enum class DatePart { Second, Minute, Hour, Day, Date, Month, Year };

template <DatePart Part>
QJsonValue fnSetDatePart(const QJsonValue *a, int, MappingEvaluation &evaluation)
{
    const QDateTime date = dateArgument(a[0], evaluation);
    if (evaluation.failed())
        return {};
    const QTimeZone zone = evaluation.timeZone();
    const QDateTime local = date.toTimeZone(zone);
    const QDate day = local.date();
    const QTime time = local.time();
    qint64 n = 0;
    // Day and Month take English names too: setDay(…; monday), setMonth(…; january).
    const QString name = a[1].isString() ? a[1].toString().trimmed().toLower() : QString();
    bool named = false;
    if (Part == DatePart::Day || Part == DatePart::Month) {
        const char *const *names = Part == DatePart::Day ? dayNames : monthNames;
        const int count = Part == DatePart::Day ? 7 : 12;
        for (int i = 0; i < count && !name.isEmpty(); ++i) {
            const QString full = QString(QLatin1String(names[i])).toLower();
            if (name == full || (name.size() == 3 && full.startsWith(name))) {
                n = Part == DatePart::Day ? i : i + 1; // Sunday is 0, as in Make
                named = true;
            }
        }
    }
    if (!named
        && !wholeArgument(a[1], -1e7, 1e7, &n, evaluation,
            QCoreApplication::translate("MappingFunctions", "The value")))
        return {};
    // A value beyond its range carries over, as in Make: setHour(…; 25) is 1 AM the next day.
    QDateTime result;
    const QString change = QStringLiteral("Setting %1 in").arg(n);
    switch (Part) {
    case DatePart::Second:
        result = n >= 0 && n < 60
            ? QDateTime(day, QTime(time.hour(), time.minute(), int(n), time.msec()), zone)
            : local.addSecs(n - time.second());
        break;
    case DatePart::Minute:
        result = n >= 0 && n < 60
            ? QDateTime(day, QTime(time.hour(), int(n), time.second(), time.msec()), zone)
            : local.addSecs((n - time.minute()) * 60);
        break;
    case DatePart::Hour:
        result = n >= 0 && n < 24
            ? QDateTime(day, QTime(int(n), time.minute(), time.second(), time.msec()), zone)
            : QDateTime(day.addDays(n >= 0 ? n / 24 : -((23 - n) / 24)),
                QTime(int(((n % 24) + 24) % 24), time.minute(), time.second(), time.msec()), zone);
        break;
    case DatePart::Day: // Sunday 0 … Saturday 6 in the same week (Monday 1, Sunday 7 also works)
        result = QDateTime(day.addDays(n - day.dayOfWeek() % 7), time, zone);
        break;
    case DatePart::Date:
        result = QDateTime(day.addDays(n - day.day()), time, zone);
        break;
    case DatePart::Month: {
        const QDate first(day.year(), 1, 1);
        const QDate month = first.addMonths(int(n - 1));
        result = QDateTime(
            QDate(month.year(), month.month(), std::min(day.day(), month.daysInMonth())), time,
            zone);
        break;
    }
    case DatePart::Year: {
        const QDate year(int(n), day.month(), 1);
        result = year.isValid() && n != 0
            ? QDateTime(
                QDate(int(n), day.month(), std::min(day.day(), year.daysInMonth())), time, zone)
            : QDateTime();
        break;
    }
    }
    return changedDate(result, date, change, evaluation);
}

constexpr qint64 minute = 60;
constexpr qint64 hour = 3600;
constexpr qint64 day = 86400;

/// Make's system variables (executionId, scenarioId, …): the run puts their values in the
/// context's named roots under the same names. Without one, the value is empty and the module
/// gets a warning; triggerTimestamp then is the time of `now`.
template <const char *Name>
QJsonValue fnSystemVariable(const QJsonValue *, int, MappingEvaluation &evaluation)
{
    const QString name = QLatin1String(Name);
    const auto it = evaluation.context.namedRoots.constFind(name);
    if (it != evaluation.context.namedRoots.constEnd())
        return *it;
    if (name == QLatin1String("triggerTimestamp"))
        return static_cast<double>(evaluation.now().toSecsSinceEpoch());
    evaluation.warn(QCoreApplication::translate(
        "MappingFunctions", "%1: this run does not tell it, so it is empty.")
                        .arg(name));
    return QJsonValue(QJsonValue::Null);
}

constexpr char executionIdName[] = "executionId";
constexpr char scenarioIdName[] = "scenarioId";
constexpr char operationsConsumedName[] = "operationsConsumed";
constexpr char triggerTimestampName[] = "triggerTimestamp";

const MappingFunction functions[] = {
    {"if", 2, 3, nullptr, fnIf, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Gives the second value when the first is true, otherwise the third."),
        "{{if(1.data.expires_in > 60; still good; expiring)}}"},
    {"ifempty", 2, 2, nullptr, fnIfEmpty, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Gives the first value, or the second when the first is empty."),
        "{{ifempty(1.data.nickname; 1.data.name)}}"},
    {"get", 2, 2, fnGet, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Reads one value from a list (by position, from 1) or an object (by key)."),
        "{{get(1.data.items; 2).name}}", 0b10u},
    {"length", 1, 1, fnLength, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Counts the characters of a text, or the items of a list."),
        "{{length(1.data.items)}}"},
    {"lower", 1, 1, fnLower, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Writes a text in small letters."),
        "{{lower(1.data.email)}}"},
    {"upper", 1, 1, fnUpper, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Writes a text in capital letters."),
        "{{upper(1.data.name)}}"},
    {"capitalize", 1, 1, fnCapitalize, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Makes the first letter a capital."),
        "{{capitalize(hello world)}}"},
    {"trim", 1, 1, fnTrim, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Removes spaces at the start and the end of a text."),
        "{{trim(\"  padded  \")}}"},
    {"replace", 3, 3, fnReplace, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Replaces every occurrence of the second value by the third."),
        "{{replace(1.data.name; Ada; Augusta)}}"},
    {"substring", 2, 3, fnSubstring, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Cuts a part out of a text: from a position (from 0) up to, not including, another."),
        "{{substring(1.data.token; 0; 3)}}"},
    {"split", 2, 2, fnSplit, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Cuts a text into a list at each separator."),
        "{{split(\"red,green,blue\"; \",\")}}"},
    {"join", 1, 2, fnJoin, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Joins the items of a list into one text, with a separator between them."),
        "{{join(split(\"a-b-c\"; -); \", \")}}"},
    {"contains", 2, 2, fnContains, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "True when a text contains another text, or a list contains a value."),
        "{{contains(1.data.email; @example.com)}}"},
    {"toString", 1, 1, fnToString, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Turns a value into text."),
        "{{toString(1.data.expires_in)}}"},
    {"parseNumber", 1, 2, fnParseNumber, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Reads a number from text; the second value is the decimal separator."),
        "{{parseNumber(\"3,5\"; \",\")}}"},
    {"encodeURL", 1, 1, fnEncodeUrl, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Encodes a text so that it can go into a web address."),
        "{{encodeURL(\"a b&c\")}}"},
    {"decodeURL", 1, 1, fnDecodeUrl, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Reads a text encoded for a web address back."),
        "{{decodeURL(\"a%20b%26c\")}}"},
    {"base64", 1, 1, fnBase64, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Encodes a text in Base64, e.g. for a Basic Authorization header."),
        "{{base64(\"user:password\")}}"},
    {"md5", 1, 1, fnMd5, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The MD5 hash of a text, in hexadecimal."),
        "{{md5(hello)}}"},
    {"sha1", 1, 4, fnHash<QCryptographicHash::Sha1>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The SHA-1 hash of a text, in hexadecimal (or base64, the second value); with a key "
            "(the third value), its HMAC signature."),
        "{{sha1(hello)}}"},
    {"sha256", 1, 4, fnHash<QCryptographicHash::Sha256>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The SHA-256 hash of a text, in hexadecimal (or base64, the second value); with a "
            "key (the third value), its HMAC signature."),
        "{{sha256(hello)}}"},
    {"now", 0, 0, fnNow, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions", "The current date and time."), "{{now}}"},
    {"timestamp", 0, 1, fnTimestamp, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "A date as a Unix timestamp (seconds since 1970); the current time without a value."),
        "{{timestamp(1.data.created)}}"},
    {"uuid", 0, 0, fnUuid, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions", "A new random identifier, different each time."),
        "{{uuid}}", 0, true},
    {"formatDate", 2, 3, fnFormatDate, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Writes a date in a format such as YYYY-MM-DD HH:mm; the third value is a time zone."),
        "{{formatDate(1.data.created; \"DD.MM.YYYY\")}}", 0b110u},
    {"addSeconds", 2, 2, fnAddTime<1>, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Adds seconds to a date (a negative number goes back)."),
        "{{addSeconds(1.data.created; 30)}}"},
    {"addMinutes", 2, 2, fnAddTime<minute>, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Adds minutes to a date (a negative number goes back)."),
        "{{addMinutes(1.data.created; 15)}}"},
    {"addHours", 2, 2, fnAddTime<hour>, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Adds hours to a date (a negative number goes back)."),
        "{{addHours(1.data.created; -2)}}"},
    {"addDays", 2, 2, fnAddTime<day>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Adds days to a date (a negative number goes back)."),
        "{{addDays(1.data.created; 7)}}"},
    {"first", 1, 1, fnFirst, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The first item of a list."),
        "{{first(1.data.items).name}}"},
    {"last", 1, 1, fnLast, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The last item of a list."),
        "{{last(1.data.items).name}}"},
    {"keys", 1, 1, fnKeys, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The names of an object's values, as a list."),
        "{{keys(1.data)}}"},
    {"not", 1, 1, fnNot, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "True when the value is false or empty, false otherwise."),
        "{{not(1.data.items)}}"},
    {"round", 1, 1, fnRounding<roundHalfUp>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Rounds a number to the nearest whole number."),
        "{{round(2.5)}}"},
    {"floor", 1, 1, fnRounding<floorOf>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Rounds a number down."), "{{floor(2.7)}}"},
    {"ceil", 1, 1, fnRounding<ceilOf>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Rounds a number up."), "{{ceil(2.1)}}"},
    {"abs", 1, 1, fnRounding<absOf>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "A number without its minus sign."), "{{abs(-4)}}"},
    {"min", 1, -1, fnMinMax<false>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The smallest of the numbers given."),
        "{{min(3; 1; 2)}}"},
    {"max", 1, -1, fnMinMax<true>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The largest of the numbers given."),
        "{{max(3; 1; 2)}}"},
    {"switch", 3, -1, nullptr, fnSwitch, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Compares the first value with each value to look for in turn and gives the result "
            "paired with the first one that is the same; the last value, when left unpaired, is "
            "the result when none is."),
        "{{switch(1.data.expires_in; 60; minute; 3600; hour; other)}}"},
    {"pick", 2, -1, fnPick, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Keeps only the named values of an object (a collection)."),
        "{{pick(1.data; name; email)}}", ~1u},
    {"omit", 2, -1, fnOmit, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Leaves the named values out of an object (a collection)."),
        "{{omit(1.data; token; items)}}", ~1u},
    {"startcase", 1, 1, fnStartCase, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Makes the first letter of every word a capital and the other letters small."),
        "{{startcase(hello WORLD)}}"},
    {"ascii", 1, 2, fnAscii, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Removes every character that is not plain ASCII; with true as the second value, "
            "letters with accents keep their plain letter (é becomes e)."),
        "{{ascii(\"Crème brûlée\"; true)}}"},
    {"indexOf", 2, 3, fnIndexOf, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Where a text first appears in another, counted from 0; -1 when it does not. The "
            "third value is where to start looking."),
        "{{indexOf(1.data.email; @)}}"},
    {"escapeHTML", 1, 1, fnEscapeHtml, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Writes the characters that mean something in HTML (< > & \" ') so that they show "
            "as they are."),
        "{{escapeHTML(\"<b>Hello</b>\")}}"},
    {"stripHTML", 1, 1, fnStripHtml, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Removes the HTML tags from a text."),
        "{{stripHTML(\"<p>Hello <b>world</b></p>\")}}"},
    {"escapeMarkdown", 1, 1, fnEscapeMarkdown, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Puts a backslash before the characters that mean something in Markdown, so that "
            "they show as they are."),
        "{{escapeMarkdown(\"# 1. *Hello*\")}}"},
    {"replaceEmojiCharacters", 2, 2, fnReplaceEmoji, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Replaces every emoji in a text by another text."),
        "{{replaceEmojiCharacters(\"Good job 👍\"; \"!\")}}"},
    {"toBinary", 1, 2, fnToBinary, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Reads data written in hex or base64 (the second value) back into text."),
        "{{toBinary(\"QWRh\"; base64)}}"},
    {"sha512", 1, 4, fnHash<QCryptographicHash::Sha512>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The SHA-512 hash of a text, in hexadecimal (or base64, the second value); with a "
            "key (the third value), its HMAC signature."),
        "{{sha512(hello)}}"},
    {"sum", 1, -1, fnSum, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Adds up the numbers of a list, or the numbers given."),
        "{{sum(1.data.items[].id)}}"},
    {"average", 1, -1, fnAverage, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "The average of the numbers of a list, or of the numbers given."),
        "{{average(1; 2; 6)}}"},
    {"median", 1, -1, fnMedian, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The middle value of the numbers of a list, or of the numbers given."),
        "{{median(2; 3; 5; 8)}}"},
    {"stdevP", 1, -1, fnStandardDeviation<false>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "How far the numbers spread around their average (the standard deviation of a "
            "whole population)."),
        "{{stdevP(2; 4; 4; 4; 5; 5; 7; 9)}}"},
    {"stdevS", 1, -1, fnStandardDeviation<true>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "How far the numbers spread around their average (the standard deviation of a "
            "sample)."),
        "{{stdevS(1; 2; 3; 4)}}"},
    {"trunc", 1, 2, fnTrunc, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Cuts the decimals off a number, or keeps as many as the second value says, "
            "without rounding."),
        "{{trunc(3.789; 2)}}"},
    {"formatNumber", 2, 4, fnFormatNumber, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Writes a number with a number of decimals, a decimal separator (a comma unless "
            "given) and a thousands separator (a dot unless given)."),
        "{{formatNumber(1234567.891; 2; \".\"; \",\")}}"},
    {"random", 0, 0, fnRandom, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "A random number from 0 up to (not including) 1, different each time."),
        "{{floor(random * 6) + 1}}", 0, true},
    {"parseDate", 1, 3, fnParseDate, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Reads a date from text laid out as a format such as DD/MM/YYYY HH:mm; without a "
            "format, ISO 8601 text. The third value is a time zone."),
        "{{parseDate(\"02/01/2026 03:04\"; \"DD/MM/YYYY HH:mm\"; UTC)}}", 0b110u},
    {"addMonths", 2, 2, fnAddMonths<false>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Adds months to a date (a negative number goes back); 31 January plus one month "
            "is the last day of February."),
        "{{addMonths(1.data.created; 1)}}"},
    {"addYears", 2, 2, fnAddMonths<true>, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Adds years to a date (a negative number goes back)."),
        "{{addYears(1.data.created; -1)}}"},
    {"setSecond", 2, 2, fnSetDatePart<DatePart::Second>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The same date with its seconds set (0 to 59)."),
        "{{setSecond(1.data.created; 0)}}"},
    {"setMinute", 2, 2, fnSetDatePart<DatePart::Minute>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The same date with its minutes set (0 to 59)."),
        "{{setMinute(1.data.created; 30)}}"},
    {"setHour", 2, 2, fnSetDatePart<DatePart::Hour>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The same date with its hour set (0 to 23), in the scenario's time zone."),
        "{{setHour(1.data.created; 9)}}"},
    {"setDay", 2, 2, fnSetDatePart<DatePart::Day>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The date of a day of the same week: a name such as monday, or a number (Sunday 0, "
            "Monday 1 … Sunday 7)."),
        "{{setDay(1.data.created; monday)}}"},
    {"setDate", 2, 2, fnSetDatePart<DatePart::Date>, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "The same date with its day of the month set (1 to 31)."),
        "{{setDate(1.data.created; 15)}}"},
    {"setMonth", 2, 2, fnSetDatePart<DatePart::Month>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The same date in another month: a number (1 to 12) or a name such as march."),
        "{{setMonth(1.data.created; march)}}"},
    {"setYear", 2, 2, fnSetDatePart<DatePart::Year>, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The same date in another year."),
        "{{setYear(1.data.created; 2030)}}"},
    {"map", 2, 4, fnMap, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "The value named by the second value (a key) of every item of a list. The third "
            "and fourth values keep only the items whose key has one of the values listed, "
            "separated by commas."),
        "{{map(1.data.items; name)}}", 0b110u},
    {"sort", 1, 3, fnSort, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Sorts a list: asc (the default), desc, asc ci or desc ci (ci: ignoring capitals); "
            "the last value is the key to sort items by."),
        "{{sort(1.data.items; desc; name)}}", 0b110u},
    {"slice", 2, 3, fnSlice, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "A part of a list: from a position (counted from 0) up to, not including, another; "
            "negative positions count from the end."),
        "{{slice(split(\"a,b,c,d\"; \",\"); 1; 3)}}"},
    {"merge", 1, -1, fnMerge, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Joins lists into one list."),
        "{{merge(1.data.items[].id; split(\"3,4\"; \",\"))}}"},
    {"add", 1, -1, fnAdd, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Adds values at the end of a list."),
        "{{add(1.data.items[].id; 3; 4)}}"},
    {"remove", 1, -1, fnRemove, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "Removes values (text or numbers) from a list."),
        "{{remove(1.data.items[].name; Apple)}}"},
    {"reverse", 1, 1, fnReverse, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "A list in the opposite order."),
        "{{reverse(1.data.items[].name)}}"},
    {"shuffle", 1, 1, fnShuffle, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "A list in a random order."),
        "{{length(shuffle(1.data.items))}}"},
    {"flatten", 1, 2, fnFlatten, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Opens the lists inside a list into it, one level deep or as many as the second "
            "value says."),
        "{{flatten(add(emptyarray; 1.data.items[].id; 1.data.items[].name))}}"},
    {"distinct", 1, 2, fnDistinct, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Leaves out the items of a list that are already in it; with a key as the second "
            "value, items whose key has a value seen before."),
        "{{distinct(split(\"a,b,a\"; \",\"))}}", 0b10u},
    {"deduplicate", 1, 1, fnDeduplicate, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "Leaves out the items of a list that are already in it."),
        "{{deduplicate(split(\"1,2,2,3\"; \",\"))}}"},
    {"toArray", 1, 1, fnToArray, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Turns an object (a collection) into a list of {key, value} items."),
        "{{toArray(pick(1.data; name; token))}}"},
    {"toCollection", 3, 3, fnToCollection, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Turns a list of items into one object: the second value names the key that gives "
            "each item's name, the third the key that gives its value."),
        "{{toCollection(1.data.items; name; id)}}", 0b110u},
    {"arrayDiff", 2, 2, fnArrayCompare<false>, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "The items of the first list that are not in the second."),
        "{{arrayDiff(split(\"1,2,3,4\"; \",\"); split(\"3,4,5\"; \",\"))}}"},
    {"arrayIntersect", 2, 2, fnArrayCompare<true>, nullptr, false,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "The items of the first list that are also in the second."),
        "{{arrayIntersect(split(\"1,2,3,4\"; \",\"); split(\"3,4,5\"; \",\"))}}"},
    {executionIdName, 0, 0, fnSystemVariable<executionIdName>, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions", "The ID of this run of the scenario."),
        "{{executionId}}"},
    {scenarioIdName, 0, 0, fnSystemVariable<scenarioIdName>, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions", "The ID of the scenario."), "{{scenarioId}}"},
    {operationsConsumedName, 0, 0, fnSystemVariable<operationsConsumedName>, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions", "How many operations this run has done so far."),
        "{{operationsConsumed}}"},
    {triggerTimestampName, 0, 0, fnSystemVariable<triggerTimestampName>, nullptr, true,
        QT_TRANSLATE_NOOP(
            "MappingFunctions", "When this run started, as a Unix timestamp (seconds since 1970)."),
        "{{triggerTimestamp}}"},
};

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            const bool same = a.at(i - 1).toLower() == b.at(j - 1).toLower();
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

QString padded(qint64 number, int width)
{
    return QStringLiteral("%1").arg(number, width, 10, QLatin1Char('0'));
}

QString ordinal(int number)
{
    const int lastTwo = number % 100;
    const int last = number % 10;
    const char *suffix = "th";
    if (lastTwo < 11 || lastTwo > 13) {
        if (last == 1)
            suffix = "st";
        else if (last == 2)
            suffix = "nd";
        else if (last == 3)
            suffix = "rd";
    }
    return QString::number(number) + QLatin1String(suffix);
}

QString offsetText(int seconds, bool colon)
{
    const QChar sign = seconds < 0 ? QLatin1Char('-') : QLatin1Char('+');
    const int minutes = std::abs(seconds) / 60;
    return sign + padded(minutes / 60, 2) + (colon ? QStringLiteral(":") : QString())
        + padded(minutes % 60, 2);
}

} // namespace

namespace MappingFunctions {

QList<const MappingFunction *> all()
{
    QList<const MappingFunction *> list;
    for (const MappingFunction &function : functions)
        list.append(&function);
    return list;
}

MappingContext exampleContext()
{
    MappingContext context;
    const QByteArray output = R"({"statusCode": 200, "headers": [], "cookies": [], "data": {
        "name": "Ada Lovelace", "nickname": "", "email": "Ada@Example.com", "token": "abc123",
        "expires_in": 3600, "created": "2026-01-02T03:04:05Z",
        "items": [{"id": 1, "name": "Apple"}, {"id": 2, "name": "Banana"}]}})";
    context.moduleOutputs.insert(1, QJsonDocument::fromJson(output).object());
    context.now = QDateTime(QDate(2026, 1, 2), QTime(9, 30), Qt::UTC);
    context.timeZone = QTimeZone::utc();
    context.namedRoots.insert(
        QStringLiteral("executionId"), QStringLiteral("2f1c9a0e4b7d4e5f8a6b3c2d1e0f9a8b"));
    context.namedRoots.insert(QStringLiteral("scenarioId"), 42);
    context.namedRoots.insert(QStringLiteral("operationsConsumed"), 3);
    context.namedRoots.insert(QStringLiteral("triggerTimestamp"), 1767346200);
    return context;
}

QString category(const MappingFunction &function)
{
    static const QHash<QString, QString> groups = [] {
        QHash<QString, QString> map;
        const auto add = [&map](const char *group, std::initializer_list<const char *> names) {
            for (const char *name : names)
                map.insert(QString::fromLatin1(name), QString::fromLatin1(group));
        };
        add("General", {"if", "ifempty", "get", "switch", "pick", "omit", "not"});
        add("Math",
            {"abs", "average", "ceil", "floor", "formatNumber", "max", "median", "min",
                "parseNumber", "random", "round", "stdevP", "stdevS", "sum", "trunc"});
        add("Date and time",
            {"now", "timestamp", "formatDate", "parseDate", "addSeconds", "addMinutes", "addHours",
                "addDays", "addMonths", "addYears", "setSecond", "setMinute", "setHour", "setDay",
                "setDate", "setMonth", "setYear"});
        add("Arrays",
            {"add", "arrayDiff", "arrayIntersect", "deduplicate", "distinct", "first", "flatten",
                "join", "keys", "last", "map", "merge", "remove", "reverse", "shuffle", "slice",
                "sort", "toArray", "toCollection"});
        add("System variables",
            {"executionId", "scenarioId", "operationsConsumed", "triggerTimestamp"});
        return map;
    }();
    return groups.value(QString::fromLatin1(function.name), QStringLiteral("Text and binary"));
}

const MappingFunction *find(const QString &name)
{
    for (const MappingFunction &function : functions) {
        if (name.compare(QLatin1String(function.name), Qt::CaseInsensitive) == 0)
            return &function;
    }
    return nullptr;
}

QString suggestion(const QString &name)
{
    QString best;
    int bestDistance = 3; // further than two edits is a guess, not a suggestion
    for (const MappingFunction &function : functions) {
        const QString candidate = QLatin1String(function.name);
        const int distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

QDateTime parseDate(const QJsonValue &value)
{
    return readDate(value, QTimeZone::utc()).value_or(QDateTime());
}

QString formatDate(const QDateTime &dateTime, const QString &format)
{
    const QDate date = dateTime.date();
    const QTime time = dateTime.time();
    QString out;
    int i = 0;
    auto run = [&](QChar c) {
        int n = 0;
        while (i + n < format.size() && format.at(i + n) == c)
            ++n;
        return n;
    };
    while (i < format.size()) {
        const QChar c = format.at(i);
        if (c == QLatin1Char('[')) { // [literal text]
            const int close = format.indexOf(QLatin1Char(']'), i + 1);
            if (close > 0) {
                out += QStringView(format).mid(i + 1, close - i - 1);
                i = close + 1;
                continue;
            }
        }
        const int n = run(c);
        int used = n;
        switch (c.unicode()) {
        case 'Y':
            if (n >= 4) {
                out += padded(date.year(), 4);
                used = 4;
            } else if (n >= 2) {
                out += padded(date.year() % 100, 2);
                used = 2;
            } else {
                out += QString::number(date.year());
            }
            break;
        case 'Q':
            out += QString::number((date.month() - 1) / 3 + 1);
            used = 1;
            break;
        case 'M':
            if (n >= 4) {
                out += QLatin1String(monthNames[date.month() - 1]);
                used = 4;
            } else if (n == 3) {
                out += QLatin1String(monthNames[date.month() - 1]).left(3);
            } else if (n == 2) {
                out += padded(date.month(), 2);
            } else if (i + 1 < format.size() && format.at(i + 1) == QLatin1Char('o')) {
                out += ordinal(date.month());
                used = 2;
            } else {
                out += QString::number(date.month());
            }
            break;
        case 'D':
            if (n >= 4) {
                out += padded(date.dayOfYear(), 3);
                used = 4;
            } else if (n == 3) {
                out += QString::number(date.dayOfYear());
            } else if (n == 2) {
                out += padded(date.day(), 2);
            } else if (i + 1 < format.size() && format.at(i + 1) == QLatin1Char('o')) {
                out += ordinal(date.day());
                used = 2;
            } else {
                out += QString::number(date.day());
            }
            break;
        case 'd': {
            const int weekday = date.dayOfWeek() % 7; // moment: 0 = Sunday
            if (n >= 4) {
                out += QLatin1String(dayNames[weekday]);
                used = 4;
            } else if (n == 3) {
                out += QLatin1String(dayNames[weekday]).left(3);
            } else if (n == 2) {
                out += QLatin1String(dayNames[weekday]).left(2);
            } else {
                out += QString::number(weekday);
            }
            break;
        }
        case 'E':
            out += QString::number(date.dayOfWeek());
            used = 1;
            break;
        case 'W':
            used = std::min(n, 2);
            out += used == 2 ? padded(date.weekNumber(), 2) : QString::number(date.weekNumber());
            break;
        case 'H':
            used = std::min(n, 2);
            out += used == 2 ? padded(time.hour(), 2) : QString::number(time.hour());
            break;
        case 'h': {
            used = std::min(n, 2);
            const int h = time.hour() % 12 == 0 ? 12 : time.hour() % 12;
            out += used == 2 ? padded(h, 2) : QString::number(h);
            break;
        }
        case 'k': {
            used = std::min(n, 2);
            const int k = time.hour() == 0 ? 24 : time.hour();
            out += used == 2 ? padded(k, 2) : QString::number(k);
            break;
        }
        case 'm':
            used = std::min(n, 2);
            out += used == 2 ? padded(time.minute(), 2) : QString::number(time.minute());
            break;
        case 's':
            used = std::min(n, 2);
            out += used == 2 ? padded(time.second(), 2) : QString::number(time.second());
            break;
        case 'S': // fractions of a second: S tenths, SS hundredths, SSS… milliseconds
            out += padded(time.msec(), 3).left(n).leftJustified(n, QLatin1Char('0'));
            break;
        case 'A':
            out += time.hour() < 12 ? QLatin1String("AM") : QLatin1String("PM");
            used = 1;
            break;
        case 'a':
            out += time.hour() < 12 ? QLatin1String("am") : QLatin1String("pm");
            used = 1;
            break;
        case 'X':
            out += QString::number(dateTime.toSecsSinceEpoch());
            used = 1;
            break;
        case 'x':
            out += QString::number(dateTime.toMSecsSinceEpoch());
            used = 1;
            break;
        case 'Z':
            used = std::min(n, 2);
            out += offsetText(dateTime.offsetFromUtc(), used == 1);
            break;
        default:
            out += QStringView(format).mid(i, n);
            break;
        }
        i += used;
    }
    return out;
}

} // namespace MappingFunctions
