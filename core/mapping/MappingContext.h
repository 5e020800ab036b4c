#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QString>

#include <functional>
#include <optional>

/// What mappings are evaluated against: the output bundles of earlier modules, and named
/// roots such as `secrets` ({{secrets.client_secret}}).
struct MappingContext
{
    /// Module id -> that module's output bundle {statusCode, headers, cookies, data}.
    QHash<int, QJsonValue> moduleOutputs;
    /// Named roots other than module ids, e.g. "secrets" -> {"client_secret": "..."}.
    QHash<QString, QJsonValue> namedRoots;
    /// The time `now` returns; the current time when invalid (tests fix it).
    QDateTime now;
};
