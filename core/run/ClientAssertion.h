#pragma once

#include <QByteArray>
#include <QString>

/// Client assertions (RFC 7523 §2.2): a short-lived JWT that proves who the client is to a
/// token endpoint, signed with the client's private key (private_key_jwt, RS256 or ES256)
/// or with the client secret (client_secret_jwt, HS256). Signed by libjwt; see
/// docs/connections.md.
namespace ClientAssertion {

/// The value of client_assertion_type.
QString assertionType();

/// A signed assertion, or the reason there is none in plain words (never any key text).
struct Result
{
    QString assertion;
    QString error;
    bool ok() const { return error.isEmpty(); }
};

/// How long an assertion is valid: a minute is plenty for one token request.
constexpr int lifetimeSeconds = 60;

/// Checks that `pem` is an RSA or EC private key in PEM form. Returns the error naming
/// `where` (e.g. "The file “key.pem”"), or empty when it is one.
QString checkPrivateKey(const QByteArray &pem, const QString &where);

/// An assertion with iss = sub = clientId, aud = audience (the token URL), a random jti,
/// iat now and exp a minute later, signed with the private key `pem`.
Result signWithPrivateKey(
    const QString &clientId, const QString &audience, const QByteArray &pem, const QString &where);
/// The same claims, signed with HS256 and the client secret.
Result signWithSecret(const QString &clientId, const QString &audience, const QString &secret);

} // namespace ClientAssertion
