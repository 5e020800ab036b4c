#include "core/io/MakeBlueprint.h"

#include "core/trust/LocalFileAccess.h"

#include "core/io/MakeBlueprintDetail.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace MakeBlueprint {

namespace {

const QString V3Module = QStringLiteral("http:ActionSendData");
const QString V4Module = QStringLiteral("http:MakeRequest");

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

bool isV3(const QString &moduleName)
{
    return moduleName == V3Module || moduleName == QLatin1String("http:ActionSendDataBasicAuth")
        || moduleName == QLatin1String("http:ActionSendDataAPIKeyAuth");
}

bool isV4(const QString &moduleName)
{
    return moduleName == V4Module;
}

// Make writes "" for a field left at its default; some exports also write null.
bool isUnset(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull()
        || (value.isString() && value.toString().isEmpty());
}

QString text(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(key(name));
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

bool boolean(const QJsonObject &o, const char *name, bool fallback)
{
    const QJsonValue v = o.value(key(name));
    if (v.isBool())
        return v.toBool();
    if (v.isString() && !v.toString().isEmpty())
        return v.toString() == QLatin1String("true");
    return fallback;
}

QList<NameValue> pairs(const QJsonObject &o, const char *name, const char *nameKey)
{
    QList<NameValue> list;
    for (const QJsonValue &item : o.value(key(name)).toArray()) {
        const QJsonObject pair = item.toObject();
        list.append({text(pair, nameKey), text(pair, "value")});
    }
    return list;
}

QJsonArray pairsToJson(const QList<NameValue> &list, const char *nameKey)
{
    QJsonArray array;
    for (const NameValue &pair : list)
        array.append(QJsonObject {{key(nameKey), pair.name}, {key("value"), pair.value}});
    return array;
}

/// Multipart fields as Make writes them; v3 and v4 differ only in two key names.
QJsonArray multipartToJson(
    const QList<MultipartField> &list, const char *nameKey, const char *typeKey)
{
    QJsonArray fields;
    for (const MultipartField &f : list) {
        QJsonObject field {{key(nameKey), f.name}};
        if (f.isFile()) {
            field.insert(key(typeKey), QStringLiteral("file"));
            field.insert(key("data"), f.file);
            field.insert(key("fileName"), f.fileName);
            if (!f.contentType.isEmpty())
                field.insert(key("contentType"), f.contentType);
        } else {
            field.insert(key(typeKey), QStringLiteral("text"));
            field.insert(key("value"), f.value);
        }
        fields.append(field);
    }
    return fields;
}

/// Who a report line is about: "Module 2 (“Store quote link”)".
QString who(const QJsonObject &module)
{
    const QString id = module.value(key("id")).isDouble()
        ? QString::number(module.value(key("id")).toInt())
        : QStringLiteral("?");
    const QString name = module.value(key("metadata"))
                             .toObject()
                             .value(key("designer"))
                             .toObject()
                             .value(key("name"))
                             .toString();
    const QString type = module.value(key("module")).toString();
    if (!name.isEmpty())
        return QCoreApplication::translate("MakeBlueprint", "Module %1 (%2, \u201c%3\u201d)")
            .arg(id, type, name);
    return QCoreApplication::translate("MakeBlueprint", "Module %1 (%2)").arg(id, type);
}

/// Make v4's paginationType (its enum: offsetBased, pageBased, urlBased, tokenBased).
PaginationMode paginationFromMake(const QString &type)
{
    if (type == QLatin1String("offsetBased"))
        return PaginationMode::OffsetLimit;
    if (type == QLatin1String("pageBased"))
        return PaginationMode::PageNumber;
    if (type == QLatin1String("urlBased"))
        return PaginationMode::NextUrl;
    if (type == QLatin1String("tokenBased"))
        return PaginationMode::Cursor;
    return PaginationMode::None;
}

QString paginationToMake(PaginationMode mode)
{
    switch (mode) {
    case PaginationMode::OffsetLimit:
        return QStringLiteral("offsetBased");
    case PaginationMode::PageNumber:
        return QStringLiteral("pageBased");
    case PaginationMode::NextUrl:
        return QStringLiteral("urlBased");
    case PaginationMode::Cursor:
        return QStringLiteral("tokenBased");
    case PaginationMode::None:
        break;
    }
    return {};
}

/// Converts the mapper of an HTTP module; `report` gets what has no Scenarist field.
class HttpConverter
{
public:
    HttpConverter(const QJsonObject &module, QStringList *report)
        : m_module(module)
        , m_mapper(module.value(key("mapper")).toObject())
        , m_parameters(module.value(key("parameters")).toObject())
        , m_report(report)
    {
    }

    HttpRequestSpec convert()
    {
        const QString name = m_module.value(key("module")).toString();
        m_spec.url = text(m_mapper, "url");
        const QString method = text(m_mapper, "method").trimmed().toUpper();
        m_spec.method = method.isEmpty() ? QStringLiteral("GET") : method;
        if (!HttpRequestSpec::methods().contains(m_spec.method)) {
            // A mapped or unknown method would make a scenario that cannot be saved and
            // opened again; export still writes the original method back.
            note(QCoreApplication::translate("MakeBlueprint",
                "its method \u201c%1\u201d is not one Scenarist can send; it "
                "was set to GET. Kept for export.")
                     .arg(text(m_mapper, "method")));
            m_spec.method = QStringLiteral("GET");
        }
        m_spec.headers = pairs(m_mapper, "headers", "name");
        m_spec.parseResponse = boolean(m_mapper, "parseResponse", true);
        m_spec.shareCookies = boolean(m_mapper, "shareCookies", false);
        m_spec.timeoutSeconds = timeout();
        if (isV3(name))
            convertV3();
        else
            convertV4();
        return m_spec;
    }

private:
    void note(const QString &what)
    {
        if (m_report)
            m_report->append(QStringLiteral("%1: %2").arg(who(m_module), what));
    }

    int timeout()
    {
        const QJsonValue v = m_mapper.value(key("timeout"));
        if (isUnset(v))
            return 40;
        bool ok = v.isDouble();
        double seconds = v.toDouble();
        if (v.isString())
            seconds = v.toString().trimmed().toDouble(&ok);
        if (!ok || std::isnan(seconds)) {
            note(QCoreApplication::translate("MakeBlueprint",
                "the timeout \u201c%1\u201d is not a number of seconds; it was "
                "set to 40 seconds.")
                     .arg(v.toString()));
            return 40;
        }
        // Clamped before converting: 1e80 seconds does not fit in an int.
        const int whole = static_cast<int>(std::clamp(std::ceil(seconds), 1.0, 300.0));
        if (whole != seconds)
            note(QCoreApplication::translate(
                "MakeBlueprint", "the timeout %1 was set to %2 seconds (1 to 300).")
                     .arg(seconds)
                     .arg(whole));
        return whole;
    }

    void convertV3()
    {
        const QJsonObject &m = m_mapper;
        m_spec.query = pairs(m, "qs", "name");
        const QString bodyType = text(m, "bodyType");
        if (bodyType == QLatin1String("raw")) {
            m_spec.bodyType = BodyType::Raw;
            const QString contentType = text(m, "contentType");
            if (!contentType.isEmpty())
                m_spec.rawContentType = contentType;
            m_spec.rawContent = text(m, "data");
        } else if (bodyType == QLatin1String("x_www_form_urlencoded")) {
            m_spec.bodyType = BodyType::UrlEncoded;
            m_spec.urlEncodedFields = pairs(m, "formFields", "key");
        } else if (bodyType == QLatin1String("multipart_form_data")) {
            m_spec.bodyType = BodyType::Multipart;
            for (const QJsonValue &item : m.value(key("formDataFields")).toArray()) {
                const QJsonObject f = item.toObject();
                MultipartField field;
                field.name = text(f, "key");
                if (text(f, "fieldType") == QLatin1String("file")) {
                    field.file = text(f, "data");
                    field.fileName = text(f, "fileName");
                    field.contentType = text(f, "contentType");
                    noteFileField(field);
                } else {
                    field.value = text(f, "value");
                }
                m_spec.multipartFields.append(field);
            }
        } else if (!bodyType.isEmpty()) {
            note(QCoreApplication::translate("MakeBlueprint",
                "the body type \u201c%1\u201d is unknown; the body was left "
                "empty.")
                     .arg(bodyType));
        }
        m_spec.username = text(m, "authUser");
        m_spec.password = text(m, "authPass");
        m_spec.caCertificate = text(m, "ca");
        m_spec.rejectUnverifiedCertificates = boolean(m, "rejectUnauthorized", true);
        m_spec.followRedirects = boolean(m, "followRedirect", true);
        m_spec.followAllRedirects = boolean(m, "followAllRedirects", false);
        m_spec.requestCompressed = boolean(m, "gzip", true);
        // Old v3 modules without the switch did not treat 4xx/5xx as errors.
        m_spec.errorOnHttpStatus = boolean(m_parameters, "handleErrors", false);

        if (boolean(m, "useQuerystring", false))
            note(QCoreApplication::translate("MakeBlueprint",
                "“Disable serialization of multiple same query string "
                "keys as arrays\u201d is on; Scenarist always sends repeated "
                "keys as they are. Kept for export."));
        if (boolean(m, "serializeUrl", false))
            note(QCoreApplication::translate("MakeBlueprint",
                "\u201cSerialize URL\u201d is on; Scenarist sends the URL as "
                "typed. Kept for export."));
        if (boolean(m, "useMtls", false))
            note(QCoreApplication::translate("MakeBlueprint",
                "uses mutual TLS (a client certificate from a Make keychain), "
                "which Scenarist does not support."));
        const QString moduleName = m_module.value(key("module")).toString();
        if (moduleName != V3Module || !isUnset(m_parameters.value(key("key")))) {
            note(QCoreApplication::translate("MakeBlueprint",
                "its credentials are in a Make connection (keychain %1), which "
                "cannot be exported; enter them in the module (user name and "
                "password, or the API key header).")
                     .arg(text(m_parameters, "key")));
        }
        noteUnknownKeys({"url", "method", "headers", "qs", "bodyType", "contentType", "data",
            "formFields", "formDataFields", "parseResponse", "authUser", "authPass", "timeout",
            "shareCookies", "ca", "rejectUnauthorized", "followRedirect", "followAllRedirects",
            "gzip", "useQuerystring", "serializeUrl", "useMtls"});
    }

    void convertV4()
    {
        const QJsonObject &m = m_mapper;
        m_spec.query = pairs(m, "queryParameters", "name");
        const QString contentType = text(m, "contentType");
        if (contentType == QLatin1String("json")) {
            m_spec.bodyType = BodyType::Raw;
            m_spec.rawContentType = QStringLiteral("application/json");
            const QString input = text(m, "inputMethod");
            if (input.isEmpty() || input == QLatin1String("jsonString")) {
                m_spec.rawContent = text(m, "jsonStringBodyContent");
            } else {
                note(QCoreApplication::translate("MakeBlueprint",
                    "builds its JSON body from a data structure (input method "
                    "\u201c%1\u201d), which Scenarist cannot; write the JSON "
                    "in the body instead. Kept for export.")
                         .arg(input));
            }
        } else if (contentType == QLatin1String("urlEncoded")) {
            m_spec.bodyType = BodyType::UrlEncoded;
            m_spec.urlEncodedFields = pairs(m, "urlEncodedBodyContent", "name");
        } else if (contentType == QLatin1String("multipart")) {
            m_spec.bodyType = BodyType::Multipart;
            for (const QJsonValue &item : m.value(key("multipartBodyContent")).toArray()) {
                const QJsonObject f = item.toObject();
                MultipartField field;
                field.name = text(f, "name");
                if (text(f, "multipartFieldType") == QLatin1String("file")) {
                    field.file = f.contains(key("data")) ? text(f, "data") : text(f, "value");
                    field.fileName = text(f, "fileName");
                    field.contentType = text(f, "contentType");
                    noteFileField(field);
                } else {
                    field.value = text(f, "value");
                }
                m_spec.multipartFields.append(field);
            }
        } else if (contentType == QLatin1String("custom")) {
            m_spec.bodyType = BodyType::Raw;
            m_spec.rawContentType = text(m, "customContentType");
            m_spec.rawContent = text(m, "customBodyContent");
        } else if (!contentType.isEmpty()) {
            note(QCoreApplication::translate("MakeBlueprint",
                "the body content type \u201c%1\u201d is unknown; the body was "
                "left empty.")
                     .arg(contentType));
        }
        m_spec.errorOnHttpStatus = boolean(m, "stopOnHttpError", true);
        m_spec.followRedirects = boolean(m, "allowRedirects", true);
        m_spec.requestCompressed = boolean(m, "requestCompressedContent", true);

        const QString pagination = text(m, "paginationType");
        if (!pagination.isEmpty()) {
            const PaginationMode mode = paginationFromMake(pagination);
            m_spec.pagination.mode = mode;
            if (mode == PaginationMode::None)
                note(QCoreApplication::translate("MakeBlueprint",
                    "uses pagination (\u201c%1\u201d), which Scenarist does not "
                    "know: only the first page is fetched. Kept for export.")
                         .arg(pagination));
            else
                note(QCoreApplication::translate("MakeBlueprint",
                    "fetches pages (\u201c%1\u201d): in its Pagination "
                    "settings, fill in %2, which the blueprint does not say.")
                         .arg(pagination,
                             mode == PaginationMode::NextUrl ? QCoreApplication::translate(
                                 "MakeBlueprint", "where the answer gives the next page")
                                 : mode == PaginationMode::Cursor
                                 ? QCoreApplication::translate("MakeBlueprint",
                                     "the cursor parameter and where the answer "
                                     "gives the next cursor")
                                 : QCoreApplication::translate(
                                     "MakeBlueprint", "the page parameter")));
        }
        const QString auth = text(m_parameters, "authenticationType");
        if (!auth.isEmpty() && auth != QLatin1String("noAuth")) {
            QString connection;
            for (auto it = m_parameters.begin(); it != m_parameters.end(); ++it) {
                if (it.key().endsWith(QLatin1String("Keychain")) && !isUnset(it.value()))
                    connection = QStringLiteral(" %1").arg(it.value().isDouble()
                            ? QString::number(it.value().toDouble())
                            : it.value().toString());
            }
            note(QCoreApplication::translate("MakeBlueprint",
                "its authentication (\u201c%1\u201d) uses a Make connection"
                "%2, which cannot be exported; add the credentials as a "
                "header or user name and password in the module.")
                     .arg(auth, connection));
        }
        const QString tls = text(m_parameters, "tlsType");
        if (tls == QLatin1String("mTls"))
            note(QCoreApplication::translate("MakeBlueprint",
                "uses mutual TLS (a client certificate from a Make keychain), "
                "which Scenarist does not support."));
        else if (!tls.isEmpty())
            note(QCoreApplication::translate("MakeBlueprint",
                "uses TLS settings from a Make keychain (\u201c%1\u201d); add "
                "the CA certificate in the module.")
                     .arg(tls));
        if (!isUnset(m_parameters.value(key("proxyKeychain"))))
            note(QCoreApplication::translate("MakeBlueprint",
                "uses a proxy from a Make keychain, which Scenarist does not "
                "support."));
        noteUnknownKeys({"url", "method", "headers", "queryParameters", "contentType",
            "inputMethod", "jsonStringBodyContent", "urlEncodedBodyContent", "multipartBodyContent",
            "customContentType", "customBodyContent", "parseResponse", "stopOnHttpError", "timeout",
            "allowRedirects", "shareCookies", "requestCompressedContent", "paginationType"});
    }

    void noteFileField(const MultipartField &field)
    {
        note(QCoreApplication::translate("MakeBlueprint",
            "the multipart field \u201c%1\u201d sends file data mapped from "
            "\u201c%2\u201d in Make; Scenarist sends a file from disk, so that "
            "text became the file's path. Choose the file.")
                 .arg(field.name, field.file));
    }

    void noteUnknownKeys(std::initializer_list<const char *> known)
    {
        QSet<QString> names;
        for (const char *name : known)
            names.insert(key(name));
        for (auto it = m_mapper.begin(); it != m_mapper.end(); ++it) {
            if (!names.contains(it.key()) && !isUnset(it.value()))
                note(QCoreApplication::translate("MakeBlueprint",
                    "its setting \u201c%1\u201d has no counterpart in "
                    "Scenarist. Kept for export.")
                         .arg(it.key()));
        }
    }

    QJsonObject m_module;
    QJsonObject m_mapper;
    QJsonObject m_parameters;
    QStringList *m_report;
    HttpRequestSpec m_spec;
};

/// The ids of every module inside routes and error handler routes, down to maxRouteDepth
/// levels (deeper ones cannot be converted either, and a blueprint built to be deeper must not
/// exhaust the stack).
void collectNestedIds(const QJsonArray &items, QList<int> *ids, int depth = 0)
{
    if (depth > maxRouteDepth)
        return;
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        if (item.value(key("id")).isDouble())
            ids->append(item.value(key("id")).toInt());
        collectNestedIds(item.value(key("flow")).toArray(), ids, depth + 1);
        collectNestedIds(item.value(key("onerror")).toArray(), ids, depth + 1);
        for (const QJsonValue &route : item.value(key("routes")).toArray())
            collectNestedIds(route.toObject().value(key("flow")).toArray(), ids, depth + 1);
    }
}

/// How many modules a flow holds, those in routes and error routes down to maxRouteDepth
/// included (as far as toScenarioJson() follows them).
qsizetype countModules(const QJsonArray &items, int depth = 0)
{
    qsizetype count = 0;
    if (depth > maxRouteDepth)
        return count;
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        ++count;
        count += countModules(item.value(key("onerror")).toArray(), depth + 1);
        for (const QJsonValue &route : item.value(key("routes")).toArray())
            count += countModules(route.toObject().value(key("flow")).toArray(), depth + 1);
    }
    return count;
}

