#pragma once

#include "core/mapping/MappingContext.h"

#include <QHash>
#include <QJsonValue>
#include <QString>

class RunResult;

/// The one way to build what mappings are evaluated against: the latest outputs of a run
/// (optional), the named roots ({{sandbox.url}}, {{secrets.NAME}}) and the secrets looked up
/// in the keychain. The runner, the cURL export and the connection's "Get a token" use it,
/// so a mapping means the same everywhere.
namespace MappingContextBuilder {

/// `namedRoots` as the runner holds them; a secret given there (non-empty) wins over the same
/// name in `lookedUpSecrets`, which fills in the rest of {{secrets.…}}.
MappingContext build(const RunResult *results, const QHash<QString, QJsonValue> &namedRoots,
    const QHash<QString, QString> &lookedUpSecrets = {});

} // namespace MappingContextBuilder
