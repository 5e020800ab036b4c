#include "core/kinds/KindConfigReader.h"

#include "core/model/JsonChecks.h"

#include <QCoreApplication>
#include <cmath>

KindConfigReader::KindConfigReader(QJsonObject config)
    : m_config(std::move(config))
{
}

QStringList KindConfigReader::unknownKeys() const
{
    QStringList unknown;
    for (auto it = m_config.begin(); it != m_config.end(); ++it) {
        if (!m_read.contains(it.key()))
            unknown.append(QStringLiteral("config.") + it.key());
    }
    return unknown;
}

void KindConfigReader::fail(const QString &key, const QString &what)
{
    if (failed())
        return;
    m_errorKey = QStringLiteral("config.") + key;
    m_errorText = what;
}

QString KindConfigReader::typeName(const QJsonValue &v)
{
    return JsonChecks::typeName(v);
}

QJsonValue KindConfigReader::value(const QString &key)
{
    m_read.append(key);
    return m_config.value(key);
}

namespace {

/// The value when `problem` (JsonChecks' words) is empty; otherwise the reader fails at key.
template <typename T>
T checked(KindConfigReader &reader, const QString &key, const QString &problem, T value, T fallback)
{
    if (problem.isEmpty())
        return value;
    reader.fail(key, problem);
    return fallback;
}

} // namespace

QString KindConfigReader::text(const QString &key, const QString &fallback)
{
    const QJsonValue v = value(key);
    return v.isUndefined() ? fallback
                           : checked(*this, key, JsonChecks::notText(v), v.toString(), fallback);
}

bool KindConfigReader::boolean(const QString &key, bool fallback)
{
    const QJsonValue v = value(key);
    return v.isUndefined() ? fallback
                           : checked(*this, key, JsonChecks::notBoolean(v), v.toBool(), fallback);
}

int KindConfigReader::integer(const QString &key, int fallback, int min, int max)
{
    const QJsonValue v = value(key);
    return v.isUndefined()
        ? fallback
        : checked(*this, key, JsonChecks::notWholeNumber(v, min, max), v.toInt(), fallback);
}

QJsonArray KindConfigReader::array(const QString &key)
{
    const QJsonValue v = value(key);
    return v.isUndefined() ? QJsonArray()
                           : checked(*this, key, JsonChecks::notList(v), v.toArray(), QJsonArray());
}

QList<NameValue> KindConfigReader::nameValues(const QString &key)
{
    return JsonChecks::nameValues(
        array(key), key, [this](const QString &at, const QString &what) { fail(at, what); });
}

QStringList KindConfigReader::texts(const QString &key)
{
    QStringList list;
    const QJsonArray items = array(key);
    for (qsizetype i = 0; i < items.size() && !failed(); ++i) {
        const QString problem = JsonChecks::notText(items[i]);
        if (!problem.isEmpty()) {
            fail(QStringLiteral("%1[%2]").arg(key).arg(i + 1), problem);
            break;
        }
        list.append(items[i].toString());
    }
    return list;
}

namespace {

bool holdsMapping(const QString &field)
{
    return field.contains(QStringLiteral("{{"));
}

} // namespace

QString KindConfigReader::wholeNumberField(
    const QString &key, const QString &fallback, qint64 min, qint64 max)
{
    const QString field = text(key, fallback);
    if (failed() || holdsMapping(field))
        return field;
    bool ok = false;
    const double d = field.trimmed().toDouble(&ok);
    if (!ok || std::floor(d) != d || d < double(min) || d > double(max)) {
        fail(key,
            QCoreApplication::translate("KindConfigReader",
                "must be a whole number from %L1 to %L2 (or a mapping such as "
                "{{1.count}}), but is %3.")
                .arg(min)
                .arg(max)
                .arg(field.trimmed().isEmpty() ? QStringLiteral("empty") : field.trimmed()));
        return fallback;
    }
    return field;
}

QString KindConfigReader::numberField(const QString &key, const QString &fallback)
{
    const QString field = text(key, fallback);
    if (failed() || holdsMapping(field))
        return field;
    bool ok = false;
    const double d = field.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(d)) {
        fail(key,
            QCoreApplication::translate("KindConfigReader",
                "must be a number (or a mapping such as {{1.count}}), but is %1.")
                .arg(field.trimmed().isEmpty() ? QStringLiteral("empty") : field.trimmed()));
        return fallback;
    }
    return field;
}

ModuleId KindConfigReader::aggregationSource()
{
    const QString key = QStringLiteral("source");
    if (!m_config.contains(key)) {
        m_read.append(key);
        fail(key,
            QCoreApplication::translate("KindConfigReader",
                "is missing; say which module's bundles it collects (the number of "
                "an iterator or another module before it)."));
        return 0;
    }
    return integer(key, 0, 1, 1000000000);
}