QJsonArray topLevelFlow(const QJsonObject &blueprint)
{
    if (blueprint.value(key("flow")).isArray())
        return blueprint.value(key("flow")).toArray();
    const QJsonArray subflows = blueprint.value(key("subflows")).toArray();
    if (!subflows.isEmpty())
        return subflows.first().toObject().value(key("flow")).toArray();
    if (blueprint.value(key("module")).isString())
        return QJsonArray {blueprint};
    return {};
}

// ---------------------------------------------------------------------------------------
// Export

QString makeMethod(const QString &method)
{
    return method.trimmed().toLower();
}

QJsonValue makeTimeout(int seconds)
{
    // Make writes "" for the default.
    return seconds == 40 ? QJsonValue(QString()) : QJsonValue(seconds);
}

void writeV3(const HttpRequestSpec &s, const HttpRequestSpec &base, bool fresh, QJsonObject &mapper,
    QJsonObject &parameters)
{
    auto changed = [&](auto member) { return fresh || s.*member != base.*member; };
    if (changed(&HttpRequestSpec::url))
        mapper.insert(key("url"), s.url);
    if (changed(&HttpRequestSpec::method))
        mapper.insert(key("method"), makeMethod(s.method));
    if (changed(&HttpRequestSpec::headers))
        mapper.insert(key("headers"), pairsToJson(s.headers, "name"));
    if (changed(&HttpRequestSpec::query))
        mapper.insert(key("qs"), pairsToJson(s.query, "name"));
    const bool bodyChanged = fresh || s.bodyType != base.bodyType
        || s.rawContentType != base.rawContentType || s.rawContent != base.rawContent
        || s.urlEncodedFields != base.urlEncodedFields || s.multipartFields != base.multipartFields;
    if (bodyChanged) {
        for (const char *stale : {"contentType", "data", "formFields", "formDataFields"})
            mapper.remove(key(stale));
        switch (s.bodyType) {
        case BodyType::None:
            mapper.insert(key("bodyType"), QString());
            break;
        case BodyType::Raw:
            mapper.insert(key("bodyType"), QStringLiteral("raw"));
            mapper.insert(key("contentType"), s.rawContentType);
            mapper.insert(key("data"), s.rawContent);
            break;
        case BodyType::UrlEncoded:
            mapper.insert(key("bodyType"), QStringLiteral("x_www_form_urlencoded"));
            mapper.insert(key("formFields"), pairsToJson(s.urlEncodedFields, "key"));
            break;
        case BodyType::Multipart: {
            const QJsonArray fields = multipartToJson(s.multipartFields, "key", "fieldType");
            mapper.insert(key("bodyType"), QStringLiteral("multipart_form_data"));
            mapper.insert(key("formDataFields"), fields);
            break;
        }
        }
    }
    if (changed(&HttpRequestSpec::parseResponse))
        mapper.insert(key("parseResponse"), s.parseResponse);
    if (changed(&HttpRequestSpec::username))
        mapper.insert(key("authUser"), s.username);
    if (changed(&HttpRequestSpec::password))
        mapper.insert(key("authPass"), s.password);
    if (changed(&HttpRequestSpec::timeoutSeconds))
        mapper.insert(key("timeout"), makeTimeout(s.timeoutSeconds));
    if (changed(&HttpRequestSpec::shareCookies))
        mapper.insert(key("shareCookies"), s.shareCookies);
    if (changed(&HttpRequestSpec::caCertificate))
        mapper.insert(key("ca"), s.caCertificate);
    if (changed(&HttpRequestSpec::rejectUnverifiedCertificates))
        mapper.insert(key("rejectUnauthorized"), s.rejectUnverifiedCertificates);
    if (changed(&HttpRequestSpec::followRedirects))
        mapper.insert(key("followRedirect"), s.followRedirects);
    if (changed(&HttpRequestSpec::followAllRedirects))
        mapper.insert(key("followAllRedirects"), s.followAllRedirects);
    if (changed(&HttpRequestSpec::requestCompressed))
        mapper.insert(key("gzip"), s.requestCompressed);
    if (changed(&HttpRequestSpec::errorOnHttpStatus))
        parameters.insert(key("handleErrors"), s.errorOnHttpStatus);
    if (fresh) {
        mapper.insert(key("useQuerystring"), false);
        mapper.insert(key("serializeUrl"), false);
        mapper.insert(key("useMtls"), false);
    }
}

