#pragma once

#include <QByteArray>

/// Which scenario files came from this user on this machine: the SHA-256 of every file the
/// app saved from a trusted document, kept in TrustSettings (as editors remember workspace
/// trust). A file whose bytes are not known opens as not trusted; see
/// docs/sharing-scenarios-safely.md.
namespace TrustStore {

bool isTrusted(const QByteArray &fileBytes);
/// Remembers these bytes as the user's own (the newest 1,000 are kept).
void trust(const QByteArray &fileBytes);

} // namespace TrustStore
