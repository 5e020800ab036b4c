#include "core/run/Paginator.h"

#include "core/flow/Filter.h"
#include "core/mapping/FieldTemplate.h"
#include "core/mapping/MappingPathText.h"
#include "core/trust/Origin.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

bool LinkValue::hasRelation(const QString &relation) const
{
    for (const auto &[name, value] : parameters) {
        if (name != QLatin1String("rel"))
            continue;
        const QStringList relations = value.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &one : relations) {
            if (one.compare(relation, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

namespace {

bool isTokenChar(QChar c)
{
    // RFC 9110 tchar
    static const QString others = QStringLiteral("!#$%&'*+-.^_`|~");
    return (c.unicode() < 128 && c.isLetterOrNumber()) || others.contains(c);
}

QString shortened(const QString &text)
{
    return text.size() > 40 ? text.left(40) + QStringLiteral("\u2026") : text;
}

/// A JSON value as the text a parameter carries: numbers without ".0", text as it is.
QString parameterText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

void setNameValue(QList<NameValue> &list, const QString &name, const QString &value,
    Qt::CaseSensitivity sensitivity)
{
    list.erase(
        std::remove_if(list.begin(), list.end(),
            [&](const NameValue &nv) { return nv.name.trimmed().compare(name, sensitivity) == 0; }),
        list.end());
    list.append({name, value});
}

} // namespace

QList<LinkValue> Paginator::parseLinkHeader(const QString &value, QString *error)
{
    QList<LinkValue> links;
    const qsizetype n = value.size();
    qsizetype i = 0;
    const auto skipSpace = [&] {
        while (i < n && (value.at(i) == QLatin1Char(' ') || value.at(i) == QLatin1Char('\t')))
            ++i;
    };
    const auto fail = [&](const QString &what) {
        *error = QCoreApplication::translate("Paginator",
            "the server\u2019s Link header \u201c%1\u201d could not be read: "
            "%2 at character %3")
                     .arg(shortened(value), what)
                     .arg(i + 1);
        return links;
    };
    error->clear();
    for (;;) {
        skipSpace();
        while (i < n && value.at(i) == QLatin1Char(',')) {
            ++i;
            skipSpace();
        }
        if (i >= n)
            return links;
        if (value.at(i) != QLatin1Char('<'))
            return fail(
                QCoreApplication::translate("Paginator", "an address in <\u2026> was expected"));
        const qsizetype close = value.indexOf(QLatin1Char('>'), i + 1);
        if (close < 0)
            return fail(QCoreApplication::translate(
                "Paginator", "the address opened with < is never closed with >"));
        LinkValue link;
        link.target = value.mid(i + 1, close - i - 1).trimmed();
        i = close + 1;
        for (;;) {
            skipSpace();
            if (i >= n || value.at(i) == QLatin1Char(','))
                break;
            if (value.at(i) != QLatin1Char(';'))
                return fail(QCoreApplication::translate(
                    "Paginator", "a \u201c;\u201d or \u201c,\u201d was expected"));
            ++i;
            skipSpace();
            const qsizetype nameStart = i;
            while (i < n && isTokenChar(value.at(i)))
                ++i;
            if (i == nameStart) {
                if (i >= n || value.at(i) == QLatin1Char(','))
                    break; // a trailing ";" is tolerated
                return fail(
                    QCoreApplication::translate("Paginator", "a parameter name was expected"));
            }
            const QString name = value.mid(nameStart, i - nameStart).toLower();
            skipSpace();
            QString parameterValue;
            if (i < n && value.at(i) == QLatin1Char('=')) {
                ++i;
                skipSpace();
                if (i < n && value.at(i) == QLatin1Char('"')) {
                    ++i;
                    bool closed = false;
                    while (i < n) {
                        const QChar c = value.at(i++);
                        if (c == QLatin1Char('\\') && i < n) {
                            parameterValue += value.at(i++);
                        } else if (c == QLatin1Char('"')) {
                            closed = true;
                            break;
                        } else {
                            parameterValue += c;
                        }
                    }
                    if (!closed)
                        return fail(QCoreApplication::translate(
                            "Paginator", "a quoted value is never closed"));
                } else {
                    const qsizetype valueStart = i;
                    while (i < n && isTokenChar(value.at(i)))
                        ++i;
                    parameterValue = value.mid(valueStart, i - valueStart);
                }
            }
            link.parameters.append({name, parameterValue});
        }
        links.append(link);
    }
}

Paginator::Paginator(const Pagination &settings, int moduleId)
    : m_settings(settings)
    , m_moduleId(moduleId)
{
}

QString Paginator::resolve(
    const MappingContext &context, const HttpRequestSpec &request, QStringList *warnings)
{
    const auto mapText = [&](const QString &field, const QString &label, QString *error) {
        const FieldTemplate::Result result = evaluateField(field, context);
        for (const QString &warning : result.warnings)
            warnings->append(
                QCoreApplication::translate("Paginator", "Pagination, %1: %2").arg(label, warning));
        if (!result.ok())
            *error = QCoreApplication::translate("Paginator", "Pagination, %1: %2")
                         .arg(label, result.error);
        // What these send is shown unmasked in every page's request: no secret belongs here.
        if (!result.secretsRead.isEmpty() && error->isEmpty())
            *error = QCoreApplication::translate("Paginator",
                "Pagination, %1: uses a secret, which the page settings may "
                "not send. Put the secret in a header or the query instead.")
                         .arg(label);
        return result.text.trimmed();
    };
    QString error;
    m_parameter = mapText(m_settings.parameter, QStringLiteral("parameter"), &error);
    m_limitParameter = mapText(m_settings.limitParameter,
        QCoreApplication::translate("Paginator", "page size parameter"), &error);
    const QString start = mapText(
        m_settings.start, QCoreApplication::translate("Paginator", "first value"), &error);
    const QString limit
        = mapText(m_settings.limit, QCoreApplication::translate("Paginator", "page size"), &error);
    if (!error.isEmpty())
        return error;
    const PaginationMode mode = m_settings.mode;
    const bool numbered = mode == PaginationMode::OffsetLimit || mode == PaginationMode::PageNumber;
    if ((numbered || mode == PaginationMode::Cursor) && m_parameter.isEmpty())
        return QCoreApplication::translate("Paginator",
            "Pagination: the parameter that names the page is empty. Type its "
            "name in the module\u2019s Pagination settings (e.g. %1).")
            .arg(mode == PaginationMode::Cursor          ? QStringLiteral("cursor")
                    : mode == PaginationMode::PageNumber ? QStringLiteral("page")
                                                         : QStringLiteral("offset"));
    if (mode == PaginationMode::Cursor && m_settings.nextField.trimmed().isEmpty())
        return QCoreApplication::translate("Paginator",
            "Pagination: say where the answer gives the next cursor (e.g. "
            "next_cursor) in the module\u2019s Pagination settings.");
    bool ok = true;
    m_position = mode == PaginationMode::PageNumber ? 1 : 0;
    if (numbered && !start.isEmpty()) {
        m_position = start.toLongLong(&ok);
        if (!ok || m_position < 0)
            return QCoreApplication::translate("Paginator",
                "Pagination: the first %1 is \u201c%2\u201d, which is not a "
                "whole number of 0 or more.")
                .arg(mode == PaginationMode::PageNumber ? QStringLiteral("page number")
                                                        : QStringLiteral("offset"),
                    shortened(start));
    }
    m_limit = -1;
    if (mode == PaginationMode::OffsetLimit && !limit.isEmpty()) {
        m_limit = limit.toLongLong(&ok);
        if (!ok || m_limit < 1)
            return QCoreApplication::translate("Paginator",
                "Pagination: the page size is \u201c%1\u201d, which is not a "
                "whole number of 1 or more.")
                .arg(shortened(limit));
    }
    if (mode != PaginationMode::NextUrl && m_settings.sendIn == PaginationPlace::Body) {
        const bool jsonBody = request.bodyType == BodyType::Raw
            && QJsonDocument::fromJson(request.rawContent.toUtf8()).isObject();
        if (request.bodyType == BodyType::None || (request.bodyType == BodyType::Raw && !jsonBody))
            return QCoreApplication::translate("Paginator",
                "Pagination: the page goes in the body, but the request has "
                "no JSON object, form or multipart body to put it in. Send "
                "the page in the query instead, or give the request such a "
                "body.");
    }
    m_origin = Origin::of(QUrl(request.url.trimmed(), QUrl::TolerantMode));
    return {};
}

HttpRequestSpec Paginator::request(const HttpRequestSpec &base, QString *error) const
{
    error->clear();
    HttpRequestSpec spec = base;
    QList<QPair<QString, QJsonValue>> parameters;
    switch (m_settings.mode) {
    case PaginationMode::None:
        return spec;
    case PaginationMode::OffsetLimit:
        parameters.append({m_parameter, double(m_position)});
        if (!m_limitParameter.isEmpty() && m_limit > 0)
            parameters.append({m_limitParameter, double(m_limit)});
        break;
    case PaginationMode::PageNumber:
        parameters.append({m_parameter, double(m_position)});
        break;
    case PaginationMode::Cursor:
        if (!m_cursor.isEmpty())
            parameters.append({m_parameter, m_cursor});
        break;
    case PaginationMode::NextUrl:
        if (m_nextUrl.isValid() && !m_nextUrl.isEmpty()) {
            // The next address carries its whole query already.
            spec.url = m_nextUrl.toString(QUrl::FullyEncoded);
            spec.query.clear();
        }
        return spec;
    }
    for (const auto &[name, value] : parameters) {
        const QString text = parameterText(value);
        switch (m_settings.sendIn) {
        case PaginationPlace::Query: {
            // A value typed into the address itself would be sent twice.
            QUrl url(spec.url.trimmed(), QUrl::TolerantMode);
            QUrlQuery query(url);
            if (query.hasQueryItem(name)) {
                query.removeAllQueryItems(name);
                url.setQuery(query);
                spec.url = url.toString();
            }
            setNameValue(spec.query, name, text, Qt::CaseSensitive);
            break;
        }
        case PaginationPlace::Header:
            setNameValue(spec.headers, name, text, Qt::CaseInsensitive);
            break;
        case PaginationPlace::Body:
            if (spec.bodyType == BodyType::UrlEncoded) {
                setNameValue(spec.urlEncodedFields, name, text, Qt::CaseSensitive);
            } else if (spec.bodyType == BodyType::Multipart) {
                spec.multipartFields.erase(
                    std::remove_if(spec.multipartFields.begin(), spec.multipartFields.end(),
                        [&](const MultipartField &field) {
                            return field.name == name && !field.isFile();
                        }),
                    spec.multipartFields.end());
                MultipartField field;
                field.name = name;
                field.value = text;
                spec.multipartFields.append(field);
            } else {
                QJsonObject body = QJsonDocument::fromJson(spec.rawContent.toUtf8()).object();
                if (spec.bodyType != BodyType::Raw) {
                    *error = QCoreApplication::translate("Paginator",
                        "Pagination: the request has no body to put the "
                        "page in.");
                    return base;
                }
                body.insert(name, value);
                spec.rawContent
                    = QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
            }
            break;
        }
    }
    return spec;
}

bool Paginator::stopsAtStatus(int statusCode) const
{
    return m_settings.stopStatusCodes.contains(statusCode);
}

QJsonValue Paginator::readAnswer(const QString &field, const MappingContext &context) const
{
    QString text = field.trimmed();
    if (text.isEmpty())
        return QJsonValue::Undefined;
    if (!text.contains(QLatin1String("{{"))) {
        // A plain path in the body: "meta.next_cursor".
        QString path = QStringLiteral("%1.data").arg(m_moduleId);
        for (const QString &segment : text.split(QLatin1Char('.'), Qt::SkipEmptyParts))
            path = MappingPathText::appendKey(path, segment.trimmed());
        text = QStringLiteral("{{%1}}").arg(path);
    }
    const FieldTemplate::Result result = evaluateField(text, context);
    if (!result.ok() || (result.value.isString() && result.value.toString().isEmpty()))
        return QJsonValue::Undefined;
    return result.value.isUndefined() ? QJsonValue(result.text) : result.value;
}

QString Paginator::nextAddress(
    const HttpExchange &exchange, const MappingContext &context, bool *found, QString *error) const
{
    *found = false;
    QString target;
    if (m_settings.nextField.trimmed().isEmpty()) {
        QStringList values;
        for (const RawHeader &header : exchange.headers) {
            if (header.first.compare("Link", Qt::CaseInsensitive) == 0)
                values.append(QString::fromUtf8(header.second));
        }
        const QList<LinkValue> links = parseLinkHeader(values.join(QStringLiteral(", ")), error);
        if (!error->isEmpty())
            return {};
        for (const LinkValue &link : links) {
            if (link.hasRelation(QStringLiteral("next"))) {
                target = link.target;
                break;
            }
        }
    } else {
        target = parameterText(readAnswer(m_settings.nextField, context)).trimmed();
    }
    if (target.isEmpty())
        return {};
    const QUrl base = exchange.finalUrl.isValid() ? exchange.finalUrl : exchange.sent.url;
    const QUrl next = base.resolved(QUrl(target, QUrl::TolerantMode));
    if (!next.isValid()
        || (next.scheme() != QLatin1String("http") && next.scheme() != QLatin1String("https"))) {
        *error = QCoreApplication::translate("Paginator",
            "the next page\u2019s address \u201c%1\u201d is not a web "
            "address.")
                     .arg(shortened(target));
        return {};
    }
    if (Origin::of(next) != m_origin) {
        *error = QCoreApplication::translate("Paginator",
            "the next page\u2019s address \u201c%1\u201d is on another site "
            "than the first page (%2). Scenarist follows pages only on the "
            "same site, so that what the module sends (such as its "
            "sign-in) goes nowhere else.")
                     .arg(shortened(next.toString()), m_origin);
        return {};
    }
    *found = true;
    return next.toString(QUrl::FullyEncoded);
}

Paginator::Page Paginator::take(const HttpExchange &exchange, const QJsonObject &bundle,
    const QHash<QString, QJsonValue> &namedRoots)
{
    Page page;
    const int number = ++m_pages;
    MappingContext context;
    context.namedRoots = namedRoots;
    context.moduleOutputs.insert(m_moduleId, bundle);
    if (exchange.largeData)
        context.largeData.insert(m_moduleId, exchange.largeData);

    // The list of the page's items, when there is one to find.
    std::optional<QJsonArray> items;
    if (m_settings.itemsField.trimmed().isEmpty()) {
        const QJsonValue data
            = exchange.largeData ? QJsonValue() : bundle.value(QStringLiteral("data"));
        if (data.isArray())
            items = data.toArray();
    } else {
        const QJsonValue list = readAnswer(m_settings.itemsField, context);
        if (list.isArray()) {
            items = list.toArray();
        } else {
            items = QJsonArray();
            page.warnings.append(QCoreApplication::translate("Paginator",
                "Page %1 has no list at \u201c%2\u201d; it was "
                "taken as an empty page.")
                                     .arg(number)
                                     .arg(m_settings.itemsField));
        }
    }
    if (m_settings.output == PaginationOutput::PerItem && !items) {
        page.error = QCoreApplication::translate("Paginator",
            "Pagination gives one bundle per item, but page %1 is not a "
            "list and no list field is chosen. Choose the list in the "
            "module\u2019s Pagination settings (e.g. items).")
                         .arg(number);
        return page;
    }
    if (items && items->isEmpty() && m_settings.stopWhenEmpty)
        return page; // the end: an empty page gives nothing

    // A server that ignores the page parameter answers the same page again and again.
    const bool numbered = m_settings.mode == PaginationMode::OffsetLimit
        || m_settings.mode == PaginationMode::PageNumber;
    const QByteArray digest = QCryptographicHash::hash(exchange.body, QCryptographicHash::Sha1);
    if (numbered && number > 1 && !exchange.body.isEmpty() && digest == m_previousBody) {
        page.warnings.append(QCoreApplication::translate("Paginator",
            "Page %1 was the same as page %2: the server seems "
            "to ignore the \u201c%3\u201d parameter, so the "
            "pages stopped here instead of going on forever.")
                                 .arg(number)
                                 .arg(number - 1)
                                 .arg(m_parameter));
        return page;
    }
    m_previousBody = digest;

    QJsonArray taken = items.value_or(QJsonArray());
    bool more = true;
    if (m_settings.maxItems > 0 && items) {
        const qint64 room = m_settings.maxItems - m_items;
        if (taken.size() >= room) {
            while (taken.size() > room)
                taken.removeLast();
            more = false;
        }
    }
    m_items += taken.size();
    if (m_settings.output == PaginationOutput::PerItem) {
        for (const QJsonValue &item : std::as_const(taken))
            page.outputs.append(
                item.isObject() ? item : QJsonObject {{QStringLiteral("value"), item}});
    } else {
        page.outputs.append(bundle);
    }
    if (!more)
        return page;

    if (!m_settings.stopCondition.isEmpty() && evaluate(m_settings.stopCondition, context).passed)
        return page;

    switch (m_settings.mode) {
    case PaginationMode::None:
        return page;
    case PaginationMode::OffsetLimit: {
        const qint64 step = m_limit > 0 ? m_limit : (items ? items->size() : 0);
        if (step <= 0 || (m_limit > 0 && items && items->size() < m_limit))
            return page; // a short page is the last one
        m_position += step;
        break;
    }
    case PaginationMode::PageNumber:
        ++m_position;
        break;
    case PaginationMode::NextUrl: {
        bool found = false;
        QString error;
        const QString next = nextAddress(exchange, context, &found, &error);
        if (!error.isEmpty()) {
            page.error
                = QCoreApplication::translate("Paginator", "Page %1: %2").arg(number).arg(error);
            return page;
        }
        if (!found)
            return page;
        if (m_seen.contains(next) || next == exchange.sent.url.toString(QUrl::FullyEncoded)) {
            page.warnings.append(QCoreApplication::translate("Paginator",
                "Page %1 gave as its next page an address "
                "already fetched (%2), so the pages stopped "
                "here instead of going round forever.")
                                     .arg(number)
                                     .arg(shortened(next)));
            return page;
        }
        m_seen.insert(exchange.sent.url.toString(QUrl::FullyEncoded));
        m_seen.insert(next);
        m_nextUrl = QUrl(next, QUrl::StrictMode);
        break;
    }
    case PaginationMode::Cursor: {
        const QString cursor = parameterText(readAnswer(m_settings.nextField, context)).trimmed();
        if (cursor.isEmpty())
            return page;
        if (m_seen.contains(cursor)) {
            page.warnings.append(QCoreApplication::translate("Paginator",
                "Page %1 gave the cursor \u201c%2\u201d again, "
                "which was already sent, so the pages stopped "
                "here instead of going round forever.")
                                     .arg(number)
                                     .arg(shortened(cursor)));
            return page;
        }
        m_seen.insert(cursor);
        m_cursor = cursor;
        break;
    }
    }
    if (number >= m_settings.maxPages) {
        page.warnings.append(QCoreApplication::translate("Paginator",
            "Stopped after %1 pages, the most this module "
            "fetches (Pagination, “At most\u201d pages): "
            "there may be more.")
                                 .arg(number));
        return page;
    }
    page.more = true;
    return page;
}
