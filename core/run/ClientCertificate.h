#pragma once

#include "core/trust/LocalFileAccess.h"

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

/// A client certificate and its private key, shown to servers that ask for one (mutual TLS,
/// docs/connections.md).
struct ClientIdentity
{
    QSslCertificate certificate;
    QSslKey privateKey;
    QList<QSslCertificate> chain; ///< intermediate certificates sent along, if any

    bool isNull() const { return certificate.isNull() || privateKey.isNull(); }
};

namespace ClientCertificate {

/// Reads a client certificate from local files under the run's file policy: a PKCS#12 file
/// (.p12/.pfx, certificate and key together), or PEM (the certificate and its key in one file,
/// or the key in `privateKeyFile`). `password` opens the PKCS#12 file or an encrypted key.
/// On failure returns a null identity and sets *error to plain words naming the file and what
/// to do; the password is never part of it.
ClientIdentity load(const QString &certificateFile, const QString &privateKeyFile,
    const QString &password, const FileAccessPolicy &policy, QString *error);

/// True for a file name that says PKCS#12 (.p12, .pfx).
bool isPkcs12Name(const QString &path);

} // namespace ClientCertificate
