#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QHashFunctions>
#include <QJsonObject>
#include <QPointF>
#include <QString>

using ModuleId = int;

/// One step of a scenario. `id` is stable and never reused within a scenario, since
/// mappings such as {{1.data.token}} refer to it.
struct Module
{
    static QString httpRequestType() { return QStringLiteral("http.request"); }
    /// A placeholder for a module of another app (e.g. from a Make blueprint): it keeps
    /// that module's JSON in `foreign` and refuses to run.
    static QString foreignType() { return QStringLiteral("foreign"); }

    ModuleId id = 0;
    QString type = httpRequestType();
    QString label;
    QPointF position;
    HttpRequestSpec config;
    QString note;

    /// What the app does not understand (a placeholder for a foreign module): kept as is.
    QJsonObject foreign;

    /// The label shown to people: the label, or the module type's name when it has none.
    QString displayName() const;

    bool operator==(const Module &other) const
    {
        return id == other.id && type == other.type && label == other.label
            && position == other.position && config == other.config && note == other.note
            && foreign == other.foreign;
    }
};

/// A link: `from` runs before `to`.
struct Link
{
    ModuleId from = 0;
    ModuleId to = 0;

    bool operator==(const Link &other) const { return from == other.from && to == other.to; }
};

inline size_t qHash(const Link &link, size_t seed = 0) noexcept
{
    return qHashMulti(seed, link.from, link.to);
}
