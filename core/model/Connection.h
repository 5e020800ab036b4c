#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

/// How an OAuth2 client proves who it is to the token endpoint (RFC 6749 §2.3.1).
enum class ClientAuthentication {
    Body, ///< client_id and client_secret as form fields of the token request
    Basic, ///< an HTTP Basic header of the form-encoded id and secret
    PrivateKeyJwt, ///< a JWT signed with the client's private key (RFC 7523, private_key_jwt)
    ClientSecretJwt, ///< a JWT signed with the client secret, HS256 (client_secret_jwt)
};

/// Where an API key connection puts its key.
enum class ApiKeyPlace {
    Header, ///< a request header, e.g. X-API-Key: KEY
    Query, ///< a query parameter of the URL, e.g. ?api_key=KEY
};

/// A saved way to sign in (docs/connections.md). It is saved in the scenario without secret
/// values: each secret is normally a reference such as {{secrets.client_secret}}. Every text
/// field may hold mappings. `type` says which fields count; the others keep their defaults.
struct Connection
{
    /// OAuth 2.0 client credentials: a token from the token URL, sent as Authorization.
    static QString clientCredentialsType() { return QStringLiteral("oauth2.clientCredentials"); }
    /// Signing in through the browser: authorization code with PKCE
    /// (docs/connections.md).
    static QString authorizationCodeType() { return QStringLiteral("oauth2.authorizationCode"); }
    /// A fixed key sent as a header or a query parameter.
    static QString apiKeyType() { return QStringLiteral("apiKey"); }
    /// A fixed token sent as "Authorization: Bearer TOKEN".
    static QString bearerType() { return QStringLiteral("bearer"); }
    /// A user name and password sent as "Authorization: Basic …".
    static QString basicType() { return QStringLiteral("basic"); }
    /// A client certificate only (mutual TLS), no Authorization header.
    static QString clientCertificateType() { return QStringLiteral("clientCertificate"); }
    /// Every type this Scenarist knows, in the order people are offered them.
    static QStringList knownTypes();
    /// The field of `type` that holds its main secret (client secret, API key, token,
    /// password, certificate password); nullptr for none.
    static QString Connection::*secretMember(const QString &type);

    QString id; ///< stable key modules refer to, e.g. "sandbox"
    QString type = clientCredentialsType();
    QString name; ///< what people see, e.g. "Sandbox"

    // OAuth 2.0 client credentials
    QString tokenUrl;
    QString clientId;
    QString clientSecret; ///< usually {{secrets.NAME}}; never a value in a saved file
    QString scope; ///< space-separated scopes; empty: none sent
    QString audience; ///< sent as "audience" when not empty
    QList<NameValue> extraParameters; ///< more form fields of the token request
    ClientAuthentication clientAuthentication = ClientAuthentication::Body;
    QList<int> expiredStatusCodes {401}; ///< responses that mean "the token expired"
    int refreshLeadSeconds = 60; ///< fetch a new token this long before expiry
    /// private_key_jwt: the private key that signs client assertions, as PEM text, usually
    /// {{secrets.NAME}}; or empty and signingKeyFile set.
    QString signingKey;
    QString signingKeyFile; ///< private_key_jwt: that key as a PEM file on this computer
    /// Authorization code: the page the browser opens to sign in.
    QString authorizationUrl;
    /// Authorization code: where the browser comes back, a loopback address such as
    /// http://127.0.0.1:8400/; empty: http://127.0.0.1 with a port chosen at sign-in.
    QString redirectUri;
    /// Authorization code: where "Sign out" revokes the refresh token (RFC 7009); may be empty.
    QString revocationUrl;
    /// Authorization code: the refresh token, always a reference such as
    /// {{secrets.NAME}}: the app keeps it in the keychain after signing in.
    QString refreshToken;

    bool isAuthorizationCode() const { return type == authorizationCodeType(); }
    /// The secret name of the refresh token ("sandbox_refresh_token" in
    /// {{secrets.sandbox_refresh_token}}), or empty when refreshToken is not such a reference.
    QString refreshTokenSecretName() const;
    /// The secret name a new authorization code connection with this id keeps its refresh
    /// token under: "<id>_refresh_token", with every character but letters, digits and '_'
    /// turned into '_'.
    static QString defaultRefreshTokenSecretName(const QString &id);

    // API key
    QString apiKeyName = QStringLiteral("X-API-Key"); ///< the header or query parameter name
    ApiKeyPlace apiKeyIn = ApiKeyPlace::Header;
    QString apiKey; ///< usually {{secrets.NAME}}

    // Bearer token
    QString bearerToken; ///< usually {{secrets.NAME}}

    // Basic
    QString username;
    QString password; ///< usually {{secrets.NAME}}

    // Client certificate (mutual TLS): the certificate type, or any other type besides
    QString certificateFile; ///< a PEM file (certificate, maybe with its key) or .p12/.pfx
    QString privateKeyFile; ///< a PEM key file, when the certificate file has no key
    QString certificatePassword; ///< the key's or the PKCS#12 file's password, a secret

    /// The type's main secret (see secretMember); empty for a type without one.
    QString secret() const;
    void setSecret(const QString &value);
    bool usesTokenEndpoint() const
    {
        return type == clientCredentialsType() || type == authorizationCodeType();
    }

    /// The name shown to people: the name, or the id when there is none.
    QString displayName() const { return name.isEmpty() ? id : name; }

    /// "body", "basic", "privateKeyJwt", "clientSecretJwt".
    static QString clientAuthenticationKey(ClientAuthentication value);
    static ClientAuthentication clientAuthenticationFromKey(const QString &key, bool *ok);
    static QString apiKeyPlaceKey(ApiKeyPlace value); ///< "header", "query"
    static ApiKeyPlace apiKeyPlaceFromKey(const QString &key, bool *ok);

    bool operator==(const Connection &other) const;
    bool operator!=(const Connection &other) const { return !(*this == other); }
};
