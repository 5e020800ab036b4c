#include "core/flow/ModuleError.h"

#include <QJsonObject>

QString ModuleError::typeName(ModuleErrorType type)
{
    switch (type) {
    case ModuleErrorType::ConnectionError:
        return QStringLiteral("ConnectionError");
    case ModuleErrorType::ModuleTimeoutError:
        return QStringLiteral("ModuleTimeoutError");
    case ModuleErrorType::RuntimeError:
        return QStringLiteral("RuntimeError");
    case ModuleErrorType::RateLimitError:
        return QStringLiteral("RateLimitError");
    case ModuleErrorType::DataError:
        return QStringLiteral("DataError");
    case ModuleErrorType::InvalidAccessTokenError:
        return QStringLiteral("InvalidAccessTokenError");
    }
    return QStringLiteral("RuntimeError");
}

QJsonValue ModuleError::toJson() const
{
    QJsonObject error {
        {QStringLiteral("type"), typeName(type)}, {QStringLiteral("message"), message}};
    if (statusCode > 0)
        error.insert(QStringLiteral("statusCode"), statusCode);
    return error;
}
