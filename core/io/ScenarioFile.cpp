#include "core/io/ScenarioFile.h"

#include "core/kinds/KindConfigReader.h"
#include "core/model/JsonChecks.h"

#include "core/trust/LocalFileAccess.h"

#include "core/io/JsonWriter.h"
#include "core/kinds/KindRegistry.h"
#include "core/model/FlowGraph.h"
#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>
#include <QTimeZone>

#include <cmath>
#include <functional>

namespace ScenarioFile {

namespace {

QJsonValue number(double value)
{
    // Whole numbers are written without a fraction so that positions read well.
    if (std::floor(value) == value && std::abs(value) < 1e15)
        return QJsonValue(static_cast<qint64>(value));
    return QJsonValue(value);
}

QJsonObject bodyToJson(const HttpRequestSpec &spec)
{
    QJsonObject body {{QStringLiteral("type"), HttpRequestSpec::bodyTypeKey(spec.bodyType)}};
    switch (spec.bodyType) {
    case BodyType::None:
        break;
    case BodyType::Raw:
        body.insert(QStringLiteral("contentType"), spec.rawContentType);
        body.insert(QStringLiteral("content"), spec.rawContent);
        break;
    case BodyType::UrlEncoded:
        body.insert(QStringLiteral("fields"), JsonChecks::toJson(spec.urlEncodedFields));
        break;
    case BodyType::Multipart: {
        QJsonArray fields;
        for (const MultipartField &f : spec.multipartFields) {
            QJsonObject field {{QStringLiteral("name"), f.name}};
            if (f.isFile()) {
                field.insert(QStringLiteral("file"), f.file);
                field.insert(QStringLiteral("fileName"), f.fileName);
                field.insert(QStringLiteral("contentType"), f.contentType);
            } else {
                field.insert(QStringLiteral("value"), f.value);
            }
            fields.append(field);
        }
        body.insert(QStringLiteral("fields"), fields);
        break;
    }
    }
    return body;
}

/// config.pagination (docs/pagination.md): every key written, so that a file says it all.
QJsonObject paginationToJson(const Pagination &p)
{
    QJsonArray statuses;
    for (int code : p.stopStatusCodes)
        statuses.append(code);
    QJsonObject json {
        {QStringLiteral("mode"), Pagination::modeKey(p.mode)},
        {QStringLiteral("parameter"), p.parameter},
        {QStringLiteral("sendIn"), Pagination::placeKey(p.sendIn)},
        {QStringLiteral("start"), p.start},
        {QStringLiteral("limitParameter"), p.limitParameter},
        {QStringLiteral("limit"), p.limit},
        {QStringLiteral("nextField"), p.nextField},
        {QStringLiteral("itemsField"), p.itemsField},
        {QStringLiteral("output"), Pagination::outputKey(p.output)},
        {QStringLiteral("stopWhenEmpty"), p.stopWhenEmpty},
        {QStringLiteral("stopStatusCodes"), statuses},
        {QStringLiteral("maxPages"), p.maxPages},
        {QStringLiteral("maxItems"), p.maxItems},
    };
    if (!p.stopCondition.isEmpty())
        json.insert(QStringLiteral("stopCondition"), p.stopCondition.toJson());
    return json;
}

QJsonObject configToJson(const HttpRequestSpec &s)
{
    QJsonObject config {
        {QStringLiteral("method"), s.method},
        {QStringLiteral("url"), s.url},
        {QStringLiteral("headers"), JsonChecks::toJson(s.headers)},
        {QStringLiteral("query"), JsonChecks::toJson(s.query)},
        {QStringLiteral("body"), bodyToJson(s)},
        {QStringLiteral("parseResponse"), s.parseResponse},
        {QStringLiteral("basicAuth"),
            QJsonObject {{QStringLiteral("username"), s.username},
                {QStringLiteral("password"), s.password}}},
        {QStringLiteral("timeoutSeconds"), s.timeoutSeconds},
        {QStringLiteral("followRedirects"), s.followRedirects},
        {QStringLiteral("followAllRedirects"), s.followAllRedirects},
        {QStringLiteral("shareCookies"), s.shareCookies},
        {QStringLiteral("errorOnHttpStatus"), s.errorOnHttpStatus},
        {QStringLiteral("rejectUnverifiedCertificates"), s.rejectUnverifiedCertificates},
        {QStringLiteral("caCertificate"), s.caCertificate},
        {QStringLiteral("requestCompressed"), s.requestCompressed},
    };
    // Written only when changed, so that files from before retries existed read back the same.
    const HttpRequestSpec defaults;
    if (s.retryWhenBusy != defaults.retryWhenBusy || s.retryMaxTries != defaults.retryMaxTries
        || s.retryMaxWaitSeconds != defaults.retryMaxWaitSeconds) {
        config.insert(QStringLiteral("retry"),
            QJsonObject {{QStringLiteral("whenBusy"), s.retryWhenBusy},
                {QStringLiteral("maxTries"), s.retryMaxTries},
                {QStringLiteral("maxWaitSeconds"), s.retryMaxWaitSeconds}});
    }
    if (s.pagination != Pagination())
        config.insert(QStringLiteral("pagination"), paginationToJson(s.pagination));
    // Written only when chosen, so that files from before the choice existed read back the
    // same (a username alone still means Basic).
    if (s.authentication != AuthType::None) {
        QJsonObject auth {{QStringLiteral("type"), HttpRequestSpec::authTypeKey(s.authentication)}};
        if (s.authentication == AuthType::Connection)
            auth.insert(QStringLiteral("connection"), s.connection);
        config.insert(QStringLiteral("authentication"), auth);
    }
    return config;
}

QJsonObject connectionToJson(const Connection &c)
{
    QJsonObject o {
        {QStringLiteral("id"), c.id},
        {QStringLiteral("type"), c.type},
        {QStringLiteral("name"), c.name},
    };
    // Each type writes its own keys only, so that a file says what counts.
    if (c.usesTokenEndpoint()) {
        QJsonArray expired;
        for (int code : c.expiredStatusCodes)
            expired.append(code);
        o.insert(QStringLiteral("tokenUrl"), c.tokenUrl);
        o.insert(QStringLiteral("clientId"), c.clientId);
        o.insert(QStringLiteral("clientSecret"), c.clientSecret);
        o.insert(QStringLiteral("scope"), c.scope);
        o.insert(QStringLiteral("audience"), c.audience);
        o.insert(QStringLiteral("extraParameters"), JsonChecks::toJson(c.extraParameters));
        o.insert(QStringLiteral("clientAuthentication"),
            Connection::clientAuthenticationKey(c.clientAuthentication));
        o.insert(QStringLiteral("expiredStatusCodes"), expired);
        o.insert(QStringLiteral("refreshLeadSeconds"), c.refreshLeadSeconds);
        if (c.clientAuthentication == ClientAuthentication::PrivateKeyJwt) {
            o.insert(QStringLiteral("signingKey"), c.signingKey);
            o.insert(QStringLiteral("signingKeyFile"), c.signingKeyFile);
        }
        if (c.isAuthorizationCode()) {
            o.insert(QStringLiteral("authorizationUrl"), c.authorizationUrl);
            o.insert(QStringLiteral("redirectUri"), c.redirectUri);
            o.insert(QStringLiteral("revocationUrl"), c.revocationUrl);
            o.insert(QStringLiteral("refreshToken"), c.refreshToken);
        }
    } else if (c.type == Connection::apiKeyType()) {
        o.insert(QStringLiteral("apiKeyName"), c.apiKeyName);
        o.insert(QStringLiteral("apiKeyIn"), Connection::apiKeyPlaceKey(c.apiKeyIn));
        o.insert(QStringLiteral("apiKey"), c.apiKey);
    } else if (c.type == Connection::bearerType()) {
        o.insert(QStringLiteral("bearerToken"), c.bearerToken);
    } else if (c.type == Connection::basicType()) {
        o.insert(QStringLiteral("username"), c.username);
        o.insert(QStringLiteral("password"), c.password);
    }
    // A client certificate: a type of its own, or besides any other type.
    if (c.type == Connection::clientCertificateType() || !c.certificateFile.isEmpty()) {
        o.insert(QStringLiteral("certificateFile"), c.certificateFile);
        o.insert(QStringLiteral("privateKeyFile"), c.privateKeyFile);
        o.insert(QStringLiteral("certificatePassword"), c.certificatePassword);
    }
    return o;
}

/// The order keys are written in: the order of docs/scenario-file.md, so files read top-down.
QStringList keyOrder()
{
    return {
        QStringLiteral("format"),
        QStringLiteral("version"),
        QStringLiteral("name"),
        QStringLiteral("timeZone"),
        QStringLiteral("nextModuleId"),
        QStringLiteral("inputs"),
        QStringLiteral("connections"),
        QStringLiteral("modules"),
        QStringLiteral("links"),
        QStringLiteral("id"),
        QStringLiteral("type"),
        QStringLiteral("label"),
        QStringLiteral("position"),
        QStringLiteral("note"),
        QStringLiteral("config"),
        QStringLiteral("foreign"),
        QStringLiteral("method"),
        QStringLiteral("url"),
        QStringLiteral("headers"),
        QStringLiteral("query"),
        QStringLiteral("body"),
        QStringLiteral("parseResponse"),
        QStringLiteral("authentication"),
        QStringLiteral("connection"),
        QStringLiteral("basicAuth"),
        QStringLiteral("username"),
        QStringLiteral("password"),
        QStringLiteral("timeoutSeconds"),
        QStringLiteral("followRedirects"),
        QStringLiteral("followAllRedirects"),
        QStringLiteral("shareCookies"),
        QStringLiteral("errorOnHttpStatus"),
        QStringLiteral("rejectUnverifiedCertificates"),
        QStringLiteral("caCertificate"),
        QStringLiteral("requestCompressed"),
        QStringLiteral("retry"),
        QStringLiteral("whenBusy"),
        QStringLiteral("maxTries"),
        QStringLiteral("maxWaitSeconds"),
        QStringLiteral("pagination"),
        QStringLiteral("mode"),
        QStringLiteral("parameter"),
        QStringLiteral("sendIn"),
        QStringLiteral("limitParameter"),
        QStringLiteral("limit"),
        QStringLiteral("nextField"),
        QStringLiteral("itemsField"),
        QStringLiteral("stopWhenEmpty"),
        QStringLiteral("stopCondition"),
        QStringLiteral("stopStatusCodes"),
        QStringLiteral("maxPages"),
        QStringLiteral("maxItems"),
        QStringLiteral("contentType"),
        QStringLiteral("content"),
        // before "fields", which aggregators share with request bodies
        QStringLiteral("array"),
        QStringLiteral("source"),
        QStringLiteral("fields"),
        QStringLiteral("file"),
        QStringLiteral("fileName"),
        QStringLiteral("from"),
        QStringLiteral("to"),
        QStringLiteral("fallback"),
        QStringLiteral("onError"),
        QStringLiteral("filter"),
        QStringLiteral("conditions"),
        QStringLiteral("a"),
        QStringLiteral("o"),
        QStringLiteral("b"),
        QStringLiteral("value"),
        // flow kinds' configs (docs/scenario-file.md), in the order the table shows them
        QStringLiteral("groupBy"),
        QStringLiteral("stopIfEmpty"),
        QStringLiteral("text"),
        QStringLiteral("rowSeparator"),
        QStringLiteral("start"),
        QStringLiteral("repeats"),
        QStringLiteral("step"),
        QStringLiteral("variables"),
        QStringLiteral("names"),
        QStringLiteral("seconds"),
        QStringLiteral("json"),
        QStringLiteral("message"),
        QStringLiteral("output"),
        QStringLiteral("count"),
        QStringLiteral("intervalSeconds"),
        QStringLiteral("authorizationUrl"),
        QStringLiteral("tokenUrl"),
        QStringLiteral("clientId"),
        QStringLiteral("clientSecret"),
        QStringLiteral("scope"),
        QStringLiteral("audience"),
        QStringLiteral("extraParameters"),
        QStringLiteral("clientAuthentication"),
        QStringLiteral("signingKey"),
        QStringLiteral("signingKeyFile"),
        QStringLiteral("redirectUri"),
        QStringLiteral("revocationUrl"),
        QStringLiteral("refreshToken"),
        QStringLiteral("expiredStatusCodes"),
        QStringLiteral("refreshLeadSeconds"),
        QStringLiteral("apiKeyName"),
        QStringLiteral("apiKeyIn"),
        QStringLiteral("apiKey"),
        QStringLiteral("bearerToken"),
        QStringLiteral("certificateFile"),
        QStringLiteral("privateKeyFile"),
        QStringLiteral("certificatePassword"),
    };
}

/// Reads typed values out of JSON objects and remembers where it is, so that every error
/// names the module and the key ("module 2, key config.timeoutSeconds: …").
class Reader
{
public:
    QString error;
    QStringList warnings;

