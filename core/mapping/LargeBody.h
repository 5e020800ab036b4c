#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

/// A response body too large to turn into QJsonValues when it arrives: a JSON tree costs about
/// ten times its text, so a 100 MB answer would take a gigabyte. It is kept as the bytes
/// received (shared with the exchange, not copied), checked once, and read part by part when a
/// mapping or the inspector asks for a part: {{1.data.items[5].name}} parses only that name.
///
/// Immutable once made, so one instance is shared between threads.
class LargeBody
{
public:
    /// Bodies from this size on are kept this way; smaller ones become QJsonValues at once.
    static constexpr qsizetype DefaultThreshold = 16 * 1024 * 1024;
    /// The deepest nesting accepted, as QJsonDocument (deeper fails as "too deeply nested").
    static constexpr int MaxDepth = 1024;

    enum class Kind { Json, Text };

    /// Where one JSON value lies in bytes(): [begin, end).
    struct Range
    {
        qsizetype begin = 0;
        qsizetype end = 0;
        qsizetype size() const { return end - begin; }
        bool operator==(const Range &o) const { return begin == o.begin && end == o.end; }
    };
    /// A member of an object (with its key) or an item of a list (key empty).
    struct Child
    {
        QString key;
        Range range;
    };

    /// Checks that `bytes` hold exactly one JSON value and indexes its large lists and
    /// objects. Slow for large bodies (about 1 s per 100 MB): call it off the UI thread.
    /// What QJsonDocument accepts is accepted, no more: nlohmann's parser checks first,
    /// without building anything; what it refuses (it is stricter about control characters
    /// in strings, unknown escapes, lone surrogates, ".5") goes to QJsonDocument, whose words
    /// and position say what is wrong. On failure returns nullptr and sets `error` and
    /// `errorOffset` (the byte where it was found).
    /// `partBytes` is partBytes(); tests and the fuzzer also lower `indexedBytes` (lists and
    /// objects from this size on are indexed) and `stride` (every stride-th member marked).
    static std::shared_ptr<const LargeBody> fromJson(const QByteArray &bytes,
        QString *error = nullptr, qsizetype *errorOffset = nullptr,
        qsizetype partBytes = DefaultPartBytes, qsizetype indexedBytes = DefaultIndexedBytes,
        qint64 stride = DefaultStride);
    /// Text kept as bytes, in the encoding `charset` names (UTF-8 when empty or unknown).
    static std::shared_ptr<const LargeBody> fromText(
        const QByteArray &bytes, const QByteArray &charset = {});

    /// Parts (lists, objects) smaller than this are simply read into QJsonValues when
    /// reached; larger ones are walked in the bytes.
    static constexpr qsizetype DefaultPartBytes = 1024 * 1024;
    /// Lists and objects from this size on are indexed (end, count, every DefaultStride-th
    /// member; for objects of that many members, their keys).
    static constexpr qsizetype DefaultIndexedBytes = 64 * 1024;
    static constexpr qint64 DefaultStride = 256;
    qsizetype partBytes() const { return m_partBytes; }

    Kind kind() const { return m_kind; }
    const QByteArray &bytes() const { return m_bytes; }
    /// The whole value (the whole text for Kind::Text).
    Range root() const { return m_root; }

    /// Object, Array, String, Double, Bool or Null (String for the whole of a text body).
    QJsonValue::Type typeAt(Range range) const;
    /// How many members or items the object or list at `range` has (0 for scalars).
    qint64 childCount(Range range) const;
    /// Up to `count` members or items of the container at `range`, from the `first` (0-based).
    QList<Child> children(Range range, qint64 first, qint64 count) const;
    /// The member of the object at `range` named `key` (the last one when a key repeats, as
    /// QJsonDocument keeps it).
    std::optional<Range> member(Range range, const QString &key) const;
    /// Item `position` (0-based) of the list at `range`.
    std::optional<Range> item(Range range, qint64 position) const;
    /// The names of the first `max` members of the object at `range`.
    QStringList keys(Range range, qint64 max) const;

    /// The value at `range` as QJsonValues (all of it: a large part costs what it costs).
    QJsonValue value(Range range) const;
    /// The whole body: the JSON value, or the decoded text.
    QJsonValue value() const { return value(m_root); }
    /// The first `maxChars` characters of the value's JSON text (of the text, for text), for
    /// one-line summaries.
    QString preview(Range range, int maxChars) const;
    /// The same shape with lists cut to their first `maxItems` items, objects to their first
    /// `maxMembers` members and nesting to `maxDepth` levels: enough for picking fields in the
    /// mapping panel, without building the whole tree.
    QJsonValue sample(int maxItems, int maxMembers, int maxDepth) const;

    /// The body as the text of a JSON value: its own bytes for JSON, a quoted string for text.
    QByteArray jsonText() const;
    /// A string to put in a QJsonObject where this body goes, unique to `n`; once the object is
    /// written out, splice() puts the body there without building it as QJsonValues.
    static QString marker(int n);
    /// `document` with the JSON string `marker` replaced by jsonText().
    QByteArray splice(const QByteArray &document, const QString &marker) const;

private:
    /// A list or object of indexedBytes or more, found when the body was checked: its end,
    /// member count and where every stride-th member starts, so that neither skipping it nor
    /// reaching item 500,000 means reading it all.
    struct Indexed
    {
        qsizetype end = 0;
        qint64 count = 0;
        QList<qsizetype> marks; ///< marks[k] is where member (k + 1) * stride starts
        /// For an object of stride members or more (one keyed by id, say): the hash of each
        /// key and where its member starts, sorted, so that a key is found without reading
        /// the object.
        std::vector<std::pair<size_t, qsizetype>> keys;
    };
    LargeBody() = default;
    void buildIndex();
    void indexKeys();
    /// The value of the member whose key starts at `quote`.
    Range memberValue(qsizetype quote) const;
    qsizetype skipSpace(qsizetype pos) const;
    qsizetype stringEnd(qsizetype quote) const;
    qsizetype valueEnd(qsizetype begin) const;
    QString keyAt(qsizetype quote, qsizetype end) const;
    /// Calls `visit(position, key range, value range)` for members from `first`; stops when it
    /// returns false.
    template <typename Visit> void forEachChild(Range range, qint64 first, Visit visit) const;
    QJsonValue sampleAt(Range range, int maxItems, int maxMembers, int depth) const;

    Kind m_kind = Kind::Json;
    QByteArray m_bytes;
    QByteArray m_charset;
    Range m_root;
    qsizetype m_partBytes = DefaultPartBytes;
    qsizetype m_indexedBytes = DefaultIndexedBytes;
    qint64 m_stride = DefaultStride;
    QHash<qsizetype, Indexed> m_indexed; ///< by the container's first byte
};

using LargeBodyPtr = std::shared_ptr<const LargeBody>;
