#pragma once

// Copy as cURL for a request that was executed. Header-only so that core/io does not depend
// on core/run: whoever includes this links the whole engine anyway (the app, the tests).

#include "io/CurlCommand.h"
#include "run/HttpExchange.h"
#include "run/RunResult.h"

namespace CurlCommand {

/// The request exactly as it went on the wire, as a curl command (see fromRequest()).
inline QString fromSentRequest(
    const SentRequest &sent, const QStringList &secrets, bool reveal, const Options &options = {})
{
    return fromRequest(sent.method, sent.url, sent.headers, sent.body, secrets, reveal, options);
}

/// The inspector's Copy as cURL: the request as sent, with the module's secrets masked unless
/// `reveal`, and the module's redirect, certificate and timeout settings as curl options.
inline QString fromModuleRun(const ModuleRun &run, bool reveal)
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