    bool failed() const { return !error.isEmpty(); }

    void setModule(const QJsonObject &module, int index)
    {
        const QJsonValue id = module.value(QStringLiteral("id"));
        const QString label = module.value(QStringLiteral("label")).toString();
        if (id.isDouble())
            m_where = QCoreApplication::translate("ScenarioFile", "Module %1").arg(id.toDouble());
        else
            m_where = QCoreApplication::translate(
                "ScenarioFile", "The module at position %1 in the list")
                          .arg(index + 1);
        if (!label.isEmpty())
            m_where += QStringLiteral(" (\u201c%1\u201d)").arg(label);
    }
    void setTopLevel() { m_where = QCoreApplication::translate("ScenarioFile", "The scenario"); }
    QString where() const { return m_where; }
    void setModule(ModuleId id, const QString &label)
    {
        m_where = QCoreApplication::translate("ScenarioFile", "Module %1").arg(id);
        if (!label.isEmpty())
            m_where += QStringLiteral(" (\u201c%1\u201d)").arg(label);
    }
    void setWhere(const QString &where) { m_where = where; }

    void fail(const QString &key, const QString &what)
    {
        if (error.isEmpty())
            error = QCoreApplication::translate("ScenarioFile", "%1, key \u201c%2\u201d: %3")
                        .arg(m_where, key, what);
    }
    void warnUnknownKeys(const QJsonObject &object, const QString &prefix, const QStringList &known)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                warnings.append(QCoreApplication::translate(
                    "ScenarioFile", "%1: ignored the unknown key \u201c%2%3\u201d.")
                                    .arg(m_where, prefix, it.key()));
        }
    }

    /// "a number", "text", … for messages: the same words as the kinds' settings use.
    static QString typeName(const QJsonValue &v) { return JsonChecks::typeName(v); }

    /// The value when `problem` (JsonChecks' words, shared with the kinds' settings) is
    /// empty; otherwise the reader fails at path.
    template <typename T>
    T checked(const QString &path, const QString &problem, T value, T fallback)
    {
        if (problem.isEmpty())
            return value;
        fail(path, problem);
        return fallback;
    }

