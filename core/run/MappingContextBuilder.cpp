#include "core/run/MappingContextBuilder.h"

#include "core/run/RunResult.h"

#include <QJsonObject>

MappingContext MappingContextBuilder::build(const RunResult *results,
    const QHash<QString, QJsonValue> &namedRoots, const QHash<QString, QString> &lookedUpSecrets)
{
    MappingContext context;
    if (results) {
        context.moduleOutputs = results->outputs();
        context.largeData = results->largeOutputs();
    }
    context.namedRoots = namedRoots;
    const QString secretsRoot = QStringLiteral("secrets");
    if (!lookedUpSecrets.isEmpty()) {
        QJsonObject secrets = namedRoots.value(secretsRoot).toObject();
        for (auto it = lookedUpSecrets.constBegin(); it != lookedUpSecrets.constEnd(); ++it) {
            if (secrets.value(it.key()).toString().isEmpty())
                secrets.insert(it.key(), it.value());
        }
        context.namedRoots.insert(secretsRoot, secrets);
    }
    return context;
}
