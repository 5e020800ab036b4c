#include "core/run/BusyRetry.h"

#include "core/run/HttpExchange.h"

#include <QList>
#include <QRandomGenerator>

bool BusyRetry::isBusy(const HttpExchange &exchange)
{
    static const QList<int> busyStatuses {429, 502, 503, 504};
    return exchange.gotResponse ? busyStatuses.contains(exchange.statusCode)
                                : exchange.timedOut || exchange.connectionLost;
}

qint64 BusyRetry::waitMs(const HttpExchange &exchange, qsizetype failedTries, qint64 maxWaitMs)
{
    qint64 wait = 0;
    const int retryAfter = exchange.retryAfterSeconds();
    if (retryAfter >= 0) {
        wait = qint64(retryAfter) * 1000;
    } else {
        const qint64 backoffMs
            = qMin(maxWaitMs, qint64(1000) << qMin(qMax<qsizetype>(failedTries, 1) - 1, 20));
        wait = backoffMs / 2 + QRandomGenerator::global()->bounded(backoffMs / 2 + 1);
    }
    return qMin(wait, maxWaitMs);
}