    QString string(
        const QJsonObject &o, const QString &key, const QString &path, const QString &fallback)
    {
        const QJsonValue v = o.value(key);
        return v.isUndefined() ? fallback
                               : checked(path, JsonChecks::notText(v), v.toString(), fallback);
    }
    /// Text that ends up inside a request header line: a CR or LF in it would end that line
    /// and let the file write headers of its own, so it is refused.
    QString headerText(
        const QJsonObject &o, const QString &key, const QString &path, const QString &fallback)
    {
        const QString text = string(o, key, path, fallback);
        if (!failed() && (text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n')))) {
            fail(path,
                QCoreApplication::translate("ScenarioFile",
                    "must be on one line, but holds a line break; it goes into "
                    "a header of the request, where a line break would start "
                    "another header."));
            return fallback;
        }
        return text;
    }
    bool boolean(const QJsonObject &o, const QString &key, const QString &path, bool fallback)
    {
        const QJsonValue v = o.value(key);
        return v.isUndefined() ? fallback
                               : checked(path, JsonChecks::notBoolean(v), v.toBool(), fallback);
    }
    int integer(const QJsonObject &o, const QString &key, const QString &path, int fallback,
        int min, int max)
    {
        const QJsonValue v = o.value(key);
        return v.isUndefined()
            ? fallback
            : checked(path, JsonChecks::notWholeNumber(v, min, max), v.toInt(), fallback);
    }
    QJsonObject object(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        return v.isUndefined()
            ? QJsonObject()
            : checked(path, JsonChecks::notObject(v), v.toObject(), QJsonObject());
    }
    QJsonArray array(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        return v.isUndefined() ? QJsonArray()
                               : checked(path, JsonChecks::notList(v), v.toArray(), QJsonArray());
    }

    QList<NameValue> nameValues(const QJsonObject &o, const QString &key, const QString &path)
    {
        return JsonChecks::nameValues(
            array(o, key, path), path,
            [this](const QString &at, const QString &what) { fail(at, what); },
            [this](const QString &at) {
                warnings.append(QCoreApplication::translate(
                    "ScenarioFile", "%1: ignored the unknown key \u201c%2\u201d.")
                                    .arg(m_where, at));
            });
    }

private:
    QString m_where = QCoreApplication::translate("ScenarioFile", "The scenario");
};

/// config.pagination (docs/pagination.md, limits in docs/scenario-file-limits.md).
void readPagination(Reader &r, const QJsonObject &config, Pagination &p)
{
    const QString at = QStringLiteral("config.pagination");
    const QJsonObject o = r.object(config, QStringLiteral("pagination"), at);
    if (r.failed())
        return;
    bool ok = true;
    const QString mode = r.string(
        o, QStringLiteral("mode"), at + QStringLiteral(".mode"), Pagination::modeKey(p.mode));
    p.mode = Pagination::modeFromKey(mode, &ok);
    if (!ok)
        r.fail(at + QStringLiteral(".mode"),
            QCoreApplication::translate(
                "ScenarioFile", "\u201c%1\u201d is not a way of paging. Use one of %2.")
                .arg(mode, Pagination::modeKeys().join(QStringLiteral(", "))));
    p.parameter
        = r.headerText(o, QStringLiteral("parameter"), at + QStringLiteral(".parameter"), {});
    const QString place = r.string(o, QStringLiteral("sendIn"), at + QStringLiteral(".sendIn"),
        Pagination::placeKey(p.sendIn));
    p.sendIn = Pagination::placeFromKey(place, &ok);
    if (!ok)
        r.fail(at + QStringLiteral(".sendIn"),
            QCoreApplication::translate("ScenarioFile",
                "\u201c%1\u201d is not a place of a request. Use query, header or "
                "body.")
                .arg(place));
    p.start = r.string(o, QStringLiteral("start"), at + QStringLiteral(".start"), {});
    p.limitParameter = r.headerText(
        o, QStringLiteral("limitParameter"), at + QStringLiteral(".limitParameter"), {});
    p.limit = r.headerText(o, QStringLiteral("limit"), at + QStringLiteral(".limit"), {});
    p.nextField = r.string(o, QStringLiteral("nextField"), at + QStringLiteral(".nextField"), {});
    p.itemsField
        = r.string(o, QStringLiteral("itemsField"), at + QStringLiteral(".itemsField"), {});
    const QString output = r.string(o, QStringLiteral("output"), at + QStringLiteral(".output"),
        Pagination::outputKey(p.output));
    p.output = Pagination::outputFromKey(output, &ok);
    if (!ok)
        r.fail(at + QStringLiteral(".output"),
            QCoreApplication::translate("ScenarioFile",
                "\u201c%1\u201d is not a choice here. Use page (one bundle per page) "
                "or item (one bundle per item of the list).")
                .arg(output));
    p.stopWhenEmpty = r.boolean(
        o, QStringLiteral("stopWhenEmpty"), at + QStringLiteral(".stopWhenEmpty"), true);
    if (o.contains(QStringLiteral("stopCondition"))) {
        QString why;
        const std::optional<Filter> condition
            = Filter::fromJson(o.value(QStringLiteral("stopCondition")), &why);
        if (condition)
            p.stopCondition = *condition;
        else
            r.fail(at + QStringLiteral(".stopCondition"), why);
    }
    const QJsonArray statuses
        = r.array(o, QStringLiteral("stopStatusCodes"), at + QStringLiteral(".stopStatusCodes"));
    for (qsizetype i = 0; i < statuses.size() && !r.failed(); ++i) {
        const QString path = at + QStringLiteral(".stopStatusCodes[%1]").arg(i);
        const QString problem = JsonChecks::notWholeNumber(statuses.at(i), 100, 599);
        if (!problem.isEmpty())
            r.fail(path, problem);
        else
            p.stopStatusCodes.append(statuses.at(i).toInt());
    }
    p.maxPages = r.integer(o, QStringLiteral("maxPages"), at + QStringLiteral(".maxPages"),
        p.maxPages, 1, Pagination::MaxPagesCap);
    p.maxItems = r.integer(o, QStringLiteral("maxItems"), at + QStringLiteral(".maxItems"),
        p.maxItems, 0, Pagination::MaxItemsCap);
    r.warnUnknownKeys(o, at + QStringLiteral("."),
        {QStringLiteral("mode"), QStringLiteral("parameter"), QStringLiteral("sendIn"),
            QStringLiteral("start"), QStringLiteral("limitParameter"), QStringLiteral("limit"),
            QStringLiteral("nextField"), QStringLiteral("itemsField"), QStringLiteral("output"),
            QStringLiteral("stopWhenEmpty"), QStringLiteral("stopCondition"),
            QStringLiteral("stopStatusCodes"), QStringLiteral("maxPages"),
            QStringLiteral("maxItems")});
}

void readBody(Reader &r, const QJsonObject &config, HttpRequestSpec &spec)
{
    if (!config.contains(QStringLiteral("body")))
        return;
    const QJsonObject body
        = r.object(config, QStringLiteral("body"), QStringLiteral("config.body"));
    if (r.failed())
        return;
    const QString type = r.string(
        body, QStringLiteral("type"), QStringLiteral("config.body.type"), QStringLiteral("none"));
    bool ok = false;
    spec.bodyType = HttpRequestSpec::bodyTypeFromKey(type, &ok);
    if (!ok) {
        r.fail(QStringLiteral("config.body.type"),
            QCoreApplication::translate("ScenarioFile",
                "\u201c%1\u201d is not a body type. Use none, raw, urlencoded or "
                "multipart.")
                .arg(type));
        return;
    }
    QStringList known {QStringLiteral("type")};
    switch (spec.bodyType) {
    case BodyType::None:
        break;
    case BodyType::Raw:
        spec.rawContentType = r.headerText(body, QStringLiteral("contentType"),
            QStringLiteral("config.body.contentType"), spec.rawContentType);
        spec.rawContent = r.string(
            body, QStringLiteral("content"), QStringLiteral("config.body.content"), QString());
        known << QStringLiteral("contentType") << QStringLiteral("content");
        break;
    case BodyType::UrlEncoded:
        spec.urlEncodedFields
            = r.nameValues(body, QStringLiteral("fields"), QStringLiteral("config.body.fields"));
        known << QStringLiteral("fields");
        break;
    case BodyType::Multipart: {
        known << QStringLiteral("fields");
        const QJsonArray fields
            = r.array(body, QStringLiteral("fields"), QStringLiteral("config.body.fields"));
        for (qsizetype i = 0; i < fields.size() && !r.failed(); ++i) {
            const QString path = QStringLiteral("config.body.fields[%1]").arg(i + 1);
            if (!fields[i].isObject()) {
                r.fail(path,
                    QCoreApplication::translate("ScenarioFile", "must be an object, but is %1.")
                        .arg(Reader::typeName(fields[i])));
                break;
            }
            const QJsonObject f = fields[i].toObject();
            MultipartField field;
            field.name = r.string(f, QStringLiteral("name"), path + QStringLiteral(".name"), {});
            field.value = r.string(f, QStringLiteral("value"), path + QStringLiteral(".value"), {});
            field.file = r.string(f, QStringLiteral("file"), path + QStringLiteral(".file"), {});
            field.fileName = r.headerText(
                f, QStringLiteral("fileName"), path + QStringLiteral(".fileName"), {});
            field.contentType = r.headerText(
                f, QStringLiteral("contentType"), path + QStringLiteral(".contentType"), {});
            r.warnUnknownKeys(f, path + QLatin1Char('.'),
                {QStringLiteral("name"), QStringLiteral("value"), QStringLiteral("file"),
                    QStringLiteral("fileName"), QStringLiteral("contentType")});
            spec.multipartFields.append(field);
        }
        break;
    }
    }
    r.warnUnknownKeys(body, QStringLiteral("config.body."), known);
}

void readAuthentication(
    Reader &r, const QJsonObject &config, HttpRequestSpec &spec, const QStringList &connectionIds)
{
    const QJsonObject auth = r.object(
        config, QStringLiteral("authentication"), QStringLiteral("config.authentication"));
    if (r.failed())
        return;
    const QString type = r.string(auth, QStringLiteral("type"),
        QStringLiteral("config.authentication.type"), QStringLiteral("none"));
    bool ok = false;
    spec.authentication = HttpRequestSpec::authTypeFromKey(type, &ok);
    if (!ok) {
        r.fail(QStringLiteral("config.authentication.type"),
            QCoreApplication::translate("ScenarioFile",
                "\u201c%1\u201d is not a kind of authentication. Use none, basic or "
                "connection.")
                .arg(type));
        return;
    }
    QStringList known {QStringLiteral("type")};
    if (spec.authentication == AuthType::Connection) {
        known << QStringLiteral("connection");
        spec.connection = r.string(auth, QStringLiteral("connection"),
            QStringLiteral("config.authentication.connection"), {});
        if (!r.failed() && !connectionIds.contains(spec.connection)) {
            r.fail(QStringLiteral("config.authentication.connection"),
                spec.connection.isEmpty()
                    ? QCoreApplication::translate("ScenarioFile",
                        "is missing; say which connection the module signs in "
                        "with.")
                    : QCoreApplication::translate("ScenarioFile",
                        "there is no connection \u201c%1\u201d in this "
                        "scenario (it has %2).")
                          .arg(spec.connection,
                              connectionIds.isEmpty() ? QStringLiteral("none")
                                                      : QStringLiteral("\u201c%1\u201d")
                                                            .arg(connectionIds.join(QStringLiteral(
                                                                "\u201d, \u201c")))));
        }
    }
    r.warnUnknownKeys(auth, QStringLiteral("config.authentication."), known);
}

QList<Connection> readConnections(Reader &r, const QJsonObject &json)
{
    QList<Connection> connections;
    const QJsonArray items
        = r.array(json, QStringLiteral("connections"), QStringLiteral("connections"));
    QStringList ids;
    for (qsizetype i = 0; i < items.size() && !r.failed(); ++i) {
        if (!items[i].isObject()) {
            r.fail(QStringLiteral("connections[%1]").arg(i + 1),
                QCoreApplication::translate(
                    "ScenarioFile", "must be an object describing a connection, but is %1.")
                    .arg(Reader::typeName(items[i])));
            break;
        }
        const QJsonObject o = items[i].toObject();
        const QString id = o.value(QStringLiteral("id")).toString();
        r.setWhere(id.isEmpty()
                ? QCoreApplication::translate(
                    "ScenarioFile", "The connection at position %1 in the list")
                      .arg(i + 1)
                : QCoreApplication::translate("ScenarioFile", "Connection \u201c%1\u201d").arg(id));
        Connection c;
        c.id = r.string(o, QStringLiteral("id"), QStringLiteral("id"), {});
        if (!r.failed() && c.id.isEmpty()) {
            r.fail(QStringLiteral("id"),
                QCoreApplication::translate("ScenarioFile",
                    "is missing or empty; modules refer to a "
                    "connection by its id."));
        } else if (!r.failed() && ids.contains(c.id)) {
            r.fail(QStringLiteral("id"),
                QCoreApplication::translate("ScenarioFile",
                    "another connection already has this id; "
                    "each needs its own."));
        }
        ids.append(c.id);
        c.type = r.string(o, QStringLiteral("type"), QStringLiteral("type"), c.type);
        if (!r.failed() && !Connection::knownTypes().contains(c.type)) {
            r.fail(QStringLiteral("type"),
                QCoreApplication::translate("ScenarioFile",
                    "\u201c%1\u201d is a kind of connection this Scenarist does "
                    "not know. It knows %2.")
                    .arg(c.type,
                        QStringLiteral("\u201c")
                            + Connection::knownTypes().join(QStringLiteral("\u201d, \u201c"))
                            + QStringLiteral("\u201d")));
        }
        c.name = r.string(o, QStringLiteral("name"), QStringLiteral("name"), {});
        c.tokenUrl = r.string(o, QStringLiteral("tokenUrl"), QStringLiteral("tokenUrl"), {});
        c.clientId = r.string(o, QStringLiteral("clientId"), QStringLiteral("clientId"), {});
        c.clientSecret
            = r.string(o, QStringLiteral("clientSecret"), QStringLiteral("clientSecret"), {});
        c.scope = r.string(o, QStringLiteral("scope"), QStringLiteral("scope"), {});
        c.audience = r.string(o, QStringLiteral("audience"), QStringLiteral("audience"), {});
        c.extraParameters
            = r.nameValues(o, QStringLiteral("extraParameters"), QStringLiteral("extraParameters"));
        const QString auth = r.string(o, QStringLiteral("clientAuthentication"),
            QStringLiteral("clientAuthentication"), QStringLiteral("body"));
        bool ok = false;
        c.clientAuthentication = Connection::clientAuthenticationFromKey(auth, &ok);
        if (!ok && !r.failed()) {
            r.fail(QStringLiteral("clientAuthentication"),
                QCoreApplication::translate("ScenarioFile",
                    "\u201c%1\u201d is not a way to send the client ID and "
                    "secret. Use body, basic, privateKeyJwt or clientSecretJwt.")
                    .arg(auth));
        }
        c.signingKey = r.string(o, QStringLiteral("signingKey"), QStringLiteral("signingKey"), {});
        c.signingKeyFile
            = r.string(o, QStringLiteral("signingKeyFile"), QStringLiteral("signingKeyFile"), {});
        c.authorizationUrl = r.string(
            o, QStringLiteral("authorizationUrl"), QStringLiteral("authorizationUrl"), {});
        c.redirectUri
            = r.string(o, QStringLiteral("redirectUri"), QStringLiteral("redirectUri"), {});
        c.revocationUrl
            = r.string(o, QStringLiteral("revocationUrl"), QStringLiteral("revocationUrl"), {});
        c.refreshToken
            = r.string(o, QStringLiteral("refreshToken"), QStringLiteral("refreshToken"), {});
        // A refresh token is as good as a password: a file holds only its secret's name.
        if (!r.failed() && !c.refreshToken.trimmed().isEmpty()
            && c.refreshTokenSecretName().isEmpty()) {
            r.fail(QStringLiteral("refreshToken"),
                QCoreApplication::translate("ScenarioFile",
                    "must be a secret reference such as {{secrets.%1}}, never the "
                    "refresh token itself.")
                    .arg(Connection::defaultRefreshTokenSecretName(c.id)));
        }
        if (o.contains(QStringLiteral("expiredStatusCodes"))) {
            c.expiredStatusCodes.clear();
            const QJsonArray codes = r.array(
                o, QStringLiteral("expiredStatusCodes"), QStringLiteral("expiredStatusCodes"));
            for (qsizetype k = 0; k < codes.size() && !r.failed(); ++k) {
                const double code = codes[k].toDouble(-1);
                if (!codes[k].isDouble() || std::floor(code) != code || code < 100 || code > 599) {
                    r.fail(QStringLiteral("expiredStatusCodes[%1]").arg(k + 1),
                        QCoreApplication::translate("ScenarioFile",
                            "must be an HTTP status code from 100 to 599, like "
                            "401."));
                    break;
                }
                c.expiredStatusCodes.append(static_cast<int>(code));
            }
        }
        c.refreshLeadSeconds = r.integer(o, QStringLiteral("refreshLeadSeconds"),
            QStringLiteral("refreshLeadSeconds"), c.refreshLeadSeconds, 0, 86400);
        c.apiKeyName
            = r.string(o, QStringLiteral("apiKeyName"), QStringLiteral("apiKeyName"), c.apiKeyName);
        const QString place = r.string(
            o, QStringLiteral("apiKeyIn"), QStringLiteral("apiKeyIn"), QStringLiteral("header"));
        c.apiKeyIn = Connection::apiKeyPlaceFromKey(place, &ok);
        if (!ok && !r.failed()) {
            r.fail(QStringLiteral("apiKeyIn"),
                QCoreApplication::translate("ScenarioFile",
                    "\u201c%1\u201d is not a place for an API key. Use header or "
                    "query.")
                    .arg(place));
        }
        c.apiKey = r.string(o, QStringLiteral("apiKey"), QStringLiteral("apiKey"), {});
        c.bearerToken
            = r.string(o, QStringLiteral("bearerToken"), QStringLiteral("bearerToken"), {});
        c.username = r.string(o, QStringLiteral("username"), QStringLiteral("username"), {});
        c.password = r.string(o, QStringLiteral("password"), QStringLiteral("password"), {});
        c.certificateFile
            = r.string(o, QStringLiteral("certificateFile"), QStringLiteral("certificateFile"), {});
        c.privateKeyFile
            = r.string(o, QStringLiteral("privateKeyFile"), QStringLiteral("privateKeyFile"), {});
        c.certificatePassword = r.string(
            o, QStringLiteral("certificatePassword"), QStringLiteral("certificatePassword"), {});
        r.warnUnknownKeys(o, QString(),
            {QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("name"),
                QStringLiteral("tokenUrl"), QStringLiteral("clientId"),
                QStringLiteral("clientSecret"), QStringLiteral("scope"), QStringLiteral("audience"),
                QStringLiteral("extraParameters"), QStringLiteral("clientAuthentication"),
                QStringLiteral("expiredStatusCodes"), QStringLiteral("refreshLeadSeconds"),
                QStringLiteral("apiKeyName"), QStringLiteral("apiKeyIn"), QStringLiteral("apiKey"),
                QStringLiteral("bearerToken"), QStringLiteral("username"),
                QStringLiteral("password"), QStringLiteral("certificateFile"),
                QStringLiteral("privateKeyFile"), QStringLiteral("certificatePassword"),
                QStringLiteral("signingKey"), QStringLiteral("signingKeyFile"),
                QStringLiteral("authorizationUrl"), QStringLiteral("redirectUri"),
                QStringLiteral("revocationUrl"), QStringLiteral("refreshToken")});
        connections.append(c);
    }
    r.setTopLevel();
    return connections;
}

HttpRequestSpec readConfig(Reader &r, const QJsonObject &module, const QStringList &connectionIds)
{
    HttpRequestSpec spec;
    if (!module.contains(QStringLiteral("config"))) {
        r.fail(QStringLiteral("config"),
            QCoreApplication::translate("ScenarioFile",
                "is missing; an HTTP module needs at "
                "least a URL."));
        return spec;
    }
    const QJsonObject c = r.object(module, QStringLiteral("config"), QStringLiteral("config"));
    if (r.failed())
        return spec;
    if (!c.contains(QStringLiteral("url"))) {
        r.fail(QStringLiteral("config.url"),
            QCoreApplication::translate("ScenarioFile",
                "is missing; every HTTP module needs a "
                "URL (it may be empty)."));
        return spec;
    }
    spec.url = r.string(c, QStringLiteral("url"), QStringLiteral("config.url"), {});
    const QString method
        = r.string(c, QStringLiteral("method"), QStringLiteral("config.method"), spec.method);
    if (!HttpRequestSpec::methods().contains(method.toUpper())) {
        r.fail(QStringLiteral("config.method"),
            QCoreApplication::translate(
                "ScenarioFile", "\u201c%1\u201d is not a method. Use one of %2.")
                .arg(method, HttpRequestSpec::methods().join(QStringLiteral(", "))));
    }
    spec.method = method.toUpper();
    spec.headers = r.nameValues(c, QStringLiteral("headers"), QStringLiteral("config.headers"));
    spec.query = r.nameValues(c, QStringLiteral("query"), QStringLiteral("config.query"));
    readBody(r, c, spec);
    spec.parseResponse = r.boolean(c, QStringLiteral("parseResponse"),
        QStringLiteral("config.parseResponse"), spec.parseResponse);
    const QJsonObject auth
        = r.object(c, QStringLiteral("basicAuth"), QStringLiteral("config.basicAuth"));
    spec.username = r.string(
        auth, QStringLiteral("username"), QStringLiteral("config.basicAuth.username"), {});
    spec.password = r.string(
        auth, QStringLiteral("password"), QStringLiteral("config.basicAuth.password"), {});
    if (c.contains(QStringLiteral("authentication")))
        readAuthentication(r, c, spec, connectionIds);
    spec.timeoutSeconds = r.integer(c, QStringLiteral("timeoutSeconds"),
        QStringLiteral("config.timeoutSeconds"), spec.timeoutSeconds, 1, 300);
    spec.followRedirects = r.boolean(
        c, QStringLiteral("followRedirects"), QStringLiteral("config.followRedirects"), true);
    spec.followAllRedirects = r.boolean(c, QStringLiteral("followAllRedirects"),
        QStringLiteral("config.followAllRedirects"), false);
    spec.shareCookies = r.boolean(
        c, QStringLiteral("shareCookies"), QStringLiteral("config.shareCookies"), false);
    spec.errorOnHttpStatus = r.boolean(
        c, QStringLiteral("errorOnHttpStatus"), QStringLiteral("config.errorOnHttpStatus"), true);
    spec.rejectUnverifiedCertificates = r.boolean(c, QStringLiteral("rejectUnverifiedCertificates"),
        QStringLiteral("config.rejectUnverifiedCertificates"), true);
    spec.caCertificate
        = r.string(c, QStringLiteral("caCertificate"), QStringLiteral("config.caCertificate"), {});
    spec.requestCompressed = r.boolean(
        c, QStringLiteral("requestCompressed"), QStringLiteral("config.requestCompressed"), true);
    const QJsonObject retry = r.object(c, QStringLiteral("retry"), QStringLiteral("config.retry"));
    spec.retryWhenBusy = r.boolean(retry, QStringLiteral("whenBusy"),
        QStringLiteral("config.retry.whenBusy"), spec.retryWhenBusy);
    spec.retryMaxTries
        = r.integer(retry, QStringLiteral("maxTries"), QStringLiteral("config.retry.maxTries"),
            spec.retryMaxTries, HttpRequestSpec::MinRetryTries, HttpRequestSpec::MaxRetryTries);
    spec.retryMaxWaitSeconds = r.integer(retry, QStringLiteral("maxWaitSeconds"),
        QStringLiteral("config.retry.maxWaitSeconds"), spec.retryMaxWaitSeconds,
        HttpRequestSpec::MinRetryWaitSeconds, HttpRequestSpec::MaxRetryWaitSeconds);
    r.warnUnknownKeys(retry, QStringLiteral("config.retry."),
        {QStringLiteral("whenBusy"), QStringLiteral("maxTries"), QStringLiteral("maxWaitSeconds")});
    if (c.contains(QStringLiteral("pagination")))
        readPagination(r, c, spec.pagination);
    r.warnUnknownKeys(c, QStringLiteral("config."),
        {QStringLiteral("method"), QStringLiteral("url"), QStringLiteral("headers"),
            QStringLiteral("query"), QStringLiteral("body"), QStringLiteral("parseResponse"),
            QStringLiteral("basicAuth"), QStringLiteral("authentication"),
            QStringLiteral("timeoutSeconds"), QStringLiteral("followRedirects"),
            QStringLiteral("followAllRedirects"), QStringLiteral("shareCookies"),
            QStringLiteral("errorOnHttpStatus"), QStringLiteral("rejectUnverifiedCertificates"),
            QStringLiteral("caCertificate"), QStringLiteral("requestCompressed"),
            QStringLiteral("retry"), QStringLiteral("pagination")});
    return spec;
}

QString describeCycle(const QList<Module> &modules, const QList<ModuleId> &cycle)
{
    QHash<ModuleId, QString> labels;
    const QSet<ModuleId> onCycle(cycle.cbegin(), cycle.cend());
    for (const Module &m : modules) {
        if (onCycle.contains(m.id) && !m.label.isEmpty())
            labels.insert(m.id, m.label);
    }
    // A circle of thousands of modules would make a message nobody reads: show its start.
    constexpr qsizetype shown = 8;
    QStringList steps;
    for (qsizetype i = 0; i < cycle.size() && i < shown; ++i) {
        const ModuleId id = cycle.at(i);
        steps.append(labels.contains(id)
                ? QCoreApplication::translate("ScenarioFile", "module %1 (\u201c%2\u201d)")
                      .arg(id)
                      .arg(labels.value(id))
                : QCoreApplication::translate("ScenarioFile", "module %1").arg(id));
    }
    if (cycle.size() > shown)
        steps.append(QCoreApplication::translate("ScenarioFile", "\u2026 (%L1 modules in all)")
                         .arg(cycle.size()));
    steps.append(QCoreApplication::translate("ScenarioFile", "module %1").arg(cycle.first()));
    return QCoreApplication::translate("ScenarioFile",
        "the links go round in a circle: %1. No module of a circle can run "
        "first; remove one of these links.")
        .arg(steps.join(QStringLiteral(" \u2192 ")));
}

} // namespace

