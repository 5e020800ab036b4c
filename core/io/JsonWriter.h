#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
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
    /// The object's members in the written order.
    QList<QPair<QString, QJsonValue>> orderedMembers(const QJsonObject &object) const;
    bool fitsOnOneLine(const QJsonValue &value) const;
    static void appendScalar(QByteArray &out, const QJsonValue &value);
    static void appendString(QByteArray &out, QStringView text);

    QHash<QString, qsizetype> m_keyRank; ///< position in keyOrder
};
