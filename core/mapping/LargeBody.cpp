#include "core/mapping/LargeBody.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// The characters of numbers, true, false and null.
bool inScalar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+'
        || c == '-' || c == '.';
}

/// Checks a document without building it (nlohmann's SAX parser, memory bounded by the
/// nesting), with QJsonDocument's own limits: nesting up to LargeBody::MaxDepth, finite numbers.
class Checker final : public nlohmann::json_sax<nlohmann::json>
{
public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t value, const string_t &text) override
    {
        if (!std::isfinite(value))
            return false; // 1e400: QJsonDocument refuses it
        // 5e-844 reads as 0, which QJsonDocument refuses too.
        const std::string mantissa = text.substr(0, text.find_first_of("eE"));
        return value != 0 || mantissa.find_first_of("123456789") == std::string::npos;
    }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return enter(); }
    bool key(string_t &) override { return true; }
    bool end_object() override { return leave(); }
    bool start_array(std::size_t) override { return enter(); }
    bool end_array() override { return leave(); }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override
    {
        return false; // QJsonDocument has the last word, and the words (see fromJson)
    }

private:
    bool enter() { return ++m_depth <= LargeBody::MaxDepth; }
    bool leave()
    {
        --m_depth;
        return true;
    }
    int m_depth = 0;
};

} // namespace

namespace {

/// QJsonDocument's verdict (a scalar is read inside a list of one): empty when it accepts,
/// else what is wrong, and where in `bytes`.
QString qtRefusal(const QByteArray &bytes, qsizetype *offset)
{
    qsizetype first = 0;
    while (first < bytes.size() && isSpace(bytes.at(first)))
        ++first;
    if (first == bytes.size()) {
        *offset = 0;
        return QCoreApplication::translate("LargeBody", "the body is only spaces");
    }
    const bool wrapped = bytes.at(first) != '{' && bytes.at(first) != '[';
    QJsonParseError parseError;
    const QJsonDocument document
        = QJsonDocument::fromJson(wrapped ? '[' + bytes + ']' : bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *offset
            = qBound(qsizetype(0), qsizetype(parseError.offset) - (wrapped ? 1 : 0), bytes.size());
        return parseError.errorString();
    }
    if (wrapped && document.array().size() != 1) {
        // "1, 2" reads as two items once wrapped; on its own it is not one JSON value.
        *offset = bytes.indexOf(',', first);
        return QCoreApplication::translate("LargeBody", "garbage at the end of the document");
    }
    return QString();
}

} // namespace

std::shared_ptr<const LargeBody> LargeBody::fromJson(const QByteArray &bytes, QString *error,
    qsizetype *errorOffset, qsizetype partBytes, qsizetype indexedBytes, qint64 stride)
{
    Checker checker;
    bool ok = false;
    try {
        ok = nlohmann::json::sax_parse(bytes.constData(), bytes.constData() + bytes.size(),
            &checker, nlohmann::json::input_format_t::json, true);
    } catch (const std::exception &) {
        ok = false;
    }
    std::shared_ptr<LargeBody> body(new LargeBody);
    body->m_bytes = bytes;
    body->m_partBytes = partBytes;
    body->m_indexedBytes = qMax<qsizetype>(1, indexedBytes);
    body->m_stride = qMax<qint64>(1, stride);
    qsizetype begin = 0;
    while (begin < bytes.size() && isSpace(bytes.at(begin)))
        ++begin;
    const qsizetype end = body->valueEnd(begin);
    if (ok) {
        // nlohmann's parser takes a NUL byte for the end of the input: nothing may follow.
        for (qsizetype i = end; i < bytes.size() && ok; ++i)
            ok = isSpace(bytes.at(i));
    }
    if (!ok) {
        // Refused by the strict check: QJsonDocument decides (this builds its tree once, for
        // the rare body that needs it) and, when it refuses too, says why in its words.
        qsizetype at = 0;
        const QString refusal = qtRefusal(bytes, &at);
        if (!refusal.isEmpty()) {
            if (error)
                *error = refusal;
            if (errorOffset)
                *errorOffset = at;
            return nullptr;
        }
    }
    body->m_root = {begin, end};
    body->buildIndex();
    body->indexKeys();
    return body;
}