QJsonObject toJson(const ScenarioDocument &document)
{
    QJsonArray modules;
    ModuleId largestId = 0;
    for (const Module &m : document.modules) {
        largestId = std::max(largestId, m.id);
        QJsonObject module {
            {QStringLiteral("id"), m.id},
            {QStringLiteral("type"), m.type},
            {QStringLiteral("label"), m.label},
            {QStringLiteral("position"),
                QJsonArray {number(m.position.x()), number(m.position.y())}},
        };
        if (!m.note.isEmpty())
            module.insert(QStringLiteral("note"), m.note);
        if (m.type == Module::httpRequestType())
            module.insert(QStringLiteral("config"), configToJson(m.config));
        else if (!m.settings.isNull())
            module.insert(QStringLiteral("config"), m.settings.toJson());
        if (!m.foreign.isEmpty())
            module.insert(QStringLiteral("foreign"), m.foreign);
        modules.append(module);
    }
    // The editor may still draw plain links that a version 2 file refuses (two into one
    // module, several out of one that is not a router); they meant "run in this order", so
    // they are written as the one chain that means the same and opens again.
    const QList<Link> written
        = FlowGraph(document.modules, document.links).hasOnlyPlainLinksOfAnOlderShape()
        ? FlowGraph::chainInRunOrder(document.modules, document.links)
        : document.links;
    QJsonArray links;
    for (const Link &l : written) {
        QJsonObject link {{QStringLiteral("from"), l.from}, {QStringLiteral("to"), l.to}};
        if (l.filter != Filter {})
            link.insert(QStringLiteral("filter"), l.filter.toJson());
        if (l.fallback)
            link.insert(QStringLiteral("fallback"), true);
        if (l.onError)
            link.insert(QStringLiteral("onError"), true);
        links.append(link);
    }

    QJsonObject json {
        {QStringLiteral("format"), formatName()},
        {QStringLiteral("version"), formatVersion},
        {QStringLiteral("name"), document.name},
        {QStringLiteral("modules"), modules},
        {QStringLiteral("links"), links},
    };
    if (!document.timeZone.isEmpty())
        json.insert(QStringLiteral("timeZone"), document.timeZone);
    if (!document.connections.isEmpty()) {
        QJsonArray connections;
        for (const Connection &c : document.connections)
            connections.append(connectionToJson(c));
        json.insert(QStringLiteral("connections"), connections);
    }
    if (!document.inputs.isEmpty())
        json.insert(QStringLiteral("inputs"), ScenarioInputs::toJson(document.inputs));
    // Only written when a deleted module had the largest id: then the next module must not
    // take that id again, or old mappings to it would silently point at the new module.
    if (document.nextId > largestId + 1)
        json.insert(QStringLiteral("nextModuleId"), document.nextId);
    return json;
}

