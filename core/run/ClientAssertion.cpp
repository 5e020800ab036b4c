#include "core/run/ClientAssertion.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSslKey>

#include <jwt.h>

#include <cstdlib>
#include <memory>

namespace {

enum class KeyKind { None, Rsa, Ec };

KeyKind keyKind(const QByteArray &pem)
{
    if (!QSslKey(pem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey).isNull())
        return KeyKind::Rsa;
    if (!QSslKey(pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey).isNull())
        return KeyKind::Ec;
    return KeyKind::None;
}

QByteArray randomId()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toHex();
}

struct JwtFree
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};

ClientAssertion::Result sign(const QString &clientId, const QString &audience, jwt_alg_t alg,
    const QByteArray &key, const QString &failure)
{
    ClientAssertion::Result result;
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0) {
        result.error = failure;
        return result;
    }
    std::unique_ptr<jwt_t, JwtFree> jwt(raw);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray id = clientId.toUtf8();
    const QByteArray aud = audience.toUtf8();
    bool ok = jwt_add_grant(jwt.get(), "iss", id.constData()) == 0
        && jwt_add_grant(jwt.get(), "sub", id.constData()) == 0
        && jwt_add_grant(jwt.get(), "aud", aud.constData()) == 0
        && jwt_add_grant(jwt.get(), "jti", randomId().constData()) == 0
        && jwt_add_grant_int(jwt.get(), "iat", long(now)) == 0
        && jwt_add_grant_int(jwt.get(), "exp", long(now + ClientAssertion::lifetimeSeconds)) == 0;
    ok = ok
        && jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char *>(key.constData()),
               int(key.size()))
            == 0;
    char *encoded = ok ? jwt_encode_str(jwt.get()) : nullptr;
    if (!encoded) {
        result.error = failure;
        return result;
    }
    result.assertion = QString::fromLatin1(encoded);
    free(encoded); // libjwt 1.10 hands out malloc()ed strings
    return result;
}

} // namespace

QString ClientAssertion::assertionType()
{
    return QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
}

QString ClientAssertion::checkPrivateKey(const QByteArray &pem, const QString &where)
{
    if (pem.trimmed().isEmpty())
        return QCoreApplication::translate("ClientAssertion",
            "%1 is empty: it should hold a private key in PEM form "
            "(text that starts with \u201c-----BEGIN PRIVATE KEY-----\u201d).")
            .arg(where);
    if (pem.contains("ENCRYPTED"))
        return QCoreApplication::translate("ClientAssertion",
            "%1 holds a private key protected by a passphrase, which "
            "Scenarist cannot use. Save the key without a passphrase (for "
            "example with \u201copenssl pkey -in key.pem -out plain.pem\u201d) "
            "and keep it in the keychain as a secret.")
            .arg(where);
    if (keyKind(pem) == KeyKind::None) {
        if (pem.contains("-----BEGIN CERTIFICATE-----") || pem.contains("PUBLIC KEY-----"))
            return QCoreApplication::translate("ClientAssertion",
                "%1 holds a certificate or a public key, not a private "
                "key. Choose the private key that belongs to it (its PEM text "
                "starts with \u201c-----BEGIN PRIVATE KEY-----\u201d).")
                .arg(where);
        return QCoreApplication::translate("ClientAssertion",
            "%1 is not a private key in PEM form. Choose the RSA or EC "
            "private key registered for this client (its text starts with "
            "\u201c-----BEGIN PRIVATE KEY-----\u201d).")
            .arg(where);
    }
    return QString();
}

ClientAssertion::Result ClientAssertion::signWithPrivateKey(
    const QString &clientId, const QString &audience, const QByteArray &pem, const QString &where)
{
    Result result;
    result.error = checkPrivateKey(pem, where);
    if (!result.ok())
        return result;
    const jwt_alg_t alg = keyKind(pem) == KeyKind::Ec ? JWT_ALG_ES256 : JWT_ALG_RS256;
    return sign(clientId, audience, alg, pem,
        QCoreApplication::translate("ClientAssertion",
            "%1 could not sign the client assertion; check that it is the private "
            "key of this client (RSA, or EC on the P-256 curve).")
            .arg(where));
}

ClientAssertion::Result ClientAssertion::signWithSecret(
    const QString &clientId, const QString &audience, const QString &secret)
{
    if (secret.isEmpty()) {
        Result result;
        result.error = QCoreApplication::translate("ClientAssertion",
            "client_secret_jwt signs with the client secret, but the "
            "client secret is empty. Fill it in, or choose another "
            "way to send the client ID.");
        return result;
    }
    return sign(clientId, audience, JWT_ALG_HS256, secret.toUtf8(),
        QCoreApplication::translate(
            "ClientAssertion", "The client assertion could not be signed with the client secret."));
}
