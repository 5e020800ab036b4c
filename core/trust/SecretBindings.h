#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/// Where each secret of the keychain may be sent: a list of origins per secret name, kept in
/// TrustSettings (never in a scenario file, so a file cannot widen it). A secret with no
/// record yet is bound the first time the user's own scenario sends it; see
/// docs/sharing-scenarios-safely.md.
namespace SecretBindings {

/// The origins `name` may be sent to; nothing when no record exists for it.
std::optional<QStringList> allowedOrigins(const QString &name);
/// Adds `origin` (as Origin::of gives it) to the places `name` may go.
void allow(const QString &name, const QString &origin);
/// Replaces the places `name` may go (an empty list: nowhere).
void setAllowedOrigins(const QString &name, const QStringList &origins);
/// The names of the secrets that have places recorded, sorted.
QStringList recordedNames();
/// Forgets the record of `name` (when its value is removed).
void forget(const QString &name);

/// The plain-words refusal, e.g. "The secret “client_secret” may be sent to
/// https://auth.example.com only; this module sends it to https://other.example."
QString refusal(const QString &name, const QStringList &allowed, const QString &origin);

} // namespace SecretBindings
