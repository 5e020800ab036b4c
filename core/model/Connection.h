#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QList>
#include <QString>

/// How an OAuth2 client proves who it is to the token endpoint (RFC 6749 §2.3.1).
enum class ClientAuthentication {
    Body, ///< client_id and client_secret as form fields of the token request
    Basic, ///< an HTTP Basic header of the form-encoded id and secret
    PrivateKeyJwt, ///< a JWT signed with the client's private key (RFC 7523, private_key_jwt)
    ClientSecretJwt, ///< a JWT signed with the client secret, HS256 (client_secret_jwt)
};

/// A saved way to sign in: an "OAuth 2.0 client credentials" connection. It is
/// saved in the scenario without secret values: the client secret is normally a reference
/// such as {{secrets.client_secret}}. Every text field may hold mappings.
struct Connection
{
    static QString clientCredentialsType() { return QStringLiteral("oauth2.clientCredentials"); }
    /// Signing in through the browser: authorization code with PKCE (docs/connections.md).
    static QString authorizationCodeType() { return QStringLiteral("oauth2.authorizationCode"); }

    QString id; ///< stable key modules refer to, e.g. "sandbox"
    QString type = clientCredentialsType();
    QString name; ///< what people see, e.g. "Sandbox"
    QString tokenUrl;
    QString clientId;
    QString clientSecret; ///< usually {{secrets.NAME}}; never a value in a saved file
    QString scope; ///< space-separated scopes; empty: none sent
    QString audience; ///< sent as "audience" when not empty
    QList<NameValue> extraParameters; ///< more form fields of the token request
    ClientAuthentication clientAuthentication = ClientAuthentication::Body;
    QList<int> expiredStatusCodes {401}; ///< responses that mean "the token expired"
    int refreshLeadSeconds = 60; ///< fetch a new token this long before expiry
    /// private_key_jwt: the private key as PEM text, usually {{secrets.NAME}}; or empty and
    /// privateKeyFile set.
    QString privateKey;
    QString privateKeyFile; ///< private_key_jwt: a PEM file on this computer
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

    /// The name shown to people: the name, or the id when there is none.
    QString displayName() const { return name.isEmpty() ? id : name; }

    /// "body", "basic", "privateKeyJwt", "clientSecretJwt".
    static QString clientAuthenticationKey(ClientAuthentication value);
    static ClientAuthentication clientAuthenticationFromKey(const QString &key, bool *ok);

    bool operator==(const Connection &other) const;
    bool operator!=(const Connection &other) const { return !(*this == other); }
};
