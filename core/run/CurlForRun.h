#pragma once

#include "core/io/CurlCommand.h"
#include "core/run/HttpExchange.h"
#include "core/run/RunResult.h"

/// Copy as cURL for a request that was executed: builds on CurlCommand::fromRequest() with
/// what a run recorded. Lives in run/ because it reads run results; io/ does not know them.
namespace CurlCommand {

/// The request exactly as it went on the wire, as a curl command (see fromRequest()).
QString fromSentRequest(
    const SentRequest &sent, const QStringList &secrets, bool reveal, const Options &options = {});

/// The inspector's Copy as cURL: the request as sent, with the module's secrets masked unless
/// `reveal`, and the module's redirect, certificate and timeout settings as curl options.
QString fromModuleRun(const ModuleRun &run, bool reveal);

} // namespace CurlCommand
