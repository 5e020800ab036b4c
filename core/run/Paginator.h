#pragma once

#include "core/mapping/MappingContext.h"
#include "core/model/HttpRequestSpec.h"
#include "core/run/HttpExchange.h"

#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

/// One link of a `Link` header (RFC 8288): its target and its parameters.
struct LinkValue
{
    QString target; ///< as written between < and >
    QList<QPair<QString, QString>> parameters; ///< names in lower case, values unquoted

    /// True when its rel parameter lists `relation` (case-insensitive).
    bool hasRelation(const QString &relation) const;
};

/// What one HTTP module's pagination (docs/pagination.md) asks for, page after page: the
/// request of each page, and whether to go on after an answer. Knows nothing of the network;
/// the runner sends what it says.
class Paginator
{
public:
    /// `moduleId` is the module's number: in its answer-reading fields, that number stands
    /// for the page just received.
    Paginator(const Pagination &settings, int moduleId);

    /// Maps what the settings send (parameter names, first value, page size) with `context`
    /// and checks them against the module's mapped request. Returns an error in plain words,
    /// or empty; `warnings` gets what the mappings warned of.
    QString resolve(
        const MappingContext &context, const HttpRequestSpec &request, QStringList *warnings);

    /// The request of the next page: `base` with the page's offset, number, cursor or
    /// address. Sets `error` when it cannot be built.
    HttpRequestSpec request(const HttpRequestSpec &base, QString *error) const;

    /// The page's status ends the pages without error (Pagination::stopStatusCodes).
    bool stopsAtStatus(int statusCode) const;

    /// What one answer gave and whether another page follows.
    struct Page
    {
        QList<QJsonValue> outputs; ///< the bundles it gives: the page, or its items
        bool more = false; ///< another page is to be fetched
        QStringList warnings;
        QString error; ///< the module fails with this; empty when fine
    };
    /// Takes the answer to the request last built. `bundle` is its output bundle;
    /// `namedRoots` what mappings see besides it.
    Page take(const HttpExchange &exchange, const QJsonObject &bundle,
        const QHash<QString, QJsonValue> &namedRoots);

    int pagesTaken() const { return m_pages; }

    /// Reads the values of a `Link` header (several header lines joined with ", "). On a
    /// malformed value returns what it read before and sets `error` to plain words.
    static QList<LinkValue> parseLinkHeader(const QString &value, QString *error);

private:
    /// The value of an answer-reading field: a {{…}} mapping, or a path in the body.
    QJsonValue readAnswer(const QString &field, const MappingContext &context) const;
    QString nextAddress(const HttpExchange &exchange, const MappingContext &context, bool *found,
        QString *error) const;

    Pagination m_settings;
    int m_moduleId = 0;
    QString m_parameter;
    QString m_limitParameter;
    qint64 m_position = 0; ///< the offset or page number of the next request
    qint64 m_limit = -1; ///< -1: not given
    QString m_cursor; ///< empty for the first page
    QUrl m_nextUrl; ///< empty for the first page
    QString m_origin; ///< where the first page went: next addresses must stay there
    QSet<QString> m_seen; ///< cursors or addresses already followed
    QByteArray m_previousBody; ///< digest of the last page, to catch a server ignoring pages
    int m_pages = 0;
    qint64 m_items = 0;
};
