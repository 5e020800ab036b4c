#pragma once

#include "core/mapping/LargeBody.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QTimeZone>

#include <functional>
#include <optional>

/// What mappings are evaluated against: the output bundles of earlier modules, and named
/// roots such as `secrets` ({{secrets.client_secret}}).
struct MappingContext
{
    /// Module id -> that module's output bundle {statusCode, headers, cookies, data}.
    QHash<int, QJsonValue> moduleOutputs;
    /// Module id -> its `data` when the response was too large to hold as QJsonValues (the
    /// bundle's data is null then): paths into it are read from the bytes.
    QHash<int, LargeBodyPtr> largeData;
    /// Named roots other than module ids, e.g. "secrets" -> {"client_secret": "..."}.
    QHash<QString, QJsonValue> namedRoots;
    /// The time `now` returns; the current time when invalid (tests fix it).
    QDateTime now;
    /// The scenario's time zone: dates written without a zone are read in it, and date
    /// functions (formatDate, setHour, addDays, …) work in it. Invalid: the system's zone
    /// (where the TZ variable applies). See docs/mapping-functions.md, "Dates".
    QTimeZone timeZone;
};
