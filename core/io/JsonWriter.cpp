#include "core/io/JsonWriter.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <limits>
#include <vector>

namespace {
constexpr int maxInlineWidth = 90;

char hexDigit(uint value)
{
    return char(value < 10 ? '0' + value : 'a' + value - 10);
}
} // namespace

JsonWriter::JsonWriter(QStringList keyOrder)
{
    // The first place of a key counts, as with QStringList::indexOf.
    for (qsizetype i = keyOrder.size() - 1; i >= 0; --i)
        m_keyRank.insert(keyOrder.at(i), i);
}

QByteArray JsonWriter::write(const QJsonValue &value) const
{
    QByteArray out;
    writeValue(out, value, 0);
    out += '\n';
    return out;
}

// Byte for byte what QJsonDocument writes for a string (files must not change when saved
// again), without building a document per value, which made saving 1,000 modules slow.
void JsonWriter::appendString(QByteArray &out, QStringView text)
{
    // Room for the worst case (\u0000 for every unit), written through a pointer, then cut.
    const qsizetype start = out.size();
    out.resize(start + 2 + text.size() * 6);
    char *cursor = out.data() + start;
    *cursor++ = '"';
    const char16_t *src = text.utf16();
    const char16_t *const end = src + text.size();
    while (src != end) {
        const char16_t u = *src++;
        if (u < 0x80) {
            if (u >= 0x20 && u != '"' && u != '\\') {
                *cursor++ = char(u);
                continue;
            }
            *cursor++ = '\\';
            switch (u) {
            case '"':
                *cursor++ = '"';
                break;
            case '\\':
                *cursor++ = '\\';
                break;
            case 0x8:
                *cursor++ = 'b';
                break;
            case 0xc:
                *cursor++ = 'f';
                break;
            case 0xa:
                *cursor++ = 'n';
                break;
            case 0xd:
                *cursor++ = 'r';
                break;
            case 0x9:
                *cursor++ = 't';
                break;
            default:
                *cursor++ = 'u';
                *cursor++ = '0';
                *cursor++ = '0';
                *cursor++ = hexDigit(u >> 4);
                *cursor++ = hexDigit(u & 0xf);
            }
        } else if (u < 0x800) {
            *cursor++ = char(0xc0 | (u >> 6));
            *cursor++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t c = QChar::surrogateToUcs4(u, *src++);
            *cursor++ = char(0xf0 | (c >> 18));
            *cursor++ = char(0x80 | ((c >> 12) & 0x3f));
            *cursor++ = char(0x80 | ((c >> 6) & 0x3f));
            *cursor++ = char(0x80 | (c & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            // A lone surrogate is not valid UTF-16: Qt writes it as an escape sequence.
            *cursor++ = '\\';
            *cursor++ = 'u';
            *cursor++ = hexDigit((u >> 12) & 0xf);
            *cursor++ = hexDigit((u >> 8) & 0xf);
            *cursor++ = hexDigit((u >> 4) & 0xf);
            *cursor++ = hexDigit(u & 0xf);
        } else {
            *cursor++ = char(0xe0 | (u >> 12));
            *cursor++ = char(0x80 | ((u >> 6) & 0x3f));
            *cursor++ = char(0x80 | (u & 0x3f));
        }
    }
    *cursor++ = '"';
    out.truncate(cursor - out.constData());
}

void JsonWriter::appendScalar(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        // As QJsonDocument: whole numbers stored as integers keep every digit; doubles are
        // written in the shortest form that reads back the same; NaN and infinity as null.
        const QCborValue number = QCborValue::fromJsonValue(value);
        if (number.isInteger()) {
            out += QByteArray::number(number.toInteger());
        } else {
            const double d = number.toDouble();
            out += qIsFinite(d) ? QByteArray::number(d, 'g', QLocale::FloatingPointShortest)
                                : QByteArray("null");
        }
        break;
    }
    default:
        out += "null";
    }
}

QList<QPair<QString, QJsonValue>> JsonWriter::orderedMembers(const QJsonObject &object) const
{
    struct Member
    {
        qsizetype rank;
        QString key;
        QJsonValue value;
    };
    std::vector<Member> members;
    members.reserve(size_t(object.size()));
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        members.push_back(
            {m_keyRank.value(key, std::numeric_limits<qsizetype>::max()), key, it.value()});
    }
    // Keys are unique, so a plain sort is stable enough.
    std::sort(members.begin(), members.end(), [](const Member &a, const Member &b) {
        return a.rank != b.rank ? a.rank < b.rank : a.key < b.key;
    });
    QList<QPair<QString, QJsonValue>> ordered;
    ordered.reserve(qsizetype(members.size()));
    for (Member &member : members)
        ordered.append({std::move(member.key), std::move(member.value)});
    return ordered;
}

bool JsonWriter::fitsOnOneLine(const QJsonValue &value) const
{
    // Flat containers only: anything holding a container is spread over lines. The width
    // is that of the compact form ({"a":1,"b":2}), counted without building it twice.
    qsizetype width = 2; // the brackets
    QByteArray scratch;
    const auto add = [&](const QJsonValue &item) {
        scratch.clear();
        appendScalar(scratch, item);
        width += scratch.size();
    };
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it->isObject() || it->isArray())
                return false;
            scratch.clear();
            appendString(scratch, it.key());
            width += scratch.size() + 1; // the colon
            add(it.value());
        }
        width += std::max<qsizetype>(0, object.size() - 1); // the commas
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (item.isObject() || item.isArray())
                return false;
            add(item);
        }
        width += std::max<qsizetype>(0, array.size() - 1);
    }
    return width <= maxInlineWidth;
}

void JsonWriter::writeValue(QByteArray &out, const QJsonValue &value, int indent) const
{
    const auto pad = [&out](int level) { out.append(level * 2, ' '); };
    const bool inlineForm = (value.isObject() || value.isArray()) && fitsOnOneLine(value);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out += "{}";
            return;
        }
        out += inlineForm ? "{" : "{\n";
        const QList<QPair<QString, QJsonValue>> members = orderedMembers(object);
        for (qsizetype i = 0; i < members.size(); ++i) {
            if (!inlineForm)
                pad(indent + 1);
            appendString(out, members.at(i).first);
            out += ": ";
            writeValue(out, members.at(i).second, indent + 1);
            if (i + 1 < members.size())
                out += inlineForm ? ", " : ",\n";
        }
        if (!inlineForm) {
            out += '\n';
            pad(indent);
        }
        out += '}';
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out += "[]";
            return;
        }
        out += inlineForm ? "[" : "[\n";
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!inlineForm)
                pad(indent + 1);
            writeValue(out, array.at(i), indent + 1);
            if (i + 1 < array.size())
                out += inlineForm ? ", " : ",\n";
        }
        if (!inlineForm) {
            out += '\n';
            pad(indent);
        }
        out += ']';
    } else {
        appendScalar(out, value);
    }
}
