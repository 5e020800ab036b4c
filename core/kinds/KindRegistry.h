#pragma once

#include "core/flow/BundleScheduler.h"
#include "core/kinds/KindConfigReader.h"
#include "core/kinds/KindRun.h"
#include "core/model/KindConfig.h"

#include <QList>
#include <QString>
#include <QStringList>

/// One kind of module: everything about it that is not the editor. Each kind lives in one
/// folder, core/kinds/<kind>/, which defines its config (a KindConfigData with reading and
/// writing), how it runs, and its entry here; KindRegistry lists the entries.
///
/// Elsewhere, by the same type name:
/// - Make blueprint conversion: one table in core/io/MakeBlueprintFlow.cpp pairs each type
///   with Make's module name (such as "builtin:BasicFeeder") and converts the config both ways
///   (docs/make-blueprints.md).
/// - The editor: ui/kinds/<kind>/ will hold its settings form and canvas look, registered
///   in a ui-side table by the same type name (the editor of http.request is the existing
///   ui/editor).
struct KindInfo
{
    QString type; ///< "flow.iterator", …: the module's `type` in the file
    QString displayName; ///< in plain words: "Iterator", "Make a request", …

    /// Reads `config` of the file; on a mistake, the reader holds it (key and words). Null
    /// for kinds without a KindConfig: http.request (its config is Module::config, read by
    /// the scenario file with the scenario's connections) and foreign placeholders.
    KindConfig (*read)(KindConfigReader &reader) = nullptr;
    /// The config of a new module of this kind. Null when read is null.
    KindConfig (*makeDefault)() = nullptr;

    /// Runs one operation: one bundle in (`in`, with the outputs it maps from in
    /// `context.mapping`), 0..N bundles out or a typed error. Must not block: a kind that
    /// waits says how long in Emitted::waitMs. Null when the runner does it itself
    /// (http.request is asynchronous network work; a foreign placeholder refuses to run) or
    /// for an aggregator (see aggregate).
    Emitted (*run)(const KindConfigData &config, const Bundle &in, RunContext &context) = nullptr;
    /// For an aggregator (KindConfigData::aggregationSource() != 0): turns the parts it
    /// collected during one operation of its source (see collect) into its output bundles (a
    /// DataError when collecting failed).
    Emitted (*aggregate)(
        const KindConfigData &config, const CollectedBundles &collected, RunContext &context)
        = nullptr;

    /// Set when the kind ends an error route.
    FlowDirective directive = FlowDirective::None;
    /// True for http.request: its config is Module::config (an HttpRequestSpec).
    bool configIsHttpRequest = false;
    /// True for a placeholder of another app's module: it keeps Module::foreign and cannot
    /// run.
    bool placeholder = false;
    /// For an aggregator: takes its part of one bundle that reached it (its mapped fields,
    /// evaluated in `context`) into `into`, or sets into.error.
    void (*collect)(
        const KindConfigData &config, const MappingContext &context, CollectedBundles &into)
        = nullptr;
};

/// The one table of module kinds. Adding a kind: a folder under core/kinds/, one line in
/// KindRegistry.cpp, and its tests; nothing else switches over kinds.
namespace KindRegistry {

/// Every kind, in the order a picker would show them.
const QList<KindInfo> &kinds();
/// The kind with this type name; null when unknown.
const KindInfo *find(const QString &type);
/// Every type name, for messages.
QStringList typeNames();
/// The kind's display name; `type` itself when unknown.
QString displayName(const QString &type);
/// False for the kinds whose modules give no bundle of their own to map from: a router
/// (it passes bundles on as they are) and the directives that end error routes.
bool givesOwnOutput(const QString &type);

} // namespace KindRegistry
