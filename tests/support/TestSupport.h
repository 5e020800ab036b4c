#pragma once

#include <QHash>
#include <QString>

/// Helpers shared by the tests.
namespace TestSupport {
/// Reads KEY=value lines of the third-party servers' env file written by
/// tests/servers/thirdparty-servers.sh (HTTPBIN_URL, OAUTH2_MOCK_URL, ...).
QHash<QString, QString> thirdPartyServers();
/// Path of a file under tests/data.
QString testDataPath(const QString &relative);
/// Path of a file in the source tree.
QString sourcePath(const QString &relative);
} // namespace TestSupport
