#pragma once

#include "core/run/SecretProvider.h"
#include "core/trust/SecretBindings.h"

#include <QHash>
#include <QString>

/// A keychain as the app has it, for tests: values by name, each bound to the places
/// recorded in SecretBindings (the real store, in the test's own trust file).
class BoundSecrets : public SecretProvider
{
public:
    QHash<QString, QString> values;

    void lookup(const QString &name, QObject *, Callback done) override
    {
        done(values.contains(name) ? std::optional<QString>(values.value(name)) : std::nullopt);
    }
    QString howToSet(const QString &) const override { return QStringLiteral("Set it."); }
    Reach reach(const QString &name) const override
    {
        const std::optional<QStringList> bound = SecretBindings::allowedOrigins(name);
        return Reach {false, bound.has_value(), bound.value_or(QStringList())};
    }
    void allowOrigin(const QString &name, const QString &origin) override
    {
        SecretBindings::allow(name, origin);
    }
};
