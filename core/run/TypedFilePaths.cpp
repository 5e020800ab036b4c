#include "core/run/TypedFilePaths.h"

QStringList TypedFilePaths::of(const HttpRequestSpec &spec, const Connection *connection)
{
    QStringList paths;
    auto typed = [&paths](const QString &path) {
        const QString trimmed = path.trimmed();
        if (!trimmed.isEmpty() && !trimmed.contains(QLatin1String("{{")))
            paths.append(trimmed);
    };
    if (spec.bodyType == BodyType::Multipart) {
        for (const MultipartField &field : spec.multipartFields) {
            if (!field.file.isEmpty() && !field.file.contains(QLatin1String("{{")))
                paths.append(field.file);
        }
    }
    const QString ca = spec.caCertificate.trimmed();
    if (!ca.contains(QLatin1String("-----BEGIN")))
        typed(ca);
    if (connection && spec.effectiveAuthentication() == AuthType::Connection
        && !connection->certificateFile.trimmed().isEmpty()) {
        typed(connection->certificateFile);
        typed(connection->privateKeyFile);
    }
    if (connection && spec.effectiveAuthentication() == AuthType::Connection
        && connection->usesTokenEndpoint()
        && connection->clientAuthentication == ClientAuthentication::PrivateKeyJwt)
        typed(connection->signingKeyFile);
    return paths;
}