QByteArray serialize(const ScenarioDocument &document)
{
    return JsonWriter(keyOrder()).write(toJson(document));
}

namespace {

/// Reads a document whose modules come one by one from `moduleAt` (0 to count - 1) rather
/// than from the "modules" list of `json`, so that a large file need not be one JSON tree.
std::optional<ScenarioDocument> readDocument(const QJsonObject &json, qsizetype moduleCount,
    const std::function<QJsonValue(qsizetype)> &moduleAt, QString *error)
{
    Reader r;
    r.setTopLevel();
    const QJsonValue format = json.value(QStringLiteral("format"));
    if (format.toString() != formatName()) {
        *error = format.isUndefined()
            ? QCoreApplication::translate("ScenarioFile",
                "This is not a Scenarist scenario: it has no “format\u201d key "
                "saying \u201c%1\u201d.")
                  .arg(formatName())
            : QCoreApplication::translate("ScenarioFile",
                "This is not a Scenarist scenario: its “format\u201d is %1, "
                "not \u201c%2\u201d.")
                  .arg(format.isString() ? QStringLiteral("\u201c%1\u201d").arg(format.toString())
                                         : Reader::typeName(format),
                      formatName());
        return std::nullopt;
    }
    const QJsonValue version = json.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble())) {
        *error = QCoreApplication::translate("ScenarioFile",
            "The scenario, key \u201cversion\u201d: must be a whole number "
            "(the file format version), but is %1.")
                     .arg(version.isUndefined() ? QStringLiteral("missing")
                                                : Reader::typeName(version));
        return std::nullopt;
    }
    if (version.toInt() > formatVersion) {
        *error = QCoreApplication::translate("ScenarioFile",
            "This scenario was saved by a newer Scenarist (file format "
            "version %1; this Scenarist reads version %2). Update Scenarist "
            "to open it.")
                     .arg(version.toInt())
                     .arg(formatVersion);
        return std::nullopt;
    }
    if (version.toInt() < 1) {
        *error = QCoreApplication::translate("ScenarioFile",
            "The scenario, key \u201cversion\u201d: %1 is not a valid file "
            "format version.")
                     .arg(version.toInt());
        return std::nullopt;
    }

    ScenarioDocument doc;
    doc.name = r.string(json, QStringLiteral("name"), QStringLiteral("name"), doc.name);
    // One past the largest id: what a scenario says after its last possible module was
    // deleted (docs/scenario-file-limits.md).
    const int nextId = r.integer(json, QStringLiteral("nextModuleId"),
        QStringLiteral("nextModuleId"), 1, 1, Scenario::maxModuleId + 1);
    // Connections first: modules refer to them.
    doc.connections = readConnections(r, json);
    QStringList connectionIds;
    for (const Connection &c : std::as_const(doc.connections))
        connectionIds.append(c.id);
    r.array(json, QStringLiteral("modules"), QStringLiteral("modules")); // its type
    // Refused before reading any: a file of a million modules would otherwise take minutes
    // and gigabytes to open (docs/scenario-file-limits.md).
    if (!r.failed() && moduleCount > Scenario::maxModules) {
        r.fail(QStringLiteral("modules"),
            QCoreApplication::translate(
                "ScenarioFile", "holds %L1 modules; a scenario may have at most %L2.")
                .arg(moduleCount)
                .arg(Scenario::maxModules));
    }
    QSet<ModuleId> ids;
    ids.reserve(r.failed() ? 0 : moduleCount);
    doc.modules.reserve(r.failed() ? 0 : moduleCount);
    for (qsizetype i = 0; i < moduleCount && !r.failed(); ++i) {
        const QJsonValue item = moduleAt(i);
        if (!item.isObject()) {
            r.fail(QStringLiteral("modules[%1]").arg(i + 1),
                QCoreApplication::translate(
                    "ScenarioFile", "must be an object describing a module, but is %1.")
                    .arg(Reader::typeName(item)));
            break;
        }
        const QJsonObject m = item.toObject();
        r.setModule(m, static_cast<int>(i));
        Module module;
        if (!m.contains(QStringLiteral("id"))) {
            r.fail(QStringLiteral("id"),
                QCoreApplication::translate("ScenarioFile",
                    "is missing; every module needs a "
                    "number."));
            break;
        }
        module.id
            = r.integer(m, QStringLiteral("id"), QStringLiteral("id"), 0, 1, Scenario::maxModuleId);
        if (r.failed())
            break;
        if (ids.contains(module.id)) {
            r.fail(QStringLiteral("id"),
                QCoreApplication::translate("ScenarioFile",
                    "another module already has the number "
                    "%1; each module needs its own.")
                    .arg(module.id));
            break;
        }
        ids.insert(module.id);
        if (!m.contains(QStringLiteral("type"))) {
            r.fail(QStringLiteral("type"),
                QCoreApplication::translate("ScenarioFile",
                    "is missing; it says what the module "
                    "does, e.g. \u201c%1\u201d.")
                    .arg(Module::httpRequestType()));
            break;
        }
        module.type = r.string(m, QStringLiteral("type"), QStringLiteral("type"), {});
        const KindInfo *kind = KindRegistry::find(module.type);
        if (!r.failed() && !kind && m.value(QStringLiteral("foreign")).isObject()) {
            // A kind from a newer Scenarist, say, that still carries what it was imported
            // from: it stays a placeholder that exports as it came.
            r.warnings.append(QCoreApplication::translate("ScenarioFile",
                "%1: \u201c%2\u201d is a kind of module this "
                "Scenarist does not know; it is kept as a "
                "placeholder that cannot run.")
                                  .arg(r.where(), module.type));
            module.type = Module::foreignType();
            kind = KindRegistry::find(module.type);
        } else if (!r.failed() && !kind) {
            r.fail(QStringLiteral("type"),
                QCoreApplication::translate("ScenarioFile",
                    "\u201c%1\u201d is a kind of module this Scenarist does not "
                    "know. It knows \u201c%2\u201d.")
                    .arg(module.type,
                        KindRegistry::typeNames().join(QStringLiteral("\u201d, \u201c"))));
            break;
        }
        if (r.failed() || !kind)
            break;
        module.label = r.string(m, QStringLiteral("label"), QStringLiteral("label"), {});
        module.note = r.string(m, QStringLiteral("note"), QStringLiteral("note"), {});
        if (m.contains(QStringLiteral("position"))) {
            const QJsonArray pos
                = r.array(m, QStringLiteral("position"), QStringLiteral("position"));
            if (!r.failed() && (pos.size() != 2 || !pos[0].isDouble() || !pos[1].isDouble())) {
                r.fail(QStringLiteral("position"),
                    QCoreApplication::translate(
                        "ScenarioFile", "must be two numbers [x, y], like [0, 0]."));
            } else {
                module.position = QPointF(pos[0].toDouble(), pos[1].toDouble());
            }
        }
        // A placeholder has no config of its own: what it is lives in `foreign`.
        if (kind->configIsHttpRequest) {
            module.config = readConfig(r, m, connectionIds);
        } else if (kind->read && !r.failed()) {
            KindConfigReader config(
                r.object(m, QStringLiteral("config"), QStringLiteral("config")));
            if (!r.failed())
                module.settings = kind->read(config);
            if (config.failed())
                r.fail(config.errorKey(), config.errorText());
            for (const QString &key : config.unknownKeys())
                r.warnings.append(QCoreApplication::translate(
                    "ScenarioFile", "%1: ignored the unknown key \u201c%2\u201d.")
                                      .arg(r.where(), key));
        }
        module.foreign = r.object(m, QStringLiteral("foreign"), QStringLiteral("foreign"));
        r.warnUnknownKeys(m, QString(),
            {QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("label"),
                QStringLiteral("position"), QStringLiteral("note"), QStringLiteral("config"),
                QStringLiteral("foreign")});
        doc.modules.append(module);
    }
    r.setTopLevel();
    const QJsonArray links = r.array(json, QStringLiteral("links"), QStringLiteral("links"));
    for (qsizetype i = 0; i < links.size() && !r.failed(); ++i) {
        const QString path = QStringLiteral("links[%1]").arg(i + 1);
        const QJsonObject l = links[i].toObject();
        const QJsonValue from = l.value(QStringLiteral("from"));
        const QJsonValue to = l.value(QStringLiteral("to"));
        if (!links[i].isObject() || !from.isDouble() || !to.isDouble()) {
            r.fail(path,
                QCoreApplication::translate("ScenarioFile",
                    "must be {\"from\": module number, \"to\": module "
                    "number}."));
            break;
        }
        Link link {from.toInt(), to.toInt()};
        if (l.contains(QStringLiteral("filter"))) {
            QString why;
            const std::optional<Filter> filter
                = Filter::fromJson(l.value(QStringLiteral("filter")), &why);
            if (filter)
                link.filter = *filter;
            else
                r.fail(path + QStringLiteral(".filter"), why);
        }
        link.fallback
            = r.boolean(l, QStringLiteral("fallback"), path + QStringLiteral(".fallback"), false);
        link.onError
            = r.boolean(l, QStringLiteral("onError"), path + QStringLiteral(".onError"), false);
        r.warnUnknownKeys(l, path + QLatin1Char('.'),
            {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("filter"),
                QStringLiteral("fallback"), QStringLiteral("onError")});
        for (ModuleId end : {link.from, link.to}) {
            if (!ids.contains(end))
                r.fail(path,
                    QCoreApplication::translate(
                        "ScenarioFile", "refers to module %1, which is not in the scenario.")
                        .arg(end));
        }
        if (!r.failed() && link.from == link.to)
            r.fail(path,
                QCoreApplication::translate("ScenarioFile", "links module %1 to itself.")
                    .arg(link.from));
        doc.links.append(link);
    }
    if (!r.failed()) {
        // A circle of links has no module to run first: refuse it here rather than run its
        // modules in an order nobody chose.
        QList<ModuleId> cycle;
        Scenario::runOrder(doc.modules, doc.links, &cycle);
        if (!cycle.isEmpty())
            r.fail(QStringLiteral("links"), describeCycle(doc.modules, cycle));
    }
    if (!r.failed() && version.toInt() == 1
        && !FlowGraph(doc.modules, doc.links).chainsKeepRunOrder()) {
        // A version 1 file ran each module once, in Scenario::runOrder(), whatever the shape
        // of its links: one chain in that order means the same in version 2.
        doc.links = FlowGraph::chainInRunOrder(doc.modules, doc.links);
        r.warnings.append(QCoreApplication::translate("ScenarioFile",
            "The scenario was saved by an older Scenarist: its links "
            "now form one chain, in the order its modules ran."));
    }
    if (!r.failed()) {
        const std::optional<FlowGraph::Problem> problem
            = FlowGraph(doc.modules, doc.links).firstProblem();
        if (problem && problem->link >= 0) {
            r.setTopLevel();
            r.fail(problem->key.isEmpty()
                    ? QStringLiteral("links[%1]").arg(problem->link + 1)
                    : QStringLiteral("links[%1].%2").arg(problem->link + 1).arg(problem->key),
                problem->what);
        } else if (problem) {
            const Module *at = nullptr;
            for (const Module &m : std::as_const(doc.modules)) {
                if (m.id == problem->module)
                    at = &m;
            }
            r.setModule(problem->module, at ? at->label : QString());
            r.fail(problem->key, problem->what);
        }
    }
    r.setTopLevel();
    doc.timeZone = r.string(json, QStringLiteral("timeZone"), QStringLiteral("timeZone"), {});
    if (!r.failed() && !doc.timeZone.isEmpty() && !QTimeZone(doc.timeZone.toUtf8()).isValid()) {
        r.fail(QStringLiteral("timeZone"),
            QCoreApplication::translate("ScenarioFile",
                "\u201c%1\u201d is not a time zone this computer knows; use a name "
                "such as “Europe/Paris\u201d, or leave the key out to use the "
                "computer's zone.")
                .arg(doc.timeZone));
    }
    if (!r.failed()) {
        ScenarioInputs::Problem problem;
        QStringList unknownKeys;
        const std::optional<QList<ScenarioInput>> inputs = ScenarioInputs::fromJson(
            json.value(QStringLiteral("inputs")), &problem, &unknownKeys);
        if (inputs)
            doc.inputs = *inputs;
        else
            r.fail(problem.key, problem.what);
        for (const QString &key : std::as_const(unknownKeys))
            r.warnings.append(QCoreApplication::translate(
                "ScenarioFile", "%1: ignored the unknown key \u201c%2\u201d.")
                                  .arg(r.where(), key));
    }
    r.warnUnknownKeys(json, QString(),
        {QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("name"),
            QStringLiteral("timeZone"), QStringLiteral("nextModuleId"), QStringLiteral("modules"),
            QStringLiteral("links"), QStringLiteral("connections"), QStringLiteral("inputs")});
    if (r.failed()) {
        *error = r.error;
        return std::nullopt;
    }
    doc.nextId = nextId;
    for (const Module &m : doc.modules)
        doc.nextId = std::max(doc.nextId, m.id + 1);
    doc.warnings = r.warnings;
    return doc;
}

} // namespace

