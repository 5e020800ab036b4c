#pragma once

#include "core/flow/Filter.h"

#include <QList>
#include <QString>
#include <QStringList>

/// How an HTTP module asks for the next page of a list (docs/pagination.md).
enum class PaginationMode {
    None, ///< one request, as before
    OffsetLimit, ///< ?offset=0&limit=10, then offset=10, 20, …
    PageNumber, ///< ?page=1, then 2, 3, …
    NextUrl, ///< the answer gives the next page's address (a body field or the Link header)
    Cursor, ///< the answer gives a cursor (token) that the next request sends back
};

/// Where the page parameter (offset, page number, cursor) goes in the next request.
enum class PaginationPlace { Query, Header, Body };

/// What the module gives out: one bundle per page, or one per item of the page's list.
enum class PaginationOutput { PerPage, PerItem };

/// The "Pagination" settings of an HTTP module (docs/pagination.md). Text fields may hold
/// mappings: those that say what to send (parameter names, first value, page size) map once,
/// like the rest of the request; those that read the answer (`itemsField`, `nextField`) and
/// the stop condition are read on each page, where the module's own number stands for the
/// page just received ({{3.data.next}} in module 3), and a plain path such as `meta.next`
/// reads the answer's body.
struct Pagination
{
    PaginationMode mode = PaginationMode::None;
    /// The name of the parameter that says which page: "offset", "page", "cursor"…
    QString parameter;
    PaginationPlace sendIn = PaginationPlace::Query;
    /// The first offset or page number ("0", "1"); empty: 0 for offsets, 1 for pages.
    QString start;
    /// Offset/limit: the name of the page size parameter ("limit"); empty sends none.
    QString limitParameter;
    /// Offset/limit: the page size, sent as limitParameter and added to the offset each page;
    /// empty: the number of items the last page had.
    QString limit;
    /// Next URL and cursor: where the answer holds the next address or cursor. For a next
    /// URL, empty means the `Link` header's rel="next" (RFC 8288).
    QString nextField;
    /// Where the answer holds its list of items ("items", "data.results"); empty: the body
    /// itself when it is a list.
    QString itemsField;
    PaginationOutput output = PaginationOutput::PerPage;
    /// Stop at a page whose list is empty (that page gives no bundle).
    bool stopWhenEmpty = true;
    /// Stop after a page for which this condition is true (the filter conditions of links).
    Filter stopCondition;
    /// Stop, without error, at a page answered with one of these statuses (e.g. 404).
    QList<int> stopStatusCodes;
    int maxPages = DefaultMaxPages; ///< 1 to MaxPagesCap
    int maxItems = 0; ///< 0: no limit; otherwise stop once this many items came

    static constexpr int DefaultMaxPages = 100;
    static constexpr int MaxPagesCap = 10000;
    static constexpr int MaxItemsCap = 10000000;

    bool enabled() const { return mode != PaginationMode::None; }

    static QString modeKey(PaginationMode mode); ///< "none", "offset", "page", "nextUrl", "cursor"
    static PaginationMode modeFromKey(const QString &key, bool *ok);
    static QStringList modeKeys();
    static QString placeKey(PaginationPlace place); ///< "query", "header", "body"
    static PaginationPlace placeFromKey(const QString &key, bool *ok);
    static QString outputKey(PaginationOutput output); ///< "page", "item"
    static PaginationOutput outputFromKey(const QString &key, bool *ok);

    bool operator==(const Pagination &other) const;
    bool operator!=(const Pagination &other) const { return !(*this == other); }
};
