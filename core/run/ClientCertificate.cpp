#include "core/run/ClientCertificate.h"

#include <QBuffer>
#include <QCoreApplication>

namespace {

/// The first private key in PEM (or DER) data, whatever its algorithm.
QSslKey readKey(const QByteArray &data, const QByteArray &password)
{
    for (QSsl::EncodingFormat format : {QSsl::Pem, QSsl::Der}) {
        for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            const QSslKey key(data, algorithm, format, QSsl::PrivateKey, password);
            if (!key.isNull())
                return key;
        }
    }
    return QSslKey();
}

} // namespace

bool ClientCertificate::isPkcs12Name(const QString &path)
{
    return path.endsWith(QLatin1String(".p12"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".pfx"), Qt::CaseInsensitive);
}

ClientIdentity ClientCertificate::load(const QString &certificateFile,
    const QString &privateKeyFile, const QString &password, const FileAccessPolicy &policy,
    QString *error)
{
    error->clear();
    ClientIdentity identity;
    const LocalFileRead certificate = LocalFileAccess::read(certificateFile, policy);
    if (!certificate.ok()) {
        *error = QCoreApplication::translate("ClientCertificate",
            "The client certificate file \u201c%1\u201d could not be read. "
            "%2")
                     .arg(certificateFile, certificate.error);
        return {};
    }
    const QByteArray passwordBytes = password.toUtf8();
    const bool pem = certificate.data.contains("-----BEGIN");
    if (isPkcs12Name(certificateFile) || !pem) {
        QBuffer buffer;
        buffer.setData(certificate.data);
        buffer.open(QIODevice::ReadOnly);
        if (!QSslCertificate::importPkcs12(&buffer, &identity.privateKey, &identity.certificate,
                &identity.chain, passwordBytes)
            || identity.isNull()) {
            *error = isPkcs12Name(certificateFile)
                ? QCoreApplication::translate("ClientCertificate",
                    "The client certificate file \u201c%1\u201d could not be "
                    "opened: the certificate password is wrong, or the file is "
                    "not a PKCS#12 (.p12/.pfx) file. Check the password under "
                    "Connections.")
                      .arg(certificateFile)
                : QCoreApplication::translate("ClientCertificate",
                    "The client certificate file \u201c%1\u201d is neither a PEM "
                    "certificate (text starting with \u201c-----BEGIN "
                    "CERTIFICATE-----\u201d) nor a PKCS#12 file Scenarist can "
                    "open with the certificate password. Choose the certificate "
                    "file the server gave you under Connections.")
                      .arg(certificateFile);
            return {};
        }
        return identity;
    }
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromData(certificate.data, QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = QCoreApplication::translate("ClientCertificate",
            "The client certificate file \u201c%1\u201d holds no "
            "certificate. It should hold text starting with "
            "\u201c-----BEGIN CERTIFICATE-----\u201d.")
                     .arg(certificateFile);
        return {};
    }
    identity.certificate = certificates.first();
    identity.chain = certificates.mid(1);
    QString keyFile = privateKeyFile.trimmed();
    QByteArray keyData;
    if (keyFile.isEmpty()) {
        keyFile = certificateFile;
        keyData = certificate.data;
    } else {
        const LocalFileRead key = LocalFileAccess::read(keyFile, policy);
        if (!key.ok()) {
            *error = QCoreApplication::translate(
                "ClientCertificate", "The private key file \u201c%1\u201d could not be read. %2")
                         .arg(keyFile, key.error);
            return {};
        }
        keyData = key.data;
    }
    if (!keyData.contains("PRIVATE KEY-----")) {
        *error = keyFile == certificateFile
            ? QCoreApplication::translate("ClientCertificate",
                "The client certificate file \u201c%1\u201d holds no private key. "
                "Choose the key's own file under Connections (Private key "
                "file).")
                  .arg(certificateFile)
            : QCoreApplication::translate("ClientCertificate",
                "The private key file \u201c%1\u201d is not a private key. It "
                "should hold text starting with \u201c-----BEGIN PRIVATE "
                "KEY-----\u201d (or RSA/EC PRIVATE KEY).")
                  .arg(keyFile);
        return {};
    }
    identity.privateKey = readKey(keyData, passwordBytes);
    if (identity.privateKey.isNull()) {
        *error = QCoreApplication::translate("ClientCertificate",
            "The private key in \u201c%1\u201d could not be read: it is "
            "damaged, or it is encrypted and the certificate password is "
            "missing or wrong. Check the password under Connections.")
                     .arg(keyFile);
        return {};
    }
    return identity;
}