std::optional<ScenarioDocument> fromJson(const QJsonObject &json, QString *error)
{
    const QJsonArray modules = json.value(QStringLiteral("modules")).toArray();
    return readDocument(
        json, modules.size(), [&modules](qsizetype i) { return modules.at(i); }, error);
}

QString describeOffset(const QByteArray &bytes, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) {
            ++column; // count characters, not UTF-8 continuation bytes
        }
    }
    return QCoreApplication::translate("ScenarioFile", "line %1, column %2").arg(line).arg(column);
}

namespace {

std::optional<QJsonObject> parseObject(const QByteArray &bytes, QString *error)
{
    if (bytes.trimmed().isEmpty()) {
        *error = QCoreApplication::translate("ScenarioFile", "The file is empty.");
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error
            = QCoreApplication::translate("ScenarioFile", "The file is not valid JSON: %1 at %2.")
                  .arg(parseError.errorString(), describeOffset(bytes, parseError.offset));
        return std::nullopt;
    }
    if (!json.isObject()) {
        *error = QCoreApplication::translate("ScenarioFile",
            "This is not a Scenarist scenario: the file holds a list, not an "
            "object with “format\u201d and \u201cmodules\u201d.");
        return std::nullopt;
    }
    return json.object();
}

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

qsizetype skipSpace(const QByteArray &b, qsizetype i)
{
    while (i < b.size() && isJsonSpace(b[i]))
        ++i;
    return i;
}

/// The index after the string that starts at `i` (a quote); -1 when it does not end.
qsizetype skipString(const QByteArray &b, qsizetype i)
{
    for (++i; i < b.size(); ++i) {
        if (b[i] == '\\')
            ++i;
        else if (b[i] == '"')
            return i + 1;
    }
    return -1;
}

/// The index after the value that starts at `i`, found by its brackets and quotes only: the
/// value itself is checked by Qt's parser afterwards. -1 when it does not end.
qsizetype skipValue(const QByteArray &b, qsizetype i)
{
    if (i >= b.size())
        return -1;
    if (b[i] == '"')
        return skipString(b, i);
    if (b[i] != '{' && b[i] != '[') {
        while (i < b.size() && !isJsonSpace(b[i]) && b[i] != ',' && b[i] != '}' && b[i] != ']')
            ++i;
        return i;
    }
    int depth = 0;
    for (; i < b.size(); ++i) {
        if (b[i] == '"') {
            i = skipString(b, i);
            if (i < 0)
                return -1;
            --i;
        } else if (b[i] == '{' || b[i] == '[') {
            ++depth;
        } else if ((b[i] == '}' || b[i] == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return -1;
}

/// Where the top-level "modules" list and each of its items lie in a file's text.
struct ModulesLayout
{
    qsizetype open = -1; ///< the list's '['
    qsizetype close = -1; ///< its ']'
    QList<std::pair<qsizetype, qsizetype>> items; ///< start and length of each item
};

/// Walks the members of the top-level object of `b`: calls `value(key, start)` for each,
/// which returns the index after that value (-1: stop). False when the text is not laid out
/// as an object of members or a key is written with escapes (then callers read the file
/// whole, which also gives the exact message for a damaged file).
bool walkTopLevel(
    const QByteArray &b, const std::function<qsizetype(const QByteArray &, qsizetype)> &value)
{
    qsizetype i = skipSpace(b, 0);
    if (i >= b.size() || b[i] != '{')
        return false;
    i = skipSpace(b, i + 1);
    if (i < b.size() && b[i] == '}')
        return true;
    while (i < b.size() && b[i] == '"') {
        const qsizetype keyEnd = skipString(b, i);
        if (keyEnd < 0)
            return false;
        const QByteArray key = b.mid(i + 1, keyEnd - i - 2);
        if (key.contains('\\'))
            return false;
        i = skipSpace(b, keyEnd);
        if (i >= b.size() || b[i] != ':')
            return false;
        i = value(key, skipSpace(b, i + 1));
        if (i < 0)
            return false;
        i = skipSpace(b, i);
        if (i < b.size() && b[i] == ',') {
            i = skipSpace(b, i + 1);
            continue;
        }
        return i < b.size() && b[i] == '}';
    }
    return false;
}

/// Finds the layout of a file that looks like {…, "modules": [item, …], …}. False for
/// anything else ("modules" twice, a damaged list, …).
bool findModules(const QByteArray &b, ModulesLayout *layout)
{
    const bool walked = walkTopLevel(b, [&](const QByteArray &key, qsizetype i) -> qsizetype {
        if (key != "modules")
            return skipValue(b, i);
        if (layout->open >= 0 || i >= b.size() || b[i] != '[')
            return -1;
        layout->open = i;
        i = skipSpace(b, i + 1);
        if (i < b.size() && b[i] != ']') {
            for (;;) {
                const qsizetype end = skipValue(b, i);
                if (end < 0)
                    return -1;
                layout->items.append({i, end - i});
                i = skipSpace(b, end);
                if (i >= b.size() || b[i] != ',')
                    break;
                i = skipSpace(b, i + 1);
            }
        }
        if (i >= b.size() || b[i] != ']')
            return -1;
        layout->close = i;
        return i + 1;
    });
    return walked && layout->open >= 0;
}

/// One item of the modules list, parsed inside two lists so that it sits as deep as in the
/// file (Qt's parser limits nesting). Undefined when it is not valid JSON.
QJsonValue parseItem(const QByteArray &b, const std::pair<qsizetype, qsizetype> &where)
{
    QByteArray text;
    text.reserve(where.second + 4);
    text.append("[[").append(QByteArrayView(b).sliced(where.first, where.second)).append("]]");
    QJsonParseError error;
    const QJsonDocument wrapped = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue(QJsonValue::Undefined);
    return wrapped.array().at(0).toArray().at(0);
}

/// Reads a file module by module: one module's JSON tree at a time instead of the whole
/// file's, which for 100,000 modules is about 8 times the file. Nothing when the file is
/// not laid out as expected or is damaged: the caller then reads it whole.
std::optional<ScenarioDocument> parseByModule(
    const QByteArray &bytes, QString *error, bool *readWhole)
{
    *readWhole = true;
    ModulesLayout layout;
    if (!findModules(bytes, &layout))
        return std::nullopt;
    // The file without its modules' text, checked and read by Qt's parser as it is.
    QJsonParseError parseError;
    const QJsonDocument skeleton = QJsonDocument::fromJson(
        bytes.left(layout.open + 1) + bytes.mid(layout.close), &parseError);
    if (parseError.error != QJsonParseError::NoError || !skeleton.isObject())
        return std::nullopt;
    bool damaged = false;
    QString why;
    std::optional<ScenarioDocument> doc = readDocument(
        skeleton.object(), layout.items.size(),
        [&](qsizetype i) {
            const QJsonValue item = parseItem(bytes, layout.items.at(i));
            damaged = damaged || item.isUndefined();
            return item;
        },
        &why);
    if (damaged)
        return std::nullopt;
    if (!doc) {
        // The reader stopped at the first mistake; reading the whole file would first have
        // found any damaged JSON further on, and said that instead.
        for (const auto &where : std::as_const(layout.items)) {
            if (parseItem(bytes, where).isUndefined())
                return std::nullopt;
        }
        *error = why;
    }
    *readWhole = false;
    return doc;
}

} // namespace

bool hasFormatKey(const QByteArray &bytes)
{
    bool found = false;
    walkTopLevel(bytes, [&](const QByteArray &key, qsizetype i) -> qsizetype {
        found = found || key == "format";
        return found ? -1 : skipValue(bytes, i);
    });
    return found;
}

std::optional<ScenarioDocument> parse(const QByteArray &bytes, QString *error)
{
    bool readWhole = true;
    std::optional<ScenarioDocument> doc = parseByModule(bytes, error, &readWhole);
    if (!readWhole)
        return doc;
    const std::optional<QJsonObject> json = parseObject(bytes, error);
    if (!json)
        return std::nullopt;
    return fromJson(*json, error);
}

std::optional<ScenarioDocument> load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists()) {
        *error = QCoreApplication::translate("ScenarioFile", "There is no file at %1.")
                     .arg(QDir::toNativeSeparators(path));
        return std::nullopt;
    }
    if (QFileInfo(path).isDir()) {
        *error = QCoreApplication::translate("ScenarioFile", "%1 is a folder, not a scenario file.")
                     .arg(QDir::toNativeSeparators(path));
        return std::nullopt;
    }
    // A scenario is small; anything huge is not one, and reading it whole would hurt. Only a
    // regular file is read: a pipe or a device named as a scenario must not hang the run.
    constexpr qint64 maxScenarioBytes = 64LL * 1024 * 1024;
    if (file.size() > maxScenarioBytes) {
        *error = QCoreApplication::translate(
            "ScenarioFile", "%1 is %2 MB, too large to be a scenario.")
                     .arg(QDir::toNativeSeparators(path))
                     .arg(file.size() / (1024 * 1024));
        return std::nullopt;
    }
    const LocalFileRead read = LocalFileAccess::readChosen(path, maxScenarioBytes);
    if (!read.ok()) {
        *error = read.error;
        return std::nullopt;
    }
    QString why;
    std::optional<ScenarioDocument> doc = parse(read.data, &why);
    if (!doc)
        *error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), why);
    return doc;
}

bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error,
    std::optional<QFileDevice::Permissions> permissions)
{
    QSaveFile file(path);
    // QSaveFile gives a new file the usual 0644 (and an existing one its old permissions):
    // narrow them, when asked, before the contents go in.
    if (!file.open(QIODevice::WriteOnly) || (permissions && !file.setPermissions(*permissions))) {
        *error = QCoreApplication::translate("ScenarioFile", "Could not save to %1: %2.")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QCoreApplication::translate(
            "ScenarioFile", "Could not save to %1: %2. The previous file is unchanged.")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

bool save(const ScenarioDocument &document, const QString &path, QString *error)
{
    return writeAtomically(path, serialize(document), error);
}

} // namespace ScenarioFile
