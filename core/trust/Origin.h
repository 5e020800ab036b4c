#pragma once

#include <QString>
#include <QUrl>

/// Origins (scheme, host, port) decide where credentials may go: a secret is bound to the
/// origins it may be sent to, and a redirect that changes the origin drops credentials.
/// See docs/sharing-scenarios-safely.md.
namespace Origin {

/// "https://api.example.com" or "http://127.0.0.1:8765": scheme and host lower-cased, the
/// port written only when it is not the scheme's default. Empty for a URL without a host.
QString of(const QUrl &url);
/// True when both URLs have the same scheme, host and (effective) port.
bool same(const QUrl &a, const QUrl &b);
/// Reads what a person or a command line gives as an allowed place: a bare host
/// ("api.example.com", meaning https and http on their default ports), "host:port", or a
/// full origin ("https://host:port"). Returns the origins it stands for, or none (with
/// *error set) when it is not one.
QStringList parseAllowed(const QString &text, QString *error = nullptr);
/// True when `origin` (as of()) is one of `allowed` (as parseAllowed() gives them).
bool isAllowed(const QString &origin, const QStringList &allowed);

} // namespace Origin
