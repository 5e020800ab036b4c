#pragma once

#include <QString>

namespace ByteSize {

/// A size as people read it in messages: "100 MB", "1.5 MB", "64 KB", "12 bytes".
QString inWords(qint64 bytes);

} // namespace ByteSize
