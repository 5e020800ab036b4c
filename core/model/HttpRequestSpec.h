#pragma once

#include "core/model/Pagination.h"

#include <QList>
#include <QString>

/// A name/value pair of a header, a query parameter or a form field. Both may hold mappings.
struct NameValue
{
    QString name;
    QString value;

    bool operator==(const NameValue &other) const
    {
        return name == other.name && value == other.value;
    }
};

/// One field of a multipart body: either text (`value`) or a file (`file` is a path).
struct MultipartField
{
    QString name;
    QString value;
    QString file; ///< path of the file to send; empty for a text field
    QString fileName; ///< file name announced to the server; defaults to the path's name
    QString contentType; ///< content type of the file part; guessed when empty

    bool isFile() const { return !file.isEmpty(); }
    bool operator==(const MultipartField &other) const
    {
        return name == other.name && value == other.value && file == other.file
            && fileName == other.fileName && contentType == other.contentType;
    }
};

enum class BodyType { None, Raw, UrlEncoded, Multipart };

/// How a module signs in: not at all, with HTTP Basic (username/password), or with a
/// connection of the scenario (an OAuth2 token).
enum class AuthType { None, Basic, Connection };

/// The configuration of an HTTP "Make a request" module. The same type holds
/// the configuration as typed (with mappings) and the request after mapping.
struct HttpRequestSpec
{
    QString method = QStringLiteral("GET");
    QString url;
    QList<NameValue> headers;
    QList<NameValue> query;

    BodyType bodyType = BodyType::None;
    QString rawContentType = QStringLiteral("application/json");
    QString rawContent;
    QList<NameValue> urlEncodedFields;
    QList<MultipartField> multipartFields;

    bool parseResponse = true;
    QString username;
    QString password;
    /// The Authentication choice. None with a username or password still means Basic (files
    /// and imports from before the choice existed): see effectiveAuthentication().
    AuthType authentication = AuthType::None;
    QString connection; ///< the id of the scenario's connection, when authentication is one
    int timeoutSeconds = 40;
    bool followRedirects = true;
    bool followAllRedirects = false;
    bool shareCookies = false;
    bool errorOnHttpStatus = true;
    bool rejectUnverifiedCertificates = true;
    QString caCertificate; ///< PEM text, or the path of a PEM file
    bool requestCompressed = true;
    /// "Retry when the server is busy" (docs/scenario-file.md): on 429, 502, 503, 504 and
    /// refused, reset or timed-out connections the request is sent again, up to
    /// retryMaxTries tries in all, waiting at most retryMaxWaitSeconds between two.
    bool retryWhenBusy = false;
    int retryMaxTries = 5; ///< tries in all, the first included: 2 to 10
    int retryMaxWaitSeconds = 60; ///< the longest wait between two tries: 1 to 600
    static constexpr int MinRetryTries = 2;
    static constexpr int MaxRetryTries = 10;
    static constexpr int MinRetryWaitSeconds = 1;
    static constexpr int MaxRetryWaitSeconds = 600;
    /// Fetching a list page after page (docs/pagination.md); off by default.
    Pagination pagination;

    /// What the module does: Connection when chosen, Basic when chosen or when a username or
    /// password is set, otherwise None.
    AuthType effectiveAuthentication() const;
    static QString authTypeKey(AuthType type); ///< "none", "basic", ...
    static AuthType authTypeFromKey(const QString &key, bool *ok); ///< inverse of authTypeKey

    static QStringList methods();
    static QString bodyTypeKey(BodyType type); ///< "none", "raw", ...
    static BodyType bodyTypeFromKey(const QString &key, bool *ok); ///< inverse of bodyTypeKey

    bool operator==(const HttpRequestSpec &other) const;
    bool operator!=(const HttpRequestSpec &other) const { return !(*this == other); }
};