void writeV4(const HttpRequestSpec &s, const HttpRequestSpec &base, bool fresh, QJsonObject &mapper,
    QJsonObject &parameters, const QString &who, QStringList *report)
{
    auto changed = [&](auto member) { return fresh || s.*member != base.*member; };
    if (changed(&HttpRequestSpec::url))
        mapper.insert(key("url"), s.url);
    if (changed(&HttpRequestSpec::method))
        mapper.insert(key("method"), makeMethod(s.method));
    if (changed(&HttpRequestSpec::headers))
        mapper.insert(key("headers"), pairsToJson(s.headers, "name"));
    if (changed(&HttpRequestSpec::query))
        mapper.insert(key("queryParameters"), pairsToJson(s.query, "name"));
    const bool bodyChanged = fresh || s.bodyType != base.bodyType
        || s.rawContentType != base.rawContentType || s.rawContent != base.rawContent
        || s.urlEncodedFields != base.urlEncodedFields || s.multipartFields != base.multipartFields;
    if (bodyChanged) {
        for (const char *stale :
            {"contentType", "inputMethod", "jsonStringBodyContent", "urlEncodedBodyContent",
                "multipartBodyContent", "customContentType", "customBodyContent"})
            mapper.remove(key(stale));
        switch (s.bodyType) {
        case BodyType::None:
            break;
        case BodyType::Raw:
            if (s.rawContentType.trimmed().compare(
                    QLatin1String("application/json"), Qt::CaseInsensitive)
                == 0) {
                mapper.insert(key("contentType"), QStringLiteral("json"));
                mapper.insert(key("inputMethod"), QStringLiteral("jsonString"));
                mapper.insert(key("jsonStringBodyContent"), s.rawContent);
            } else {
                mapper.insert(key("contentType"), QStringLiteral("custom"));
                mapper.insert(key("customContentType"), s.rawContentType);
                mapper.insert(key("customBodyContent"), s.rawContent);
            }
            break;
        case BodyType::UrlEncoded:
            mapper.insert(key("contentType"), QStringLiteral("urlEncoded"));
            mapper.insert(key("urlEncodedBodyContent"), pairsToJson(s.urlEncodedFields, "name"));
            break;
        case BodyType::Multipart: {
            mapper.insert(key("contentType"), QStringLiteral("multipart"));
            mapper.insert(key("multipartBodyContent"),
                multipartToJson(s.multipartFields, "name", "multipartFieldType"));
            break;
        }
        }
    }
    if (changed(&HttpRequestSpec::parseResponse))
        mapper.insert(key("parseResponse"), s.parseResponse);
    if (changed(&HttpRequestSpec::errorOnHttpStatus))
        mapper.insert(key("stopOnHttpError"), s.errorOnHttpStatus);
    if (changed(&HttpRequestSpec::timeoutSeconds))
        mapper.insert(key("timeout"), makeTimeout(s.timeoutSeconds));
    if (changed(&HttpRequestSpec::followRedirects))
        mapper.insert(key("allowRedirects"), s.followRedirects);
    if (changed(&HttpRequestSpec::shareCookies))
        mapper.insert(key("shareCookies"), s.shareCookies);
    if (changed(&HttpRequestSpec::requestCompressed))
        mapper.insert(key("requestCompressedContent"), s.requestCompressed);
    if (s.pagination.mode != base.pagination.mode || (fresh && s.pagination.enabled())) {
        if (s.pagination.enabled())
            mapper.insert(key("paginationType"), paginationToMake(s.pagination.mode));
        else
            mapper.remove(key("paginationType"));
    }
    if (fresh) {
        parameters.insert(key("authenticationType"), QStringLiteral("noAuth"));
        parameters.insert(key("tlsType"), QString());
    }
    // What v4 has no field for (Make keeps these in connections and keychains).
    auto lost = [&](bool differs, const QString &what) {
        if (differs && report)
            report->append(QCoreApplication::translate("MakeBlueprint",
                "%1: %2 cannot be written in a Make v4 HTTP module "
                "and was left out.")
                               .arg(who, what));
    };
    lost(s.username != base.username || s.password != base.password,
        QCoreApplication::translate("MakeBlueprint", "the user name and password"));
    lost(s.caCertificate != base.caCertificate, QStringLiteral("the CA certificate"));
    lost(s.rejectUnverifiedCertificates != base.rejectUnverifiedCertificates,
        QCoreApplication::translate("MakeBlueprint", "accepting unverified certificates"));
    lost(s.followAllRedirects != base.followAllRedirects,
        QCoreApplication::translate("MakeBlueprint", "“follow all redirects\u201d"));
    // Make's blueprint keeps only the kind of pagination (paginationType); the rest is ours.
    Pagination onlyMode = s.pagination;
    Pagination baseMode = base.pagination;
    onlyMode.mode = baseMode.mode = PaginationMode::None;
    lost(s.pagination.enabled() && onlyMode != baseMode,
        QCoreApplication::translate("MakeBlueprint",
            "the pagination settings other than its kind (parameters, where the "
            "answer gives the next page, stop rules, one bundle per item)"));
}

