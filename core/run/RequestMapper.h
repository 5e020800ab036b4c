#pragma once

#include "core/mapping/MappingContext.h"
#include "core/model/Connection.h"
#include "core/model/HttpRequestSpec.h"
#include "core/run/TokenCache.h"

#include <QStringList>

/// Resolves the {{…}} mappings of every text field of a request, and finds the values that
/// must not be shown (passwords, client secrets, {{secrets.…}} values).
class RequestMapper
{
public:
    struct Result
    {
        HttpRequestSpec request;
        QStringList warnings; ///< each names the field, e.g. "Header Authorization: …"
        QString error; ///< the first field that could not be evaluated
        /// Values to mask wherever they are shown: secrets, and what {{…}} made of them.
        QStringList secretValues;
        /// The names of the secrets the fields read, once each, in order ("*": all of them).
        QStringList secretsRead;
        bool ok() const { return error.isEmpty(); }
    };

    static Result resolve(const HttpRequestSpec &spec, const MappingContext &context);

    /// A connection with its mappings resolved; its secret (client secret, API key, token,
    /// password, certificate password) is always a secret value.
    struct ConnectionResult
    {
        ClientCredentials credentials; ///< OAuth 2.0 client credentials only
        /// What the connection adds to each request it signs (API key, Bearer, Basic): a
        /// header replaces the request's header of the same name.
        QList<NameValue> headers;
        QList<NameValue> query;
        QString certificateFile; ///< a client certificate (mutual TLS); empty for none
        QString privateKeyFile;
        QString certificatePassword;
        QString signingKeyFile; ///< private_key_jwt from a file: its path, still to be read
        QString authorizationUrl; ///< authorization code: the sign-in page
        QString redirectUri; ///< authorization code: as typed, may be empty
        QString revocationUrl; ///< authorization code: may be empty
        QStringList warnings; ///< each names the field, e.g. "Client ID: …"
        QString error;
        QStringList secretValues;
        QStringList secretsRead; ///< as in Result
        bool ok() const { return error.isEmpty(); }
    };
    static ConnectionResult resolveConnection(
        const Connection &connection, const MappingContext &context);

    /// The names of the secrets ({{secrets.NAME}}) the fields use, in order of appearance.
    static QStringList secretNames(const HttpRequestSpec &spec);
    static QStringList secretNames(const Connection &connection);

    /// True for names that usually carry credentials (client_secret, password, api_key, …).
    static bool looksSecret(const QString &name);
};
