#include "core/mapping/MappingFunctions.h"

#include <QCoreApplication>
#include <QDate>
#include <QLocale>

#include <cmath>
#include <optional>

// Reading a date with a format of Make's (moment.js) tokens: parseDate(text; format). Dates
// without a format go through readDate() (DateReading.h), the one reader of free-form dates.

namespace {

const char *const monthNames[] = {"january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"};
const char *const dayNames[]
    = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

/// Walks the text being read, token by token of the format.
class Reader
{
public:
    explicit Reader(const QString &text)
        : m_text(text)
    {
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    void skip() { ++m_pos; }
    void skipSpaces()
    {
        while (!atEnd() && peek().isSpace())
            ++m_pos;
    }
    /// Up to `maxDigits` digits (at least one), with a sign when `signedNumber`.
    std::optional<qint64> number(int maxDigits, bool signedNumber = false)
    {
        int sign = 1;
        if (signedNumber && (peek() == QLatin1Char('-') || peek() == QLatin1Char('+'))) {
            sign = peek() == QLatin1Char('-') ? -1 : 1;
            ++m_pos;
        }
        qint64 value = 0;
        int digits = 0;
        while (!atEnd() && digits < maxDigits && peek().isDigit()) {
            value = value * 10 + peek().digitValue();
            ++m_pos;
            ++digits;
        }
        if (digits == 0)
            return std::nullopt;
        return sign * value;
    }
    /// The index of the name (full or its first three letters) that the text continues with.
    std::optional<int> name(const char *const *names, int count)
    {
        for (int full = 1; full >= 0; --full) {
            for (int i = 0; i < count; ++i) {
                const QString candidate
                    = full ? QLatin1String(names[i]) : QLatin1String(names[i]).left(3);
                if (QStringView(m_text).mid(m_pos).startsWith(candidate, Qt::CaseInsensitive)) {
                    m_pos += candidate.size();
                    return i;
                }
            }
        }
        return std::nullopt;
    }
    bool word(QLatin1String text)
    {
        if (!QStringView(m_text).mid(m_pos).startsWith(text, Qt::CaseInsensitive))
            return false;
        m_pos += text.size();
        return true;
    }
    QString rest() const { return m_text.mid(m_pos); }

private:
    const QString m_text;
    int m_pos = 0;
};

struct Fields
{
    std::optional<int> year, month, day, dayOfYear, hour, minute, second, millisecond;
    std::optional<bool> pm;
    std::optional<int> offsetSeconds;
    std::optional<double> epochMs;
};

int runLength(const QString &format, int i)
{
    int n = 0;
    while (i + n < format.size() && format.at(i + n) == format.at(i))
        ++n;
    return n;
}

} // namespace

namespace MappingFunctions {

std::optional<QDateTime> parseDate(const QString &text, const QString &format,
    const QTimeZone &zone, const QDateTime &now, QString *problem)
{
    auto fail = [&](const QString &why) -> std::optional<QDateTime> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    Reader in(text.trimmed());
    Fields f;
    int i = 0;
    while (i < format.size()) {
        const QChar c = format.at(i);
        if (c == QLatin1Char('[')) { // [literal text]
            const int close = format.indexOf(QLatin1Char(']'), i + 1);
            if (close > 0) {
                for (int k = i + 1; k < close; ++k) {
                    if (in.peek().toLower() != format.at(k).toLower())
                        return fail(QString());
                    in.skip();
                }
                i = close + 1;
                continue;
            }
        }
        const int n = runLength(format, i);
        int used = n;
        const QChar next = i + n < format.size() ? format.at(i + n) : QChar();
        switch (c.unicode()) {
        case 'Y': {
            const std::optional<qint64> v = in.number(n > 4 ? 6 : (n == 2 ? 2 : 4), n != 2);
            if (!v)
                return fail(QCoreApplication::translate("DateParsing", "the year is missing"));
            f.year = n == 2 ? int(*v + (*v > 68 ? 1900 : 2000)) : int(*v);
            break;
        }
        case 'M':
            if (n >= 3) {
                const std::optional<int> month = in.name(monthNames, 12);
                if (!month)
                    return fail(
                        QCoreApplication::translate("DateParsing", "the month's name is missing"));
                f.month = *month + 1;
            } else if (n == 1 && next == QLatin1Char('o')) {
                const std::optional<qint64> v = in.number(2);
                if (!v)
                    return fail(QCoreApplication::translate("DateParsing", "the month is missing"));
                for (const char *suffix : {"st", "nd", "rd", "th"})
                    in.word(QLatin1String(suffix));
                f.month = int(*v);
                used = 2;
            } else {
                const std::optional<qint64> v = in.number(2);
                if (!v)
                    return fail(QCoreApplication::translate("DateParsing", "the month is missing"));
                f.month = int(*v);
            }
            break;
        case 'D':
            if (n >= 3) {
                const std::optional<qint64> v = in.number(3);
                if (!v)
                    return fail(QCoreApplication::translate(
                        "DateParsing", "the day of the year is missing"));
                f.dayOfYear = int(*v);
            } else {
                const std::optional<qint64> v = in.number(2);
                if (!v)
                    return fail(QCoreApplication::translate("DateParsing", "the day is missing"));
                f.day = int(*v);
                if (n == 1 && next == QLatin1Char('o')) {
                    for (const char *suffix : {"st", "nd", "rd", "th"}) {
                        if (in.word(QLatin1String(suffix)))
                            break;
                    }
                    used = 2;
                }
            }
            break;
        case 'd': // a weekday's name or number says nothing the date does not
            if (n >= 2) {
                if (!in.name(dayNames, 7))
                    return fail(QCoreApplication::translate(
                        "DateParsing", "the weekday's name is missing"));
            } else if (!in.number(1)) {
                return fail(QCoreApplication::translate("DateParsing", "the weekday is missing"));
            }
            break;
        case 'H':
        case 'h':
        case 'k': {
            used = std::min(n, 2);
            const std::optional<qint64> v = in.number(2);
            if (!v)
                return fail(QCoreApplication::translate("DateParsing", "the hour is missing"));
            f.hour = int(*v);
            if (c == QLatin1Char('h') && (*v < 1 || *v > 12))
                return fail(
                    QCoreApplication::translate("DateParsing", "%1 is not an hour from 1 to 12")
                        .arg(*v));
            if (c == QLatin1Char('k') && *v == 24)
                f.hour = 0;
            break;
        }
        case 'm': {
            used = std::min(n, 2);
            const std::optional<qint64> v = in.number(2);
            if (!v)
                return fail(QCoreApplication::translate("DateParsing", "the minutes are missing"));
            f.minute = int(*v);
            break;
        }
        case 's': {
            used = std::min(n, 2);
            const std::optional<qint64> v = in.number(2);
            if (!v)
                return fail(QCoreApplication::translate("DateParsing", "the seconds are missing"));
            f.second = int(*v);
            break;
        }
        case 'S': {
            QString digits;
            while (!in.atEnd() && in.peek().isDigit() && digits.size() < 9) {
                digits += in.peek();
                in.skip();
            }
            if (digits.isEmpty())
                return fail(QCoreApplication::translate(
                    "DateParsing", "the fraction of a second is missing"));
            f.millisecond = digits.left(3).leftJustified(3, QLatin1Char('0')).toInt();
            break;
        }
        case 'A':
        case 'a':
            used = 1;
            if (in.word(QLatin1String("am")) || in.word(QLatin1String("a.m.")))
                f.pm = false;
            else if (in.word(QLatin1String("pm")) || in.word(QLatin1String("p.m.")))
                f.pm = true;
            else
                return fail(QCoreApplication::translate("DateParsing", "AM or PM is missing"));
            break;
        case 'Z': {
            used = std::min(n, 2);
            if (in.word(QLatin1String("z"))) {
                f.offsetSeconds = 0;
                break;
            }
            const QChar sign = in.peek();
            if (sign != QLatin1Char('+') && sign != QLatin1Char('-'))
                return fail(QCoreApplication::translate(
                    "DateParsing", "the time zone offset (such as +01:00) is missing"));
            in.skip();
            const std::optional<qint64> hours = in.number(2);
            if (in.peek() == QLatin1Char(':'))
                in.skip();
            const std::optional<qint64> minutes = in.number(2);
            if (!hours || *hours > 23 || (minutes && *minutes > 59))
                return fail(QCoreApplication::translate(
                    "DateParsing", "the time zone offset is not like +01:00"));
            const int seconds = int(*hours * 3600 + minutes.value_or(0) * 60);
            f.offsetSeconds = sign == QLatin1Char('-') ? -seconds : seconds;
            break;
        }
        case 'X':
        case 'x': {
            used = 1;
            const std::optional<qint64> whole = in.number(16, true);
            if (!whole)
                return fail(QCoreApplication::translate("DateParsing", "the timestamp is missing"));
            double value = double(*whole);
            if (c == QLatin1Char('X') && in.peek() == QLatin1Char('.')) {
                in.skip();
                QString fraction;
                while (!in.atEnd() && in.peek().isDigit()) {
                    fraction += in.peek();
                    in.skip();
                }
                const double part = (QStringLiteral("0.") + fraction).toDouble();
                value += value < 0 ? -part : part;
            }
            f.epochMs = c == QLatin1Char('X') ? value * 1000 : value;
            break;
        }
        default:
            // Anything else is written as it is. A space matches any run of spaces; other
            // punctuation matches any punctuation (2024/01/31 against YYYY-MM-DD), as moment
            // reads it; letters and digits must be the same.
            used = 1;
            if (c.isSpace()) {
                in.skipSpaces();
            } else if (in.peek().toLower() == c.toLower()) {
                in.skip();
            } else if (!c.isLetterOrNumber() && !in.atEnd() && !in.peek().isLetterOrNumber()
                && !in.peek().isSpace()) {
                in.skip();
            } else {
                return fail(QString());
            }
            break;
        }
        i += used;
    }
    in.skipSpaces();
    if (!in.atEnd())
        return fail(QCoreApplication::translate("DateParsing", "“%1” is left over").arg(in.rest()));

    if (f.epochMs) {
        if (!(std::fabs(*f.epochMs) <= 8.64e15))
            return fail(
                QCoreApplication::translate("DateParsing", "the timestamp is beyond any date"));
        return QDateTime::fromMSecsSinceEpoch(qint64(std::floor(*f.epochMs)), Qt::UTC);
    }
    const QDate today = now.toTimeZone(zone.isValid() ? zone : QTimeZone::utc()).date();
    const bool noDate = !f.year && !f.month && !f.day && !f.dayOfYear;
    const int year = f.year.value_or(today.year());
    QDate date;
    if (noDate) {
        date = today; // a time alone is today at that time, as in moment
    } else if (f.dayOfYear) {
        date = QDate(year, 1, 1).addDays(*f.dayOfYear - 1);
        if (*f.dayOfYear < 1 || date.year() != year)
            return fail(QCoreApplication::translate("DateParsing", "%1 is not a day of the year")
                            .arg(*f.dayOfYear));
    } else {
        const int month = f.month.value_or(1);
        if (month < 1 || month > 12)
            return fail(
                QCoreApplication::translate("DateParsing", "there is no month %1").arg(month));
        const int day = f.day.value_or(1);
        date = QDate(year, month, day);
        if (!date.isValid()) {
            return fail(QCoreApplication::translate("DateParsing", "there is no day %1 in %2 %3")
                            .arg(day)
                            .arg(QLocale::c().monthName(month))
                            .arg(year));
        }
    }
    int hour = f.hour.value_or(0);
    if (f.pm) {
        if (hour > 12)
            return fail(QCoreApplication::translate("DateParsing", "%1 is not an hour from 1 to 12")
                            .arg(hour));
        hour = hour % 12 + (*f.pm ? 12 : 0);
    }
    const int minute = f.minute.value_or(0);
    const int second = f.second.value_or(0);
    if (hour == 24 && minute == 0 && second == 0 && f.millisecond.value_or(0) == 0) {
        date = date.addDays(1); // 24:00 is the next day's midnight
        hour = 0;
    }
    const QTime time(hour, minute, second, f.millisecond.value_or(0));
    if (!time.isValid()) {
        return fail(QCoreApplication::translate("DateParsing", "%1:%2:%3 is not a time of day")
                        .arg(hour, 2, 10, QLatin1Char('0'))
                        .arg(minute, 2, 10, QLatin1Char('0'))
                        .arg(second, 2, 10, QLatin1Char('0')));
    }
    const QDateTime result = f.offsetSeconds
        ? QDateTime(date, time, Qt::OffsetFromUTC, *f.offsetSeconds)
        : QDateTime(date, time, zone.isValid() ? zone : QTimeZone::utc());
    if (!result.isValid() || !(std::fabs(double(result.toMSecsSinceEpoch())) <= 8.64e15))
        return fail(QCoreApplication::translate(
            "DateParsing", "that date is beyond the dates Scenarist can handle"));
    return result;
}

} // namespace MappingFunctions
