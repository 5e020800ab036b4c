#pragma once

#include <QSettings>

#include <memory>

/// The one settings file that holds what this user trusts: where each secret may go and
/// which scenario files came from this user. It lives in the user's configuration folder
/// (0600 in a 0700 folder), shared by the app and scenarist-run, and never in a scenario.
/// SCENARIST_TRUST_FILE names another file (tests, several profiles).
namespace TrustSettings {

/// The settings, open for reading and writing.
std::unique_ptr<QSettings> open();
/// Writes pending changes and makes the file readable by this user only.
void close(QSettings &settings);

} // namespace TrustSettings
