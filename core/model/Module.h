#pragma once

#include "core/flow/Filter.h"
#include "core/model/HttpRequestSpec.h"
#include "core/model/KindConfig.h"

#include <QHashFunctions>
#include <QJsonObject>
#include <QPointF>
#include <QString>

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
    /// The settings of an http.request module (the editor and runner of requests use it).
    HttpRequestSpec config;
    /// The settings of a module of any other kind (core/kinds/KindRegistry.h); null for
    /// http.request and foreign.
    KindConfig settings;
    QString note;

    /// What the app does not understand (a placeholder for a foreign module): kept as is.
    QJsonObject foreign;

    /// The label shown to people: the label, or the module type's name when it has none.
    QString displayName() const;

    bool operator==(const Module &other) const
    {
        return id == other.id && type == other.type && label == other.label
            && position == other.position && config == other.config && settings == other.settings
            && note == other.note && foreign == other.foreign;
    }
};

/// A link: bundles that `from` outputs go to `to` (docs/scenario-file.md). A scenario has at
/// most one link between two modules, so `from` and `to` name a link.
struct Link
{
    ModuleId from = 0;
    ModuleId to = 0;
    /// Bundles it stops do not reach `to`; empty (no condition) lets everything through.
    Filter filter;
    /// A router's route taken only when no other route's filter let the bundle through.
    bool fallback = false;
    /// `from`'s error route: `to` runs when `from` fails.
    bool onError = false;

    /// True when the link has nothing but its two ends (what version 1 files hold).
    bool isPlain() const { return filter == Filter {} && !fallback && !onError; }
    bool operator==(const Link &other) const
    {
        return from == other.from && to == other.to && filter == other.filter
            && fallback == other.fallback && onError == other.onError;
    }
    bool operator!=(const Link &other) const { return !(*this == other); }
};

/// Hashes the two ends only: links equal in every field have equal ends.
inline size_t qHash(const Link &link, size_t seed = 0) noexcept
{
    return qHashMulti(seed, link.from, link.to);
}
