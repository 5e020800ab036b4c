#include "core/mapping/MappingFunctions.h"

#include "core/mapping/MappingValue.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
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
        evaluation.fail(QStringLiteral("%1 is not a number.").arg(quoted(value)));
        return false;
    }
    *number = *converted;
    return true;
}

QDateTime dateArgument(const QJsonValue &value, MappingEvaluation &evaluation)
{
    const QDateTime date = MappingFunctions::parseDate(value);
    if (!date.isValid()) {
        evaluation.fail(QStringLiteral("%1 is not a date. Use a date such as "
                                       "2024-01-31T12:00:00Z, or a Unix timestamp.")
                            .arg(quoted(value)));
    }
    return date;
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
        evaluation.fail(QStringLiteral("the pattern %1 is not a valid regular expression (%2).")
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
        evaluation.fail(QStringLiteral("the first argument must be a list, but it is %1.")
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
        evaluation.fail(QStringLiteral("%1 is not a number.").arg(quoted(a[0])));
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

QJsonValue fnSha1(const QJsonValue *a, int, MappingEvaluation &)
{
    return hashHex(a[0], QCryptographicHash::Sha1);
}

QJsonValue fnSha256(const QJsonValue *a, int, MappingEvaluation &)
{
    return hashHex(a[0], QCryptographicHash::Sha256);
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
        QStringLiteral("this needs a list, but got %1.").arg(MappingValue::kindName(value)));
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
            QStringLiteral("this needs an object, but got %1.").arg(MappingValue::kindName(a[0])));
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
            evaluation.fail(QStringLiteral("\"%1\" is not a time zone. Use a name such as "
                                           "Europe/Prague, America/New_York or UTC.")
                                .arg(zoneName));
            return {};
        }
        date = date.toTimeZone(zone);
    } else {
        date = date.toUTC();
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
    const QDateTime result
        = std::fabs(ms) <= 2 * MaxDateMs ? date.addMSecs(static_cast<qint64>(ms)) : QDateTime();
    if (!result.isValid() || std::fabs(double(result.toMSecsSinceEpoch())) > MaxDateMs) {
        evaluation.fail(QStringLiteral("Adding %1 to %2 goes beyond the dates Scenarist can "
                                       "handle.")
                            .arg(MappingValue::formatNumber(amount), isoText(date)));
        return {};
    }
    return isoText(result);
}

constexpr qint64 minute = 60;
constexpr qint64 hour = 3600;
constexpr qint64 day = 86400;

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
        "{{get(1.data.items; 2).name}}"},
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
    {"sha1", 1, 1, fnSha1, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The SHA-1 hash of a text, in hexadecimal."),
        "{{sha1(hello)}}"},
    {"sha256", 1, 1, fnSha256, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions", "The SHA-256 hash of a text, in hexadecimal."),
        "{{sha256(hello)}}"},
    {"now", 0, 0, fnNow, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions", "The current date and time."), "{{now}}"},
    {"timestamp", 0, 1, fnTimestamp, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "A date as a Unix timestamp (seconds since 1970); the current time without a value."),
        "{{timestamp(1.data.created)}}"},
    {"uuid", 0, 0, fnUuid, nullptr, true,
        QT_TRANSLATE_NOOP("MappingFunctions", "A new random identifier, different each time."),
        "{{uuid}}"},
    {"formatDate", 2, 3, fnFormatDate, nullptr, false,
        QT_TRANSLATE_NOOP("MappingFunctions",
            "Writes a date in a format such as YYYY-MM-DD HH:mm; the third value is a time zone."),
        "{{formatDate(1.data.created; \"DD.MM.YYYY\")}}"},
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

const char *const monthNames[] = {"January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"};
const char *const dayNames[]
    = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

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
    return context;
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
    if (value.isDouble()) {
        const double number = value.toDouble();
        // Make takes seconds; JavaScript habits give milliseconds. Below 1e11 seconds is
        // the year 5138, so anything bigger must be milliseconds.
        const double ms = std::fabs(number) < 1e11 ? number * 1000 : number;
        // Beyond JavaScript's date range (and for NaN or infinity) there is no date; casting
        // such a double to an integer would be undefined behaviour.
        if (!(std::fabs(ms) <= MaxDateMs))
            return {};
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms), Qt::UTC);
    }
    if (!value.isString())
        return {};
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return {};
    bool isNumber = false;
    const double number = text.toDouble(&isNumber);
    if (isNumber)
        return parseDate(number);
    QDateTime date = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!date.isValid())
        date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!date.isValid()) {
        // "2024-01-31 12:00:00" (space instead of T) is common in APIs.
        QString withT = text;
        withT.replace(10, 1, QLatin1Char('T'));
        if (text.size() > 10 && text.at(10) == QLatin1Char(' '))
            date = QDateTime::fromString(withT, Qt::ISODateWithMs);
    }
    if (!date.isValid())
        return {};
    if (date.timeSpec() == Qt::LocalTime) // no offset written: UTC, not this machine's zone
        date = QDateTime(date.date(), date.time(), Qt::UTC);
    return date;
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
        case 'S':
            used = std::min(n, 3);
            out += padded(time.msec(), 3).left(used);
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
