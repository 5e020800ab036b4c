#include "ui/inspector/JsonTreeModel.h"

#include "core/mapping/MappingPathText.h"
#include "ui/inspector/BackgroundJob.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPalette>
#include <QRegularExpression>
#include <QSet>
#include <QThreadPool>

#include <algorithm>
#include <limits>

struct JsonTreeModel::Node
{
    Node *parent = nullptr;
    int row = 0;
    QString name; ///< shown in the Name column
    QString segment; ///< this row's part of the mapping path: "items", "[1]", "`content-type`"
    QJsonValue value;
    /// A large part of a LargeBody, read from its bytes: `value` is unused then.
    bool lazy = false;
    LargeBody::Range range;
    qint64 lazyCount = -1; ///< members or items of a lazy container, once counted
    /// A lazy object's members as QJsonObject lists them (by key, a repeated key once, with
    /// its last value), so that a large answer shows like a small one.
    std::unique_ptr<std::vector<LargeBody::Child>> members;
    std::vector<std::unique_ptr<Node>> children;
    /// Lower-case names already given to earlier rows of a {name, value} list: a later pair
    /// with the same name cannot be reached by name, so it gets a positional path.
    std::unique_ptr<QSet<QString>> takenNames;
};

namespace {

constexpr int kSummaryLength = 300;
/// Objects of a large body with up to this many members list them by key, as QJsonObject
/// does; reading and sorting more would hold the window up.
constexpr qint64 MaxSortedMembers = 10000;

QString quotedKey(const QString &key)
{
    return MappingPathText::keySegment(key);
}

/// Make's rule (and the mapping language's): a list whose first element has "name" and "value"
/// is addressed by name. Only exact pairs are folded into one row, so nothing is hidden.
bool isNameValuePair(const QJsonValue &value)
{
    if (!value.isObject())
        return false;
    const QJsonObject object = value.toObject();
    return object.size() == 2 && object.value(QLatin1String("name")).isString()
        && object.contains(QLatin1String("value"));
}

bool isNameValueList(const QJsonValue &value)
{
    return value.isArray() && !value.toArray().isEmpty() && isNameValuePair(value.toArray().at(0));
}

/// The mapping path segment of a folded {name, value} row: its lower-case name, or its position
/// when an earlier row of the list already has that name.
QString pairSegment(QSet<QString> &takenNames, const QString &name, const QString &position)
{
    const QString lower = name.toLower();
    if (takenNames.contains(lower))
        return position + QStringLiteral(".value");
    takenNames.insert(lower);
    return quotedKey(lower);
}

QString oneLine(QString text)
{
    if (text.size() > kSummaryLength)
        text = text.left(kSummaryLength) + QChar(0x2026);
    text.replace(QLatin1Char('\n'), QChar(0x21B5)).replace(QLatin1Char('\r'), QString());
    return text;
}

QString numberText(const QJsonValue &value)
{
    // Whole numbers print without an exponent (ids, timestamps); others as short as exact.
    constexpr qint64 notWhole = std::numeric_limits<qint64>::min();
    const qint64 integer = value.toInteger(notWhole);
    if (integer != notWhole)
        return QString::number(integer);
    return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setJson(const QJsonValue &value, const QString &rootPath)
{
    ++m_generation; // a parse still running must not replace this
    m_loading = false;
    resetTo(value, rootPath);
}

void JsonTreeModel::setLargeBody(const LargeBodyPtr &body, const QString &rootPath)
{
    if (!body) {
        clear();
        return;
    }
    ++m_generation;
    m_loading = false;
    resetTo(QJsonValue(QJsonValue::Undefined), rootPath, body);
}

void JsonTreeModel::clear()
{
    setJson(QJsonValue(QJsonValue::Undefined));
}

void JsonTreeModel::setJsonBytes(const QByteArray &json, const QString &rootPath)
{
    resetTo(QJsonValue(QJsonValue::Undefined), rootPath);
    m_loading = true;
    const quint64 generation = ++m_generation;
    if (json.size() >= LargeBody::DefaultThreshold) {
        // As the engine does: no tree ten times the size of the text.
        BackgroundJob::start(
            this,
            [json]() -> QVariant {
                QString error;
                qsizetype at = 0;
                const LargeBodyPtr body = LargeBody::fromJson(json, &error, &at);
                if (!body) {
                    return QCoreApplication::translate(
                        "JsonTreeModel", "This is not valid JSON: %1 (at character %2).")
                        .arg(error)
                        .arg(at + 1);
                }
                return QVariant::fromValue(body);
            },
            [this, generation](const QVariant &result) {
                if (generation != m_generation)
                    return;
                m_loading = false;
                if (result.typeId() == QMetaType::QString) {
                    emit parseFailed(result.toString());
                    return;
                }
                resetTo(
                    QJsonValue(QJsonValue::Undefined), m_rootPath, result.value<LargeBodyPtr>());
                emit loaded();
            });
        return;
    }
    BackgroundJob::start(
        this,
        [json]() -> QVariant {
            // QJsonDocument wants an object or a list at the top; a lone scalar ("abc", 42)
            // is wrapped in a list and taken out again.
            const QByteArray trimmed = json.trimmed();
            const bool wrap = !trimmed.startsWith('{') && !trimmed.startsWith('[');
            QJsonParseError error;
            const QJsonDocument document
                = QJsonDocument::fromJson(wrap ? '[' + trimmed + ']' : trimmed, &error);
            if (error.error != QJsonParseError::NoError) {
                const qsizetype at = qMax(0, error.offset - (wrap ? 1 : 0));
                return QCoreApplication::translate(
                    "JsonTreeModel", "This is not valid JSON: %1 (at character %2).")
                    .arg(error.errorString())
                    .arg(at + 1);
            }
            if (wrap)
                return QVariant::fromValue(document.array().at(0));
            return QVariant::fromValue(
                document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
        },
        [this, generation](const QVariant &result) {
            if (result.typeId() == QMetaType::QString)
                onParsed(generation, {}, result.toString());
            else
                onParsed(generation, result.value<QJsonValue>(), {});
        });
}

void JsonTreeModel::onParsed(quint64 generation, const QJsonValue &value, const QString &error)
{
    if (generation != m_generation)
        return; // superseded by a later setJson or setJsonBytes
    m_loading = false;
    if (!error.isEmpty()) {
        emit parseFailed(error);
        return;
    }
    resetTo(value, m_rootPath);
    emit loaded();
}

void JsonTreeModel::resetTo(
    const QJsonValue &value, const QString &rootPath, const LargeBodyPtr &large)
{
    ++m_notifying;
    beginResetModel();
    std::unique_ptr<Node> oldRoot = std::move(m_root);
    QJsonValue oldValue = m_rootValue;
    m_root = std::make_unique<Node>();
    m_rootValue = value;
    m_large = large;
    m_rootPath = rootPath;
    m_createdNodes = 0;
    const QJsonValue::Type largeType = large ? large->typeAt(large->root()) : QJsonValue::Undefined;
    if (large && (largeType == QJsonValue::Object || largeType == QJsonValue::Array)) {
        m_root->lazy = true;
        m_root->range = large->root();
        if (largeType == QJsonValue::Array && isLargeNameValueList(m_root->range))
            m_root->takenNames = std::make_unique<QSet<QString>>();
    } else if (large) {
        // A text, or one long JSON text or number: one row, as for a scalar.
        auto node = std::make_unique<Node>();
        node->parent = m_root.get();
        node->name = rootPath.isEmpty() ? tr("value") : rootPath.section(QLatin1Char('.'), -1);
        node->lazy = true;
        node->range = large->root();
        m_root->children.push_back(std::move(node));
        ++m_createdNodes;
    } else if (value.isObject() || value.isArray()) {
        m_root->value = value;
        m_root->takenNames.reset(isNameValueList(value) ? new QSet<QString> : nullptr);
    } else if (!value.isUndefined()) {
        // A scalar root still deserves a row, so that a text body can be seen and copied.
        auto node = std::make_unique<Node>();
        node->parent = m_root.get();
        node->name = rootPath.isEmpty() ? tr("value") : rootPath.section(QLatin1Char('.'), -1);
        node->value = value;
        m_root->children.push_back(std::move(node));
        ++m_createdNodes;
    }
    appendChildren(m_root.get(), qMin(m_pageSize, childTotal(m_root.get())));
    endResetModel();
    --m_notifying;

    // Freeing a large tree (millions of allocations) would stall the window for a noticeable
    // moment; if this model held the last reference, let a worker thread do it.
    oldRoot.reset();
    if (oldValue.isObject() || oldValue.isArray()) {
        QThreadPool::globalInstance()->start(
            [old = std::move(oldValue)]() mutable { old = QJsonValue(); });
    }
}

JsonTreeModel::Node *JsonTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

int JsonTreeModel::childTotal(const Node *node) const
{
    if (node->lazy) {
        if (node->lazyCount < 0) {
            const qint64 raw = m_large->childCount(node->range); // at once when indexed
            const_cast<Node *>(node)->lazyCount
                = typeOf(node) == QJsonValue::Object && raw <= MaxSortedMembers
                ? qint64(membersOf(node).size())
                : raw;
        }
        return int(qMin<qint64>(node->lazyCount, std::numeric_limits<int>::max()));
    }
    if (node == m_root.get() && !(m_rootValue.isObject() || m_rootValue.isArray()))
        return int(node->children.size());
    if (node->value.isObject())
        return int(node->value.toObject().size());
    if (node->value.isArray())
        return int(node->value.toArray().size());
    return 0;
}

void JsonTreeModel::appendChildren(Node *node, int count)
{
    const int first = int(node->children.size());
    if (count <= 0 || first >= childTotal(node))
        return;
    node->children.reserve(first + count);
    if (node->lazy) {
        const bool object = typeOf(node) == QJsonValue::Object;
        // Objects by key, as QJsonObject shows them; one with more members than can be sorted
        // at once (an object keyed by id, say) in the order of the answer.
        const bool sorted = object && childTotal(node) <= MaxSortedMembers;
        const QList<LargeBody::Child> parts = sorted
            ? QList<LargeBody::Child>(membersOf(node).begin() + first,
                membersOf(node).begin() + qMin<qsizetype>(first + count, membersOf(node).size()))
            : m_large->children(node->range, first, count);
        int row = first;
        for (const LargeBody::Child &part : parts) {
            auto child = std::make_unique<Node>();
            child->parent = node;
            child->row = row;
            const QJsonValue::Type type = m_large->typeAt(part.range);
            const bool big = part.range.size() >= m_large->partBytes() && type != QJsonValue::Double
                && type != QJsonValue::Bool && type != QJsonValue::Null;
            if (big) {
                child->lazy = true;
                child->range = part.range;
            } else {
                child->value = m_large->value(part.range);
            }
            const QString position = QStringLiteral("[%1]").arg(row + 1);
            if (object) {
                child->name = part.key;
                child->segment = quotedKey(part.key);
            } else if (node->takenNames
                && (big ? isLargeNameValuePair(part.range) : isNameValuePair(child->value))) {
                if (big) {
                    const LargeBody::Range value
                        = *m_large->member(part.range, QStringLiteral("value"));
                    child->name
                        = m_large->value(*m_large->member(part.range, QStringLiteral("name")))
                              .toString();
                    child->range = value;
                    child->lazy = value.size() >= m_large->partBytes();
                    if (!child->lazy)
                        child->value = m_large->value(value);
                } else {
                    const QJsonObject pair = child->value.toObject();
                    child->name = pair.value(QLatin1String("name")).toString();
                    child->value = pair.value(QLatin1String("value"));
                }
                child->segment = pairSegment(*node->takenNames, child->name, position);
            } else {
                child->name = QString::number(row + 1);
                child->segment = position;
            }
            if (child->lazy && typeOf(child.get()) == QJsonValue::Array
                && isLargeNameValueList(child->range))
                child->takenNames = std::make_unique<QSet<QString>>();
            else if (!child->lazy && isNameValueList(child->value))
                child->takenNames = std::make_unique<QSet<QString>>();
            node->children.push_back(std::move(child));
            ++row;
        }
        m_createdNodes += row - first;
        return;
    }
    if (node->value.isObject()) {
        const QJsonObject object = node->value.toObject();
        auto it = object.constBegin() + first;
        for (int row = first; row < first + count; ++row, ++it) {
            auto child = std::make_unique<Node>();
            child->parent = node;
            child->row = row;
            child->name = it.key();
            child->segment = quotedKey(it.key());
            child->value = it.value();
            node->children.push_back(std::move(child));
        }
    } else {
        const QJsonArray array = node->value.toArray();
        for (int row = first; row < first + count; ++row) {
            auto child = std::make_unique<Node>();
            child->parent = node;
            child->row = row;
            const QJsonValue element = array.at(row);
            const QString position = QStringLiteral("[%1]").arg(row + 1);
            if (node->takenNames && isNameValuePair(element)) {
                const QJsonObject pair = element.toObject();
                child->name = pair.value(QLatin1String("name")).toString();
                child->value = pair.value(QLatin1String("value"));
                child->segment = pairSegment(*node->takenNames, child->name, position);
            } else {
                child->name = QString::number(row + 1);
                child->segment = position;
                child->value = element;
            }
            node->children.push_back(std::move(child));
        }
    }
    for (int row = first; row < first + count; ++row) {
        Node *child = node->children[row].get();
        if (isNameValueList(child->value))
            child->takenNames = std::make_unique<QSet<QString>>();
    }
    m_createdNodes += count;
}

QString JsonTreeModel::pathOf(const Node *node) const
{
    if (m_rootPath.isEmpty())
        return {};
    QStringList segments;
    for (const Node *n = node; n && n != m_root.get(); n = n->parent)
        segments.prepend(n->segment);
    QString path = m_rootPath;
    for (const QString &segment : segments) {
        if (segment.isEmpty())
            continue; // a scalar root's row is the root itself
        if (!segment.startsWith(QLatin1Char('[')) && !path.isEmpty())
            path += QLatin1Char('.');
        path += segment;
    }
    return path;
}

QString JsonTreeModel::appendKey(const QString &path, const QString &key)
{
    return MappingPathText::appendKey(path, key);
}

const std::vector<LargeBody::Child> &JsonTreeModel::membersOf(const Node *node) const
{
    if (!node->members) {
        auto members = std::make_unique<std::vector<LargeBody::Child>>();
        QHash<QString, qsizetype> at;
        const qint64 total = m_large->childCount(node->range);
        constexpr qint64 Page = 4096;
        for (qint64 first = 0; first < total; first += Page) {
            for (const LargeBody::Child &child : m_large->children(node->range, first, Page)) {
                const auto known = at.constFind(child.key);
                if (known != at.constEnd()) {
                    (*members)[*known].range = child.range; // the last one wins
                } else {
                    at.insert(child.key, qsizetype(members->size()));
                    members->push_back(child);
                }
            }
        }
        std::sort(members->begin(), members->end(),
            [](const LargeBody::Child &a, const LargeBody::Child &b) { return a.key < b.key; });
        const_cast<Node *>(node)->members = std::move(members);
    }
    return *node->members;
}

QJsonValue::Type JsonTreeModel::typeOf(const Node *node) const
{
    return node->lazy ? m_large->typeAt(node->range) : node->value.type();
}

QJsonValue JsonTreeModel::valueOf(const Node *node) const
{
    return node->lazy ? m_large->value(node->range) : node->value;
}

QString JsonTreeModel::summaryOf(const Node *node) const
{
    if (!node->lazy)
        return summary(node->value);
    switch (typeOf(node)) {
    case QJsonValue::Object: {
        const qsizetype n = childTotal(node);
        return n == 1 ? tr("{1 key}") : tr("{%1 keys}").arg(QLocale().toString(n));
    }
    case QJsonValue::Array: {
        const qsizetype n = childTotal(node);
        return n == 1 ? tr("[1 item]") : tr("[%1 items]").arg(QLocale().toString(n));
    }
    case QJsonValue::String:
        return oneLine(m_large->preview(node->range, kSummaryLength + 1));
    default:
        return summary(valueOf(node));
    }
}

bool JsonTreeModel::isLargeNameValuePair(LargeBody::Range range) const
{
    if (m_large->typeAt(range) != QJsonValue::Object || m_large->childCount(range) != 2)
        return false;
    const std::optional<LargeBody::Range> name = m_large->member(range, QStringLiteral("name"));
    return name && m_large->typeAt(*name) == QJsonValue::String
        && m_large->member(range, QStringLiteral("value"));
}

bool JsonTreeModel::isLargeNameValueList(LargeBody::Range range) const
{
    if (m_large->typeAt(range) != QJsonValue::Array)
        return false;
    const QList<LargeBody::Child> first = m_large->children(range, 0, 1);
    return !first.isEmpty() && isLargeNameValuePair(first.at(0).range);
}

QString JsonTreeModel::typeName(const QJsonValue &value)
{
    return typeName(value.type());
}

QString JsonTreeModel::typeName(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::String:
        return tr("text");
    case QJsonValue::Double:
        return tr("number");
    case QJsonValue::Bool:
        return tr("true/false");
    case QJsonValue::Null:
        return tr("empty (null)");
    case QJsonValue::Object:
        return tr("object");
    case QJsonValue::Array:
        return tr("list");
    case QJsonValue::Undefined:
        break;
    }
    return tr("missing");
}

QString JsonTreeModel::summary(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return oneLine(value.toString());
    case QJsonValue::Double:
        return numberText(value);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return tr("empty");
    case QJsonValue::Object: {
        const qsizetype n = value.toObject().size();
        return n == 1 ? tr("{1 key}") : tr("{%1 keys}").arg(QLocale().toString(n));
    }
    case QJsonValue::Array: {
        const qsizetype n = value.toArray().size();
        return n == 1 ? tr("[1 item]") : tr("[%1 items]").arg(QLocale().toString(n));
    }
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString JsonTreeModel::copyText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return numberText(value);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {}; // null maps to empty text, so that is what pasting it gives
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (parent.isValid() && parent.column() != 0)
        return {};
    const Node *node = nodeFor(parent);
    if (row >= int(node->children.size()))
        return {};
    return createIndex(row, column, node->children[row].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = nodeFor(child);
    Node *parentNode = node->parent;
    if (!parentNode || parentNode == m_root.get())
        return {};
    return createIndex(parentNode->row, 0, parentNode);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    return childTotal(nodeFor(parent)) > 0;
}

bool JsonTreeModel::canFetchMore(const QModelIndex &parent) const
{
    // Not while this model is announcing a change: a listener that fetched then would nest
    // one insertion inside another (QAbstractItemModelTester does exactly that).
    if (m_notifying > 0 || (parent.isValid() && parent.column() != 0))
        return false;
    const Node *node = nodeFor(parent);
    return int(node->children.size()) < childTotal(node);
}

void JsonTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Node *node = nodeFor(parent);
    const int first = int(node->children.size());
    const int count = qMin(m_pageSize, childTotal(node) - first);
    ++m_notifying;
    beginInsertRows(parent, first, first + count - 1);
    appendChildren(node, count);
    endInsertRows();
    --m_notifying;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return node->name;
        case ValueColumn:
            return summaryOf(node);
        case TypeColumn:
            return typeName(typeOf(node));
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && node->lazy && typeOf(node) == QJsonValue::String)
            return m_large->preview(node->range, 2000);
        if (index.column() == ValueColumn && node->value.isString()) {
            const QString text = node->value.toString();
            return text.size() > 2000 ? text.left(2000) + QChar(0x2026) : text;
        }
        if (index.column() == NameColumn) {
            const QString path = pathOf(node);
            return path.isEmpty() ? QVariant() : QVariant(path);
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == TypeColumn || node->value.isNull()) {
            // Quieter than the values, still readable, in light and dark palettes alike.
            const QPalette palette;
            const QColor text = palette.color(QPalette::Text);
            const QColor base = palette.color(QPalette::Base);
            return QColor::fromRgbF(text.redF() * 0.55 + base.redF() * 0.45,
                text.greenF() * 0.55 + base.greenF() * 0.45,
                text.blueF() * 0.55 + base.blueF() * 0.45);
        }
        break;
    case PathRole:
        return pathOf(node);
    case JsonValueRole:
        return QVariant::fromValue(valueOf(node));
    case CopyTextRole:
        if (node->lazy && typeOf(node) != QJsonValue::String) {
            // A large list or object: its JSON as the server wrote it.
            return QString::fromUtf8(
                m_large->bytes().constData() + node->range.begin, node->range.size());
        }
        return copyText(valueOf(node));
    case TypeNameRole:
        return typeName(typeOf(node));
    }
    return {};
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    }
    return {};
}

Qt::ItemFlags JsonTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (childTotal(nodeFor(index)) == 0 || index.column() != 0)
        f |= Qt::ItemNeverHasChildren;
    return f;
}
