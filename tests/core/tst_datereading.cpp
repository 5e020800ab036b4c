#include "core/mapping/DateReading.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QtTest>

/// readDate: the one way filters and date functions read a value as a date.
class TestDateReading : public QObject
{
    Q_OBJECT

private slots:
    void reads_data();
    void reads();
    void refuses_data();
    void refuses();
    void noZoneUsesTheGivenZone();
    void systemZoneFollowsTz();
};

void TestDateReading::reads_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("utc"); // expected, as ISO 8601 in UTC

    const auto row = [](const char *name, const QJsonValue &value, const char *utc) {
        QTest::newRow(name) << value << QString::fromLatin1(utc);
    };
    row("iso with Z", QStringLiteral("2024-03-05T14:07:09Z"), "2024-03-05T14:07:09.000Z");
    row("iso with ms", QStringLiteral("2024-03-05T14:07:09.123Z"), "2024-03-05T14:07:09.123Z");
    row("iso with microseconds", QStringLiteral("2024-03-05T14:07:09.123456Z"),
        "2024-03-05T14:07:09.123Z");
    row("iso with offset", QStringLiteral("2024-03-05T15:07:09+01:00"), "2024-03-05T14:07:09.000Z");
    row("offset without colon", QStringLiteral("2024-03-05T15:07:09+0100"),
        "2024-03-05T14:07:09.000Z");
    row("offset hours only", QStringLiteral("2024-03-05T09:07:09-05"), "2024-03-05T14:07:09.000Z");
    row("space instead of T", QStringLiteral("2024-03-05 14:07:09Z"), "2024-03-05T14:07:09.000Z");
    row("minutes only", QStringLiteral("2024-03-05T14:07Z"), "2024-03-05T14:07:00.000Z");
    row("date only", QStringLiteral("2024-03-05"), "2024-03-05T00:00:00.000Z");
    row("slashes", QStringLiteral("2024/03/05 14:07"), "2024-03-05T14:07:00.000Z");
    row("24:00 is next midnight", QStringLiteral("2024-03-05T24:00Z"), "2024-03-06T00:00:00.000Z");
    row("surrounding spaces", QStringLiteral("  2024-03-05T14:07:09Z "),
        "2024-03-05T14:07:09.000Z");
    row("rfc 2822", QStringLiteral("Tue, 05 Mar 2024 14:07:09 +0000"), "2024-03-05T14:07:09.000Z");
    row("unix seconds", QJsonValue(1709647629), "2024-03-05T14:07:09.000Z");
    row("unix seconds as text", QStringLiteral("1709647629"), "2024-03-05T14:07:09.000Z");
    row("unix milliseconds", QJsonValue(1709647629123.0), "2024-03-05T14:07:09.123Z");
    row("negative seconds", QJsonValue(-86400), "1969-12-31T00:00:00.000Z");
}

void TestDateReading::reads()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, utc);
    const std::optional<QDateTime> date = readDate(value, QTimeZone::utc());
    QVERIFY(date.has_value());
    QCOMPARE(date->toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")), utc);
}

void TestDateReading::refuses_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("word") << QJsonValue(QStringLiteral("yesterday"));
    QTest::newRow("empty") << QJsonValue(QString());
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("true") << QJsonValue(true);
    QTest::newRow("February 30") << QJsonValue(QStringLiteral("2024-02-30"));
    QTest::newRow("hour 25") << QJsonValue(QStringLiteral("2024-02-03T25:00"));
    QTest::newRow("offset 25 hours") << QJsonValue(QStringLiteral("2024-02-03T10:00+25:00"));
    QTest::newRow("leap second") << QJsonValue(QStringLiteral("2016-12-31T23:59:60Z"));
    QTest::newRow("day first") << QJsonValue(QStringLiteral("05/03/2024"));
    QTest::newRow("beyond JavaScript's range") << QJsonValue(8.65e15);
    QTest::newRow("infinity") << QJsonValue(QStringLiteral("inf"));
    QTest::newRow("not a number") << QJsonValue(QStringLiteral("nan"));
    QTest::newRow("array") << QJsonValue(QJsonArray {QStringLiteral("2024-03-05")});
}

void TestDateReading::refuses()
{
    QFETCH(QJsonValue, value);
    QVERIFY(!readDate(value, QTimeZone::utc()).has_value());
}

void TestDateReading::noZoneUsesTheGivenZone()
{
    const QTimeZone tokyo("Asia/Tokyo");
    QVERIFY(tokyo.isValid());
    const std::optional<QDateTime> date = readDate(QStringLiteral("2024-03-05 09:00"), tokyo);
    QVERIFY(date);
    QCOMPARE(date->toUTC(), QDateTime(QDate(2024, 3, 5), QTime(0, 0), Qt::UTC));
    // A written zone wins over the given one.
    QCOMPARE(readDate(QStringLiteral("2024-03-05T09:00Z"), tokyo)->toUTC(),
        QDateTime(QDate(2024, 3, 5), QTime(9, 0), Qt::UTC));
    // An invalid zone reads as UTC.
    QCOMPARE(readDate(QStringLiteral("2024-03-05T09:00"), QTimeZone())->toUTC(),
        QDateTime(QDate(2024, 3, 5), QTime(9, 0), Qt::UTC));
}

void TestDateReading::systemZoneFollowsTz()
{
    const QByteArray saved = qgetenv("TZ");
    qputenv("TZ", "America/New_York");
    const std::optional<QDateTime> date
        = readDate(QStringLiteral("2024-07-01 08:00"), QTimeZone::systemTimeZone());
    if (saved.isNull())
        qunsetenv("TZ");
    else
        qputenv("TZ", saved);
    QVERIFY(date);
    QCOMPARE(date->toUTC(), QDateTime(QDate(2024, 7, 1), QTime(12, 0), Qt::UTC));
}

QTEST_GUILESS_MAIN(TestDateReading)
#include "tst_datereading.moc"
