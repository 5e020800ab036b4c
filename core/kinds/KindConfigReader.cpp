#include "core/kinds/KindConfigReader.h"

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
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("true/false");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("text");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QJsonValue KindConfigReader::value(const QString &key)
{
    m_read.append(key);
    return m_config.value(key);
}

QString KindConfigReader::text(const QString &key, const QString &fallback)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isString()) {
        fail(key, QStringLiteral("must be text, but is %1.").arg(typeName(v)));
        return fallback;
    }
    return v.toString();
}

bool KindConfigReader::boolean(const QString &key, bool fallback)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isBool()) {
        fail(key, QStringLiteral("must be true or false, but is %1.").arg(typeName(v)));
        return fallback;
    }
    return v.toBool();
}

int KindConfigReader::integer(const QString &key, int fallback, int min, int max)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return fallback;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::floor(d) != d || d < min || d > max) {
        fail(key,
            QStringLiteral("must be a whole number from %1 to %2, but is %3.")
                .arg(min)
                .arg(max)
                .arg(v.isDouble() ? QString::number(d, 'g', 17) : typeName(v)));
        return fallback;
    }
    return static_cast<int>(d);
}

QJsonArray KindConfigReader::array(const QString &key)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return {};
    if (!v.isArray()) {
        fail(key, QStringLiteral("must be a list, but is %1.").arg(typeName(v)));
        return {};
    }
    return v.toArray();
}

QList<NameValue> KindConfigReader::nameValues(const QString &key)
{
    QList<NameValue> pairs;
    const QJsonArray items = array(key);
    for (qsizetype i = 0; i < items.size() && !failed(); ++i) {
        const QString itemKey = QStringLiteral("%1[%2]").arg(key).arg(i + 1);
        const QJsonObject item = items[i].toObject();
        const QJsonValue name = item.value(QStringLiteral("name"));
        const QJsonValue value = item.value(QStringLiteral("value"));
        if (!items[i].isObject() || !name.isString()
            || !(value.isString() || value.isUndefined())) {
            fail(itemKey,
                QStringLiteral("must be {\"name\": text, \"value\": text}, but is %1.")
                    .arg(items[i].isObject() ? QStringLiteral("an object with other values")
                                             : typeName(items[i])));
            break;
        }
        pairs.append(NameValue {name.toString(), value.toString()});
    }
    return pairs;
}

QStringList KindConfigReader::texts(const QString &key)
{
    QStringList list;
    const QJsonArray items = array(key);
    for (qsizetype i = 0; i < items.size() && !failed(); ++i) {
        if (!items[i].isString()) {
            fail(QStringLiteral("%1[%2]").arg(key).arg(i + 1),
                QStringLiteral("must be text, but is %1.").arg(typeName(items[i])));
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
            QStringLiteral("must be a whole number from %L1 to %L2 (or a mapping such as "
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
            QStringLiteral("must be a number (or a mapping such as {{1.count}}), but is %1.")
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
            QStringLiteral("is missing; say which module's bundles it collects (the number of "
                           "an iterator or another module before it)."));
        return 0;
    }
    return integer(key, 0, 1, 1000000000);
}
