#pragma once

#include "core/model/Connection.h"
#include "core/model/HttpRequestSpec.h"

#include <QStringList>

namespace TypedFilePaths {

/// The local files a module's request reads whose paths are typed (no mapping): multipart
/// file fields, the CA certificate file, and its connection's client certificate and key
/// files. A run from elsewhere asks before reading them (docs/private-files.md);
/// `connection` is the module's connection, or null.
QStringList of(const HttpRequestSpec &spec, const Connection *connection);

} // namespace TypedFilePaths