bool needsV3(const HttpRequestSpec &s)
{
    const HttpRequestSpec defaults;
    const bool rawNotJson = s.bodyType == BodyType::Raw
        && s.rawContentType.trimmed().compare(
               QLatin1String("application/json"), Qt::CaseInsensitive)
            != 0;
    return !s.username.isEmpty() || !s.password.isEmpty() || !s.caCertificate.isEmpty()
        || !s.rejectUnverifiedCertificates || s.followAllRedirects || rawNotJson;
}

QJsonObject exportHttp(const Module &module, QStringList *report)
{
    const QString baseName = module.foreign.value(key("module")).toString();
    const bool fromMake = isV3(baseName) || isV4(baseName);
    QJsonObject json = fromMake ? module.foreign : QJsonObject {};
    const HttpRequestSpec base
        = fromMake ? HttpConverter(module.foreign, nullptr).convert() : HttpRequestSpec {};
    const bool v3 = fromMake ? isV3(baseName) : needsV3(module.config);
    QJsonObject mapper = json.value(key("mapper")).toObject();
    QJsonObject parameters = json.value(key("parameters")).toObject();
    const QString who = QCoreApplication::translate("MakeBlueprint", "Module %1").arg(module.id);
    if (v3)
        writeV3(module.config, base, !fromMake, mapper, parameters);
    else
        writeV4(module.config, base, !fromMake, mapper, parameters, who, report);
    json.insert(key("id"), module.id);
    if (!fromMake) {
        json.insert(key("module"), v3 ? V3Module : V4Module);
        json.insert(key("version"), v3 ? 3 : 4);
    }
    json.insert(key("parameters"), parameters);
    json.insert(key("mapper"), mapper);
    return json;
}

