#pragma once

#include "mapping/MappingContext.h"
#include "model/HttpRequestSpec.h"

#include <QStringList>

/// Resolves the {{…}} mappings of every text field of a request, and finds the values that
/// must not be shown (passwords, client secrets, {{secrets.…}} values).
class RequestMapper
{
public:
    struct Result
    {
        HttpRequestSpec request;
        QStringList warnings;     ///< each names the field, e.g. "Header Authorization: …"
        QString error;            ///< the first field that could not be evaluated
        QStringList secretValues;
        bool ok() const { return error.isEmpty(); }
    };

    static Result resolve(const HttpRequestSpec &spec, const MappingContext &context);

    /// True for names that usually carry credentials (client_secret, password, api_key, …).
    static bool looksSecret(const QString &name);
};
