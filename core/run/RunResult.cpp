#include "core/run/RunResult.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

QString statusText(ModuleRunStatus status)
{
    switch (status) {
    case ModuleRunStatus::Idle:
        return QCoreApplication::translate("RunResult", "not run yet");
    case ModuleRunStatus::Running:
        return QCoreApplication::translate("RunResult", "running");
    case ModuleRunStatus::Succeeded:
        return QCoreApplication::translate("RunResult", "succeeded");
    case ModuleRunStatus::Failed:
        return QCoreApplication::translate("RunResult", "failed");
    case ModuleRunStatus::Skipped:
        return QCoreApplication::translate("RunResult", "not run (an earlier module failed)");
    }
    return {};
}

QString statusKey(ModuleRunStatus status)
{
    switch (status) {
    case ModuleRunStatus::Idle:
        return QStringLiteral("idle");
    case ModuleRunStatus::Running:
        return QStringLiteral("running");
    case ModuleRunStatus::Succeeded:
        return QStringLiteral("succeeded");
    case ModuleRunStatus::Failed:
        return QStringLiteral("failed");
    case ModuleRunStatus::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QString ModuleRun::masked(const QString &text) const
{
    if (secretValues.isEmpty())
        return text;
    // Longest first, so that a secret containing another is masked whole.
    QStringList secrets = secretValues;
    std::sort(secrets.begin(), secrets.end(),
        [](const QString &a, const QString &b) { return a.size() > b.size(); });
    QString result = text;
    for (const QString &secret : secrets) {
        if (secret.isEmpty())
            continue;
        result.replace(secret, QStringLiteral("********"));
        // Secrets also travel percent-encoded (query strings, form bodies).
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        if (encoded != secret)
            result.replace(encoded, QStringLiteral("********"));
    }
    return result;
}

QJsonObject ModuleRun::inputBundle(bool revealSecrets) const
{
    auto show = [&](const QString &text) { return revealSecrets ? text : masked(text); };
    QJsonArray headers;
    for (const RawHeader &h : exchange.sent.headers) {
        QString value = QString::fromUtf8(h.second);
        if (!revealSecrets
            && (h.first.compare("authorization", Qt::CaseInsensitive) == 0
                || h.first.compare("proxy-authorization", Qt::CaseInsensitive) == 0)) {
            // Keep the scheme ("Bearer", "Basic") so people see what kind of credential went.
            const qsizetype space = value.indexOf(QLatin1Char(' '));
            value = space > 0 ? value.left(space) + QStringLiteral(" ********")
                              : QStringLiteral("********");
        }
        headers.append(QJsonObject {{QStringLiteral("name"), QString::fromUtf8(h.first)},
            {QStringLiteral("value"), show(value)}});
    }
    const QByteArray method
        = exchange.sent.method.isEmpty() ? request.method.toUtf8() : exchange.sent.method;
    // The final URL (after redirects), with its query.
    const QUrl sentUrl = exchange.finalUrl.isValid() && !exchange.finalUrl.isEmpty()
        ? exchange.finalUrl
        : exchange.sent.url;
    const QString url = sentUrl.isEmpty() ? request.url : sentUrl.toString(QUrl::FullyEncoded);
    return QJsonObject {
        {QStringLiteral("method"), QString::fromUtf8(method)},
        {QStringLiteral("url"), show(url)},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("body"), show(QString::fromUtf8(exchange.sent.body))},
    };
}

ModuleRun RunResult::run(ModuleId id) const
{
    const auto found = m_runs.constFind(id);
    if (found != m_runs.constEnd())
        return *found;
    ModuleRun none;
    none.moduleId = id;
    if (m_skipped.contains(id))
        none.status = ModuleRunStatus::Skipped;
    return none;
}

ModuleRun &RunResult::operator[](ModuleId id)
{
    const auto found = m_runs.find(id);
    if (found != m_runs.end())
        return *found;
    ModuleRun &created = m_runs[id];
    created.moduleId = id;
    if (m_skipped.remove(id))
        created.status = ModuleRunStatus::Skipped;
    return created;
}

void RunResult::markSkipped(ModuleId id)
{
    const auto found = m_runs.find(id);
    if (found != m_runs.end())
        found->status = ModuleRunStatus::Skipped;
    else
        m_skipped.insert(id);
}

QList<ModuleId> RunResult::moduleIds() const
{
    QList<ModuleId> ids = m_runs.keys();
    ids.reserve(ids.size() + m_skipped.size());
    for (ModuleId id : m_skipped)
        ids.append(id);
    return ids;
}

ModuleRunStatus RunResult::status(ModuleId id) const
{
    const auto found = m_runs.constFind(id);
    if (found != m_runs.constEnd())
        return found->status;
    return m_skipped.contains(id) ? ModuleRunStatus::Skipped : ModuleRunStatus::Idle;
}

QHash<int, LargeBodyPtr> RunResult::largeOutputs() const
{
    QHash<int, LargeBodyPtr> outputs;
    for (auto it = m_runs.begin(); it != m_runs.end(); ++it) {
        if (it->status == ModuleRunStatus::Succeeded && it->exchange.largeData)
            outputs.insert(it.key(), it->exchange.largeData);
    }
    return outputs;
}

QHash<int, QJsonValue> RunResult::outputs() const
{
    QHash<int, QJsonValue> outputs;
    for (auto it = m_runs.begin(); it != m_runs.end(); ++it) {
        if (it->status == ModuleRunStatus::Succeeded)
            outputs.insert(it.key(), it->output);
    }
    return outputs;
}

void RunResult::recordSecretSent(const QString &name, const QString &origin)
{
    QStringList &origins = m_secretsSentTo[name];
    if (!origins.contains(origin))
        origins.append(origin);
}