/// Writes the label and position into metadata.designer, keeping everything else there.
void setDesigner(QJsonObject &json, const Module &module, bool writeName)
{
    QJsonObject metadata = json.value(key("metadata")).toObject();
    QJsonObject designer = metadata.value(key("designer")).toObject();
    const auto coordinate = [](double v) {
        // Whole numbers are written without ".0"; only those that fit in an integer (a
        // blueprint may say x: 1e70, and converting that is undefined).
        const bool whole = std::floor(v) == v && std::abs(v) < 9007199254740992.0; // 2^53
        return whole ? QJsonValue(static_cast<qint64>(v)) : QJsonValue(v);
    };
    designer.insert(key("x"), coordinate(module.position.x()));
    designer.insert(key("y"), coordinate(module.position.y()));
    if (writeName) {
        if (module.label.isEmpty())
            designer.remove(key("name"));
        else
            designer.insert(key("name"), module.label);
    }
    metadata.insert(key("designer"), designer);
    json.insert(key("metadata"), metadata);
}

} // namespace

namespace detail {

HttpRequestSpec httpFromMake(const QJsonObject &module, QStringList *report)
{
    const HttpRequestSpec spec = HttpConverter(module, report).convert();
    const QString moduleName = module.value(key("module")).toString();
    const int version = module.value(key("version")).toInt(0);
    const int expected = isV3(moduleName) ? 3 : 4;
    if (report && version != 0 && version != expected)
        report->append(QCoreApplication::translate("MakeBlueprint",
            "%1: is version %2 of the module; it was read as version "
            "%3, so check its fields.")
                           .arg(who(module))
                           .arg(version)
                           .arg(expected));
    return spec;
}

QJsonObject httpToMake(const Module &module, QStringList *report)
{
    QJsonObject json = exportHttp(module, report);
    setDesigner(json, module, true);
    return json;
}

void writeDesigner(QJsonObject &json, const Module &module, bool writeName)
{
    setDesigner(json, module, writeName);
}

QJsonArray flowOf(const QJsonObject &blueprint)
{
    return topLevelFlow(blueprint);
}

QList<int> nestedIds(const QJsonArray &flow)
{
    QList<int> ids;
    collectNestedIds(flow, &ids);
    return ids;
}

QString describeModule(const QJsonObject &module)
{
    return who(module);
}

QJsonObject blueprintMetadata()
{
    const QJsonObject settings {
        {key("roundtrips"), 1},
        {key("maxErrors"), 3},
        {key("autoCommit"), true},
        {key("autoCommitTriggerLast"), true},
        {key("sequential"), false},
        {key("confidential"), false},
        {key("dataloss"), false},
        {key("dlq"), false},
        {key("freshVariables"), false},
    };
    return QJsonObject {{key("version"), 1}, {key("scenario"), settings},
        {key("designer"), QJsonObject {{key("orphans"), QJsonArray {}}}}};
}

} // namespace detail

