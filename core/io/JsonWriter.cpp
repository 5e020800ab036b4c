#include "io/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {
constexpr int maxInlineWidth = 90;
}

JsonWriter::JsonWriter(QStringList keyOrder)
    : m_keyOrder(std::move(keyOrder))
{
}

QByteArray JsonWriter::write(const QJsonValue &value) const
{
    QByteArray out;
    writeValue(out, value, 0);
    out += '\n';
    return out;
}

QByteArray JsonWriter::scalar(const QJsonValue &value)
{
    // QJsonDocument only serializes containers: wrap the scalar and strip the brackets, so
    // that string escaping and number formatting are Qt's.
    QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2);
}

QStringList JsonWriter::orderedKeys(const QJsonObject &object) const
{
    QStringList keys = object.keys();
    std::stable_sort(keys.begin(), keys.end(), [this](const QString &a, const QString &b) {
        const qsizetype ia = m_keyOrder.indexOf(a);
        const qsizetype ib = m_keyOrder.indexOf(b);
        if (ia >= 0 && ib >= 0)
            return ia < ib;
        if (ia >= 0 || ib >= 0)
            return ia >= 0;
        return a < b;
    });
    return keys;
}

bool JsonWriter::fitsOnOneLine(const QJsonValue &value) const
{
    // Flat containers only: anything holding a container is spread over lines.
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it->isObject() || it->isArray())
                return false;
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (item.isObject() || item.isArray())
                return false;
        }
    }
    const QByteArray compact = value.isObject()
        ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
        : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    return compact.size() <= maxInlineWidth;
}

void JsonWriter::writeValue(QByteArray &out, const QJsonValue &value, int indent) const
{
    const QByteArray pad(indent * 2, ' ');
    const QByteArray innerPad((indent + 1) * 2, ' ');
    const bool inlineForm = (value.isObject() || value.isArray()) && fitsOnOneLine(value);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out += "{}";
            return;
        }
        out += inlineForm ? "{" : "{\n";
        const QStringList keys = orderedKeys(object);
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (!inlineForm)
                out += innerPad;
            out += scalar(QJsonValue(keys[i]));
            out += ": ";
            writeValue(out, object.value(keys[i]), indent + 1);
            if (i + 1 < keys.size())
                out += inlineForm ? ", " : ",\n";
        }
        if (inlineForm)
            out += "}";
        else
            out += "\n" + pad + "}";
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out += "[]";
            return;
        }
        out += inlineForm ? "[" : "[\n";
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!inlineForm)
                out += innerPad;
            writeValue(out, array.at(i), indent + 1);
            if (i + 1 < array.size())
                out += inlineForm ? ", " : ",\n";
        }
        if (inlineForm)
            out += "]";
        else
            out += "\n" + pad + "]";
    } else {
        out += scalar(value);
    }
}