std::shared_ptr<const LargeBody> LargeBody::fromText(
    const QByteArray &bytes, const QByteArray &charset)
{
    std::shared_ptr<LargeBody> body(new LargeBody);
    body->m_kind = Kind::Text;
    body->m_bytes = bytes;
    body->m_charset = charset;
    body->m_root = {0, bytes.size()};
    return body;
}

void LargeBody::buildIndex()
{
    struct Open
    {
        qsizetype begin = 0;
        qint64 count = 0;
        bool awaiting = true; ///< the next value or key starts a member
        QList<qsizetype> marks;
    };
    std::vector<Open> stack;
    stack.reserve(64);
    const char *data = m_bytes.constData();
    const qsizetype end = m_root.end;
    const qint64 stride = m_stride;
    const auto memberStarts = [&stack, stride](qsizetype pos) {
        if (stack.empty() || !stack.back().awaiting)
            return;
        Open &top = stack.back();
        top.awaiting = false;
        if (top.count > 0 && top.count % stride == 0)
            top.marks.append(pos);
        ++top.count;
    };
    for (qsizetype pos = m_root.begin; pos < end;) {
        switch (data[pos]) {
        case '"':
            memberStarts(pos);
            pos = stringEnd(pos);
            break;
        case '{':
        case '[':
            memberStarts(pos);
            stack.push_back(Open {pos, 0, true, {}});
            ++pos;
            break;
        case '}':
        case ']':
            if (!stack.empty()) {
                Open &top = stack.back();
                if (pos + 1 - top.begin >= m_indexedBytes)
                    m_indexed.insert(top.begin, Indexed {pos + 1, top.count, std::move(top.marks)});
                stack.pop_back();
            }
            ++pos;
            break;
        case ',':
            if (!stack.empty())
                stack.back().awaiting = true;
            ++pos;
            break;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
        case ':':
            ++pos;
            break;
        default:
            memberStarts(pos);
            while (pos < end && inScalar(data[pos]))
                ++pos;
            break;
        }
    }
}

void LargeBody::indexKeys()
{
    for (auto it = m_indexed.begin(); it != m_indexed.end(); ++it) {
        if (it->count < m_stride || m_bytes.at(it.key()) != '{')
            continue;
        std::vector<std::pair<size_t, qsizetype>> keys;
        keys.reserve(size_t(it->count));
        forEachChild({it.key(), it->end}, 0, [&](qint64, Range key, Range) {
            keys.emplace_back(qHash(keyAt(key.begin, key.end)), key.begin);
            return true;
        });
        std::sort(keys.begin(), keys.end()); // by hash, then in the order of the answer
        it->keys = std::move(keys);
    }
}

LargeBody::Range LargeBody::memberValue(qsizetype quote) const
{
    const qsizetype begin = skipSpace(skipSpace(stringEnd(quote)) + 1); // past the colon
    return {begin, valueEnd(begin)};
}

qsizetype LargeBody::skipSpace(qsizetype pos) const
{
    const qsizetype size = m_bytes.size();
    while (pos < size && isSpace(m_bytes.at(pos)))
        ++pos;
    return pos;
}

