#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

/// What an aggregator kept of the bundles that reached it during one operation of its source.
/// Each bundle's part is taken as the bundle arrives (its mapped fields evaluated then), so no
/// bundle's context outlives it; the first part that could not be taken ends the collecting
/// with its error, which the aggregator's operation then reports.
struct CollectedBundles
{
    QList<QJsonValue> parts; ///< one per bundle, in order; what a part is, the kind decides
    QString error; ///< the first bundle's error, in plain words; empty when all were taken

    bool failed() const { return !error.isEmpty(); }
};