QStringList httpModuleNames()
{
    return {V3Module, QStringLiteral("http:ActionSendDataBasicAuth"),
        QStringLiteral("http:ActionSendDataAPIKeyAuth"), V4Module};
}

bool isBlueprint(const QJsonObject &json)
{
    if (json.contains(key("format")))
        return false;
    return json.value(key("flow")).isArray() || json.value(key("subflows")).isArray()
        || json.value(key("module")).isString();
}

bool isBlueprintFile(const QString &path)
{
    const LocalFileRead read = LocalFileAccess::readChosen(path, 64LL * 1024 * 1024);
    if (!read.ok())
        return false;
    const QByteArray &bytes = read.data;
    // A scenario file says its format at the top: no need for the JSON tree of 100,000
    // modules (about 8 times the file) to know it is not a blueprint.
    if (ScenarioFile::hasFormatKey(bytes))
        return false;
    const QJsonDocument json = QJsonDocument::fromJson(bytes);
    return json.isObject() && isBlueprint(json.object());
}

std::optional<ScenarioDocument> importScenario(
    const QJsonObject &blueprint, QStringList *report, QString *error)
{
    // The same limit as for scenario files (docs/scenario-file-limits.md), said before
    // converting 100,000 modules only to drop the rest.
    const qsizetype count = countModules(topLevelFlow(blueprint));
    if (count > Scenario::maxModules) {
        *error = QCoreApplication::translate("MakeBlueprint",
            "The blueprint holds %L1 modules; a scenario may have at most "
            "%L2.")
                     .arg(count)
                     .arg(Scenario::maxModules);
        return std::nullopt;
    }
    QString why;
    std::optional<ScenarioDocument> document
        = ScenarioFile::fromJson(toScenarioJson(blueprint, report), &why);
    if (!document) {
        *error
            = QCoreApplication::translate("MakeBlueprint", "The blueprint cannot be imported: %1")
                  .arg(why);
        return document;
    }
    // What the scenario reader set aside is one more thing not converted.
    if (report)
        report->append(document->warnings);
    document->warnings.clear();
    return document;
}

QJsonObject exportScenario(const ScenarioDocument &document, QStringList *report)
{
    return fromScenarioJson(ScenarioFile::toJson(document), report);
}

} // namespace MakeBlueprint
