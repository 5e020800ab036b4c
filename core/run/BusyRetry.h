#pragma once

#include <QtGlobal>

struct HttpExchange;

/// "Retry when the server is busy" (docs/scenario-file.md): which answers mean busy, and how long
/// to wait before the next try. One home for modules (ScenarioRunner) and token requests
/// (TokenCache).
namespace BusyRetry {

/// 429, 502, 503 or 504, or no answer because of a timeout or a lost connection.
bool isBusy(const HttpExchange &exchange);

/// How long to wait after the `failedTries`-th busy answer (1 for the first): the server's
/// Retry-After when it sent one, else twice as long after each busy answer from one second,
/// with a random part so that clients that failed together do not all come back together.
/// Never longer than `maxWaitMs`.
qint64 waitMs(const HttpExchange &exchange, qsizetype failedTries, qint64 maxWaitMs);

} // namespace BusyRetry
