#include "core/mapping/DateReading.h"

#include <QRegularExpression>

#include <cmath>

namespace {

// JavaScript's date range (100 million days either side of 1970), as Make has it.
constexpr double maxDateMs = 8.64e15;

std::optional<QDateTime> fromTimestamp(double number)
{
    // Make takes seconds; JavaScript habits give milliseconds. Below 1e11 seconds is the
    // year 5138, so anything bigger must be milliseconds.
    const double ms = std::fabs(number) < 1e11 ? number * 1000 : number;
    // NaN and infinity fail this test too; casting them to an integer would be undefined.
    if (!(std::fabs(ms) <= maxDateMs))
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::floor(ms)), Qt::UTC);
}

std::optional<QDateTime> fromIsoText(const QString &text, const QTimeZone &zone)
{
    static const QRegularExpression iso(
        QStringLiteral("^(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})"
                       "(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
                       " ?([Zz]|[+-]\\d{2}(?::?\\d{2})?)?)?$"));
    const QRegularExpressionMatch match = iso.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    QDate date(match.captured(1).toInt(), match.captured(3).toInt(), match.captured(4).toInt());
    if (!date.isValid())
        return std::nullopt;
    QTime time(0, 0);
    if (match.hasCaptured(5)) {
        const int hour = match.captured(5).toInt();
        const int minute = match.captured(6).toInt();
        const int second = match.hasCaptured(7) ? match.captured(7).toInt() : 0;
        // Digits beyond milliseconds are dropped, not rounded: 59.9999 stays in its second.
        const int ms = match.hasCaptured(8)
            ? match.captured(8).left(3).leftJustified(3, QLatin1Char('0')).toInt()
            : 0;
        if (hour == 24 && minute == 0 && second == 0 && ms == 0) {
            // 24:00 is the end of the day in ISO 8601, the next day's midnight.
            date = date.addDays(1);
        } else {
            time = QTime(hour, minute, second, ms);
            if (!time.isValid()) // leap seconds (60) are refused with the other impossible times
                return std::nullopt;
        }
    }
    const QString offset = match.captured(9);
    if (offset.isEmpty()) {
        const QDateTime local(date, time, zone.isValid() ? zone : QTimeZone::utc());
        if (!local.isValid())
            return std::nullopt;
        return local;
    }
    if (offset.compare(QLatin1String("z"), Qt::CaseInsensitive) == 0)
        return QDateTime(date, time, Qt::UTC);
    const int sign = offset.at(0) == QLatin1Char('-') ? -1 : 1;
    QString digits = offset.mid(1);
    digits.remove(QLatin1Char(':'));
    const int hours = digits.left(2).toInt();
    const int minutes = digits.size() > 2 ? digits.mid(2, 2).toInt() : 0;
    if (hours > 23 || minutes > 59)
        return std::nullopt;
    return QDateTime(date, time, Qt::OffsetFromUTC, sign * (hours * 3600 + minutes * 60));
}

} // namespace

std::optional<QDateTime> readDate(const QJsonValue &value, const QTimeZone &zone)
{
    if (value.isDouble())
        return fromTimestamp(value.toDouble());
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString().trimmed();
    // The longest form (RFC 2822 with a weekday and a zone name) is far shorter than this.
    if (text.isEmpty() || text.size() > 100)
        return std::nullopt;
    bool isNumber = false;
    const double number = text.toDouble(&isNumber);
    if (isNumber)
        return fromTimestamp(number);
    std::optional<QDateTime> date = fromIsoText(text, zone);
    if (!date) {
        const QDateTime rfc = QDateTime::fromString(text, Qt::RFC2822Date);
        if (rfc.isValid())
            date = rfc;
    }
    if (!date || !date->isValid())
        return std::nullopt;
    if (!(std::fabs(double(date->toMSecsSinceEpoch())) <= maxDateMs))
        return std::nullopt;
    return date;
}
