#include "core/model/Pagination.h"

QString Pagination::modeKey(PaginationMode mode)
{
    switch (mode) {
    case PaginationMode::None:
        return QStringLiteral("none");
    case PaginationMode::OffsetLimit:
        return QStringLiteral("offset");
    case PaginationMode::PageNumber:
        return QStringLiteral("page");
    case PaginationMode::NextUrl:
        return QStringLiteral("nextUrl");
    case PaginationMode::Cursor:
        return QStringLiteral("cursor");
    }
    return QStringLiteral("none");
}

QStringList Pagination::modeKeys()
{
    return {QStringLiteral("none"), QStringLiteral("offset"), QStringLiteral("page"),
        QStringLiteral("nextUrl"), QStringLiteral("cursor")};
}

PaginationMode Pagination::modeFromKey(const QString &key, bool *ok)
{
    *ok = true;
    for (PaginationMode mode : {PaginationMode::None, PaginationMode::OffsetLimit,
             PaginationMode::PageNumber, PaginationMode::NextUrl, PaginationMode::Cursor}) {
        if (modeKey(mode) == key)
            return mode;
    }
    *ok = false;
    return PaginationMode::None;
}

QString Pagination::placeKey(PaginationPlace place)
{
    switch (place) {
    case PaginationPlace::Query:
        return QStringLiteral("query");
    case PaginationPlace::Header:
        return QStringLiteral("header");
    case PaginationPlace::Body:
        return QStringLiteral("body");
    }
    return QStringLiteral("query");
}

PaginationPlace Pagination::placeFromKey(const QString &key, bool *ok)
{
    *ok = true;
    for (PaginationPlace place :
        {PaginationPlace::Query, PaginationPlace::Header, PaginationPlace::Body}) {
        if (placeKey(place) == key)
            return place;
    }
    *ok = false;
    return PaginationPlace::Query;
}

QString Pagination::outputKey(PaginationOutput output)
{
    return output == PaginationOutput::PerItem ? QStringLiteral("item") : QStringLiteral("page");
}

PaginationOutput Pagination::outputFromKey(const QString &key, bool *ok)
{
    *ok = key == QLatin1String("item") || key == QLatin1String("page");
    return key == QLatin1String("item") ? PaginationOutput::PerItem : PaginationOutput::PerPage;
}

bool Pagination::operator==(const Pagination &o) const
{
    return mode == o.mode && parameter == o.parameter && sendIn == o.sendIn && start == o.start
        && limitParameter == o.limitParameter && limit == o.limit && nextField == o.nextField
        && itemsField == o.itemsField && output == o.output && stopWhenEmpty == o.stopWhenEmpty
        && stopCondition == o.stopCondition && stopStatusCodes == o.stopStatusCodes
        && maxPages == o.maxPages && maxItems == o.maxItems;
}
