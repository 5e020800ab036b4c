#include "core/run/CurlForRun.h"

namespace CurlCommand {

QString fromSentRequest(
    const SentRequest &sent, const QStringList &secrets, bool reveal, const Options &options)
{
    return fromRequest(sent.method, sent.url, sent.headers, sent.body, secrets, reveal, options);
}

QString fromModuleRun(const ModuleRun &run, bool reveal)
{
    Options options;
    options.followRedirects = run.request.followRedirects;
    options.insecure = !run.request.rejectUnverifiedCertificates;
    options.maxTimeSeconds = run.request.timeoutSeconds;
    const QString ca = run.request.caCertificate.trimmed();
    if (!ca.isEmpty() && !ca.contains(QLatin1String("-----BEGIN")))
        options.caCertificateFile = ca;
    return fromSentRequest(run.exchange.sent, run.secretValues, reveal, options);
}

} // namespace CurlCommand
