#pragma once

#include "core/flow/CollectedBundles.h"
#include "core/flow/ModuleError.h"
#include "core/mapping/MappingContext.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <optional>

/// One bundle travelling between modules: the output of one operation (an object such as
/// {"i": 3} or {"statusCode": 200, "data": …}).
using Bundle = QJsonValue;

/// What one operation produced: 0..N bundles, or an error.
struct Emitted
{
    QList<Bundle> bundles;
    std::optional<ModuleError> error;
    /// How long to wait before the bundles go on (Sleep); the runner waits with a timer that
    /// Stop cancels at once.
    int waitMs = 0;

    bool failed() const { return error.has_value(); }
    static Emitted one(const Bundle &bundle) { return Emitted {{bundle}, std::nullopt}; }
    static Emitted none() { return Emitted {}; }
    static Emitted failure(ModuleErrorType type, const QString &message)
    {
        return Emitted {{}, ModuleError {type, message, 0, -1}, 0};
    }
};

/// What an operation may read and change besides its own config: the outputs it maps from,
/// the variables of the cycle and of the execution. (Dates without a zone are read in the
/// scenario's time zone, which the mapping context carries.)
struct RunContext
{
    /// The outputs of the modules before this one on the bundle's way ({{N.…}}).
    MappingContext mapping;
    /// Set variable(s) with scope "cycle" (docs/scenario-file.md): forgotten after each cycle.
    QHash<QString, QJsonValue> cycleVariables;
    /// Scope "execution": kept for the whole run.
    QHash<QString, QJsonValue> executionVariables;
};