qsizetype LargeBody::stringEnd(qsizetype quote) const
{
    const char *data = m_bytes.constData();
    const qsizetype size = m_bytes.size();
    qsizetype pos = quote + 1;
    while (pos < size) {
        const void *hit = std::memchr(data + pos, '"', size_t(size - pos));
        if (!hit)
            return size;
        const qsizetype q = static_cast<const char *>(hit) - data;
        qsizetype backslashes = 0;
        while (q - 1 - backslashes > quote && data[q - 1 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return q + 1;
        pos = q + 1;
    }
    return size;
}

qsizetype LargeBody::valueEnd(qsizetype begin) const
{
    const char *data = m_bytes.constData();
    const qsizetype size = m_bytes.size();
    if (begin >= size)
        return size;
    const char first = data[begin];
    if (first == '"')
        return stringEnd(begin);
    if (first != '{' && first != '[') {
        qsizetype pos = begin;
        while (pos < size && inScalar(data[pos]))
            ++pos;
        return pos;
    }
    int depth = 0;
    qsizetype pos = begin;
    while (pos < size) {
        const char c = data[pos];
        if (c == '"') {
            pos = stringEnd(pos);
        } else if (c == '{' || c == '[') {
            const auto indexed = m_indexed.constFind(pos);
            if (indexed != m_indexed.constEnd()) {
                pos = indexed->end; // skips a large member without reading it
                if (depth == 0)
                    return pos;
            } else {
                ++depth;
                ++pos;
            }
        } else if (c == '}' || c == ']') {
            ++pos;
            if (--depth == 0)
                return pos;
        } else {
            ++pos;
        }
    }
    return size;
}

QString LargeBody::keyAt(qsizetype quote, qsizetype end) const
{
    const char *data = m_bytes.constData();
    const qsizetype length = end - quote - 2;
    if (length < 0)
        return QString();
    if (!std::memchr(data + quote + 1, '\\', size_t(length)))
        return QString::fromUtf8(data + quote + 1, length);
    // Escapes (\u00e9, \n...): let QJsonDocument read them.
    const QByteArray wrapped = '[' + QByteArray(data + quote, end - quote) + ']';
    return QJsonDocument::fromJson(wrapped).array().at(0).toString();
}

template <typename Visit> void LargeBody::forEachChild(Range range, qint64 first, Visit visit) const
{
    if (m_kind != Kind::Json || range.size() < 2)
        return;
    const char *data = m_bytes.constData();
    const bool object = data[range.begin] == '{';
    if (!object && data[range.begin] != '[')
        return;
    qint64 position = 0;
    qsizetype pos = range.begin + 1;
    if (first >= m_stride) {
        const auto indexed = m_indexed.constFind(range.begin);
        if (indexed != m_indexed.constEnd() && !indexed->marks.isEmpty()) {
            const qint64 k = qMin<qint64>(first / m_stride, indexed->marks.size());
            pos = indexed->marks.at(k - 1);
            position = k * m_stride;
        }
    }
    pos = skipSpace(pos);
    if (pos >= range.end - 1)
        return; // [] or {}
    while (pos < range.end) {
        Range key;
        if (object) {
            key = {pos, stringEnd(pos)};
            pos = skipSpace(skipSpace(key.end) + 1); // past the colon
        }
        const Range value {pos, valueEnd(pos)};
        if (position >= first && !visit(position, key, value))
            return;
        ++position;
        pos = skipSpace(value.end);
        if (pos >= range.end || data[pos] != ',')
            return;
        pos = skipSpace(pos + 1);
    }
}

QJsonValue::Type LargeBody::typeAt(Range range) const
{
    if (m_kind == Kind::Text)
        return QJsonValue::String;
    if (range.size() <= 0)
        return QJsonValue::Undefined;
    switch (m_bytes.at(range.begin)) {
    case '{':
        return QJsonValue::Object;
    case '[':
        return QJsonValue::Array;
    case '"':
        return QJsonValue::String;
    case 't':
    case 'f':
        return QJsonValue::Bool;
    case 'n':
        return QJsonValue::Null;
    default:
        return QJsonValue::Double;
    }
}

qint64 LargeBody::childCount(Range range) const
{
    const auto indexed = m_indexed.constFind(range.begin);
    if (indexed != m_indexed.constEnd())
        return indexed->count;
    qint64 count = 0;
    forEachChild(range, 0, [&count](qint64, Range, Range) {
        ++count;
        return true;
    });
    return count;
}

QList<LargeBody::Child> LargeBody::children(Range range, qint64 first, qint64 count) const
{
    QList<Child> out;
    if (count <= 0 || first < 0)
        return out;
    forEachChild(range, first, [&](qint64, Range key, Range value) {
        out.append(Child {key.size() > 0 ? keyAt(key.begin, key.end) : QString(), value});
        return out.size() < count;
    });
    return out;
}

std::optional<LargeBody::Range> LargeBody::member(Range range, const QString &key) const
{
    if (typeAt(range) != QJsonValue::Object)
        return std::nullopt;
    const auto indexed = m_indexed.constFind(range.begin);
    if (indexed != m_indexed.constEnd() && !indexed->keys.empty()) {
        const size_t hash = qHash(key);
        const auto [first, last] = std::equal_range(
            indexed->keys.begin(), indexed->keys.end(), hash, [](const auto &a, const auto &b) {
                if constexpr (std::is_same_v<std::decay_t<decltype(a)>, size_t>)
                    return a < b.first;
                else
                    return a.first < b;
            });
        // The last one in the answer wins, as in QJsonDocument.
        for (auto it = last; it != first;) {
            --it;
            if (keyAt(it->second, stringEnd(it->second)) == key)
                return memberValue(it->second);
        }
        return std::nullopt;
    }
    const QByteArray wanted = key.toUtf8();
    const char *data = m_bytes.constData();
    std::optional<Range> found;
    forEachChild(range, 0, [&](qint64, Range keyRange, Range value) {
        const qsizetype length = keyRange.size() - 2;
        const char *raw = data + keyRange.begin + 1;
        const bool escaped = std::memchr(raw, '\\', size_t(qMax<qsizetype>(0, length)));
        if (escaped ? keyAt(keyRange.begin, keyRange.end) == key
                    : (length == wanted.size()
                        && std::memcmp(raw, wanted.constData(), size_t(length)) == 0)) {
            found = value; // the last one wins, as in QJsonDocument
        }
        return true;
    });
    return found;
}

std::optional<LargeBody::Range> LargeBody::item(Range range, qint64 position) const
{
    if (position < 0 || typeAt(range) != QJsonValue::Array)
        return std::nullopt;
    std::optional<Range> found;
    forEachChild(range, position, [&found](qint64, Range, Range value) {
        found = value;
        return false;
    });
    return found;
}

QStringList LargeBody::keys(Range range, qint64 max) const
{
    QStringList out;
    if (typeAt(range) != QJsonValue::Object)
        return out;
    for (const Child &child : children(range, 0, max))
        out.append(child.key);
    return out;
}

QJsonValue LargeBody::value(Range range) const
{
    if (range.size() <= 0 || range.begin < 0 || range.end > m_bytes.size())
        return QJsonValue(QJsonValue::Null);
    if (m_kind == Kind::Text) {
        std::optional<QStringConverter::Encoding> encoding;
        if (!m_charset.isEmpty())
            encoding = QStringConverter::encodingForName(m_charset.constData());
        QStringDecoder decoder(encoding.value_or(QStringConverter::Utf8));
        return QJsonValue(QString(
            decoder.decode(QByteArrayView(m_bytes.constData() + range.begin, range.size()))));
    }
    const QByteArray part
        = QByteArray::fromRawData(m_bytes.constData() + range.begin, range.size());
    const char first = part.at(0);
    if (first == '{' || first == '[') {
        const QJsonDocument document = QJsonDocument::fromJson(part);
        if (document.isArray())
            return document.array();
        if (document.isObject())
            return document.object();
        return QJsonValue(QJsonValue::Null);
    }
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + part + ']');
    return wrapped.array().isEmpty() ? QJsonValue(QJsonValue::Null) : wrapped.array().at(0);
}

QString LargeBody::preview(Range range, int maxChars) const
{
    const qsizetype bytes = qMin<qsizetype>(range.size(), qsizetype(maxChars) * 4);
    QString text;
    const QByteArrayView head(m_bytes.constData() + range.begin, qMax<qsizetype>(0, bytes));
    if (m_kind == Kind::Text) {
        std::optional<QStringConverter::Encoding> encoding;
        if (!m_charset.isEmpty())
            encoding = QStringConverter::encodingForName(m_charset.constData());
        QStringDecoder decoder(encoding.value_or(QStringConverter::Utf8));
        text = decoder.decode(head);
    } else if (typeAt(range) == QJsonValue::String) {
        // The text of a JSON string, escapes read: its first bytes closed with a quote, cut
        // before an escape the cut may have split (\u00e9 is six bytes).
        if (bytes >= range.size()) {
            text = value(range).toString();
            if (text.size() > maxChars)
                text = text.left(maxChars) + QChar(0x2026);
            return text;
        }
        QByteArray part(m_bytes.constData() + range.begin, bytes);
        // Not inside a character: drop the bytes of one the cut split.
        qsizetype keep = part.size();
        while (keep > 1 && (uchar(part.at(keep - 1)) & 0xC0) == 0x80)
            --keep;
        if (keep > 1 && uchar(part.at(keep - 1)) >= 0xC0)
            --keep;
        else if (keep < part.size())
            keep = part.size(); // a run of stray continuation bytes: leave them to the reader
        part.truncate(keep);
        const qsizetype slash = part.lastIndexOf('\\', -1);
        if (slash >= 0 && slash >= part.size() - 6)
            part.truncate(slash);
        // A backslash just before the cut would escape the closing quote.
        while (part.endsWith('\\'))
            part.chop(1);
        part += '"';
        text = QJsonDocument::fromJson('[' + part + ']').array().at(0).toString();
    } else {
        text = QString::fromUtf8(head);
    }
    if (text.size() > maxChars || bytes < range.size()) {
        text.truncate(maxChars);
        text += QChar(0x2026);
    }
    return text;
}

QJsonValue LargeBody::sample(int maxItems, int maxMembers, int maxDepth) const
{
    if (m_kind == Kind::Text)
        return preview(m_root, 200);
    return sampleAt(m_root, maxItems, maxMembers, maxDepth);
}

QJsonValue LargeBody::sampleAt(Range range, int maxItems, int maxMembers, int depth) const
{
    switch (typeAt(range)) {
    case QJsonValue::Object: {
        QJsonObject object;
        if (depth > 0) {
            for (const Child &child : children(range, 0, maxMembers))
                object.insert(child.key, sampleAt(child.range, maxItems, maxMembers, depth - 1));
        }
        return object;
    }
    case QJsonValue::Array: {
        QJsonArray array;
        if (depth > 0) {
            for (const Child &child : children(range, 0, maxItems))
                array.append(sampleAt(child.range, maxItems, maxMembers, depth - 1));
        }
        return array;
    }
    case QJsonValue::String:
        if (range.size() > 4096)
            return preview(range, 200); // only what a row can show; the text stays in the body
        return value(range);
    default:
        return value(range);
    }
}

QByteArray LargeBody::jsonText() const
{
    if (m_kind == Kind::Json)
        return m_bytes.mid(m_root.begin, m_root.size());
    const QByteArray array = QJsonDocument(QJsonArray {value()}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QString LargeBody::marker(int n)
{
    return QStringLiteral("\u0001scenarist-large-body-%1\u0001").arg(n);
}

QByteArray LargeBody::splice(const QByteArray &document, const QString &marker) const
{
    QByteArray quoted = QJsonDocument(QJsonArray {marker}).toJson(QJsonDocument::Compact);
    quoted = quoted.mid(1, quoted.size() - 2);
    const qsizetype at = document.indexOf(quoted);
    if (at < 0)
        return document;
    const QByteArray text = jsonText();
    QByteArray out;
    out.reserve(document.size() - quoted.size() + text.size());
    out.append(document.constData(), at);
    out.append(text);
    out.append(document.constData() + at + quoted.size(), document.size() - at - quoted.size());
    return out;
}
