#pragma once

#include <QJsonValue>
#include <QString>

/// Why an operation failed, as Make names it (docs/scenario-file.md, error routes). An error
/// route maps it as {{N.error.type}}, {{N.error.message}} and {{N.error.statusCode}}.
enum class ModuleErrorType {
    ConnectionError, ///< the server could not be reached
    ModuleTimeoutError, ///< no answer in time
    RuntimeError, ///< an error status, or a Throw module
    RateLimitError, ///< status 429
    DataError, ///< unreadable data or a broken mapping
    InvalidAccessTokenError, ///< the sign-in was refused
};

/// A typed error of one operation.
struct ModuleError
{
    ModuleErrorType type = ModuleErrorType::RuntimeError;
    QString message; ///< plain words
    int statusCode = 0; ///< the HTTP status, 0 when there is none
    /// Seconds a Retry-After header asked to wait (Break honours it); -1 when none.
    int retryAfterSeconds = -1;

    /// The type as written in {{N.error.type}}: "ConnectionError", …
    static QString typeName(ModuleErrorType type);
    /// {"type", "message", "statusCode"?}: what {{N.error}} maps to.
    QJsonValue toJson() const;
};
