#pragma once

#include "core/mapping/LargeBody.h"

#include <QAbstractItemModel>
#include <QJsonValue>

#include <memory>
#include <vector>

/// A tree of a JSON value for the inspector, built lazily: a row's children are created only
/// when a view expands it (canFetchMore/fetchMore), and long lists and objects arrive in pages
/// of pageSize() rows. So a response of tens of MB shows its top level at once and costs only
/// what the person opens.
///
/// Columns: Name (object keys; 1-based positions for list items, as in Make), Value (scalars;
/// "{3 keys}" or "[25 items]" for containers) and Type (text, number, true/false, empty (null),
/// object, list). PathRole gives each row's mapping path, e.g. data.items[1].id, so that the
/// inspector can copy {{2.data.items[1].id}}.
///
/// A list of {name, value} pairs (HTTP headers) shows one row per pair, named by its name, with
/// the path by lower-case name (headers.`content-type`), as the mapping language reads it.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, ///< mapping path without module id; empty when unmappable
        JsonValueRole, ///< the row's QJsonValue
        CopyTextRole, ///< the value as a person would paste it (JSON for containers)
        TypeNameRole, ///< "text", "number", ... as in the Type column
    };
    Q_ENUM(Role)

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    /// Shows `value`. `rootPath` is the mapping path of the value itself ("data", "headers");
    /// with an empty root path, rows have no mapping path (the request as sent, say). A scalar
    /// shows as one row named after the last part of the root path.
    void setJson(const QJsonValue &value, const QString &rootPath = {});
    /// Parses `json` on a worker thread and shows it when done, emitting loaded() or
    /// parseFailed(); the model is empty and isLoading() meanwhile.
    void setJsonBytes(const QByteArray &json, const QString &rootPath = {});
    /// Shows a response kept as bytes (LargeBody): rows are read from the bytes as they are
    /// created, so a 100 MB answer shows its top level at once and holds only the open rows.
    void setLargeBody(const LargeBodyPtr &body, const QString &rootPath = {});
    void clear();

    bool isLoading() const { return m_loading; }
    /// The value shown (all of a large body read into QJsonValues: costly).
    QJsonValue json() const { return m_large ? m_large->value() : m_rootValue; }
    LargeBodyPtr largeBody() const { return m_large; }
    QString rootPath() const { return m_rootPath; }

    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }

    /// How many rows have been created since the last reset (for tests of the lazy building).
    qint64 createdNodeCount() const { return m_createdNodes; }

    /// Joins a path and an object key, in backticks when the key is not a plain name.
    static QString appendKey(const QString &path, const QString &key);
    /// "text", "number", "true/false", "empty (null)", "object", "list".
    static QString typeName(const QJsonValue &value);
    static QString typeName(QJsonValue::Type type);
    /// One line for the Value column: the scalar, or "{3 keys}" / "[25 items]".
    static QString summary(const QJsonValue &value);
    /// The value as text to paste: scalars as they are, containers as indented JSON.
    static QString copyText(const QJsonValue &value);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    /// setJsonBytes() finished and the top level is shown.
    void loaded();
    /// setJsonBytes() got something that is not JSON; `message` says so in plain words.
    void parseFailed(const QString &message);

private:
    struct Node;

    void resetTo(const QJsonValue &value, const QString &rootPath, const LargeBodyPtr &large = {});
    QJsonValue::Type typeOf(const Node *node) const;
    const std::vector<LargeBody::Child> &membersOf(const Node *node) const;
    QJsonValue valueOf(const Node *node) const;
    QString summaryOf(const Node *node) const;
    bool isLargeNameValueList(LargeBody::Range range) const;
    bool isLargeNameValuePair(LargeBody::Range range) const;
    void onParsed(quint64 generation, const QJsonValue &value, const QString &error);
    Node *nodeFor(const QModelIndex &index) const;
    int childTotal(const Node *node) const;
    void appendChildren(Node *node, int count);
    QString pathOf(const Node *node) const;

    std::unique_ptr<Node> m_root;
    QJsonValue m_rootValue;
    LargeBodyPtr m_large; ///< set by setLargeBody(): lazy rows read from it
    QString m_rootPath;
    bool m_loading = false;
    quint64 m_generation = 0;
    int m_pageSize = 1000;
    int m_notifying = 0;
    qint64 m_createdNodes = 0;
};
