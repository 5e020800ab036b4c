#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QList>
#include <QString>

/// How an OAuth2 client proves who it is to the token endpoint (RFC 6749 §2.3.1).
enum class ClientAuthentication {
    Body, ///< client_id and client_secret as form fields of the token request
    Basic, ///< an HTTP Basic header of the form-encoded id and secret
};

/// A saved way to sign in: an "OAuth 2.0 client credentials" connection. It is
/// saved in the scenario without secret values: the client secret is normally a reference
/// such as {{secrets.client_secret}}. Every text field may hold mappings.
struct Connection
{
    static QString clientCredentialsType() { return QStringLiteral("oauth2.clientCredentials"); }

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

    /// The name shown to people: the name, or the id when there is none.
    QString displayName() const { return name.isEmpty() ? id : name; }

    static QString clientAuthenticationKey(ClientAuthentication value); ///< "body", "basic"
    static ClientAuthentication clientAuthenticationFromKey(const QString &key, bool *ok);

    bool operator==(const Connection &other) const;
    bool operator!=(const Connection &other) const { return !(*this == other); }
};
