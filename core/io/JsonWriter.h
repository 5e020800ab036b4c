#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QStringList>

/// Writes JSON for people to read and diff: keys in a stable, meaningful order (those in
/// `keyOrder` first, in that order, then the rest alphabetically), two-space indentation,
/// and short flat objects or arrays on one line.
class JsonWriter
{
public:
    explicit JsonWriter(QStringList keyOrder);
    QByteArray write(const QJsonValue &value) const;

private:
    void writeValue(QByteArray &out, const QJsonValue &value, int indent) const;
    QStringList orderedKeys(const QJsonObject &object) const;
    bool fitsOnOneLine(const QJsonValue &value) const;
    static QByteArray scalar(const QJsonValue &value);

    QStringList m_keyOrder;
};
