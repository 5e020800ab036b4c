#pragma once

#include "core/io/ScenarioDocument.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/// Make.com blueprints (the JSON of Make's "Export blueprint"), in and out, the whole flow
/// tree (docs/make-blueprints.md).
///
/// Import (importScenario) converts the flow with toScenarioJson() and reads the result with
/// ScenarioFile's own checks: routers keep their routes, filters sit on links, error handler
/// routes become error routes, and Make's flow modules (iterators, aggregators, variables, ...)
/// and HTTP modules — v3 `http:ActionSendData` (also its Basic-auth and API-key variants) and
/// v4 `http:MakeRequest` — become modules of their kind with the same ids, labels
/// (metadata.designer.name) and positions, so that mappings such as {{1.data.token}} keep
/// working. Every other app's module becomes a placeholder of type Module::foreignType() in its
/// route, whose `foreign` holds the module's JSON; it refuses to run. A converted module keeps
/// its original Make JSON in `foreign` too, so that export gives back every key Scenarist has
/// no field for.
///
/// Export (exportScenario) writes each HTTP module as the version it was imported from; a
/// module made in Scenarist becomes v4 `http:MakeRequest`, unless it needs a field only v3 has
/// (user name and password, a CA certificate, accepting self-signed certificates, following
/// all redirects, or a raw body that is not JSON): then v3 `http:ActionSendData`. Fields the
/// user did not change are written exactly as they were imported.
namespace MakeBlueprint {

/// True for a blueprint ("flow" and no "format"), a single exported Make module ("module")
/// or Make's clipboard form ("subflows").
bool isBlueprint(const QJsonObject &json);
/// True when the file at `path` holds JSON for which isBlueprint() is true.
bool isBlueprintFile(const QString &path);

/// A blueprint as a scenario: toScenarioJson() read by ScenarioFile::fromJson(), so that the
/// limits and refusals of a scenario file apply. A blueprint with more modules than a scenario
/// may hold is refused. On failure returns nothing and sets *error to a message in plain
/// words; *report (when given) gets one line per thing that was not converted. The editor,
/// scenarist-run and --convert all import through this.
std::optional<ScenarioDocument> importScenario(
    const QJsonObject &blueprint, QStringList *report, QString *error);

/// The document as a Make blueprint {name, flow, metadata}: fromScenarioJson() of its scenario
/// JSON, routes, filters and error routes included. Placeholders are written back as their
/// original JSON. What Make cannot hold is listed in *report (when given).
QJsonObject exportScenario(const ScenarioDocument &document, QStringList *report = nullptr);

/// The Make module names imported as HTTP modules.
QStringList httpModuleNames();

/// How deep routes and error routes may nest (a route inside a route counts one level).
/// Real exports go 7 deep; a router deeper than this stays a placeholder holding its routes.
constexpr int maxRouteDepth = 100;

/// A blueprint as a native scenario of version 2 (docs/scenario-file.md), the whole flow
/// tree: routers become routes (links leaving the router, `parameters.else` the fallback),
/// error handler routes become `onError` links, filters go on the link into their module,
/// and iterators, aggregators, variables, repeaters, sleeps, JSON modules and error
/// directives become modules of their kind. What a converted module had that its `config`
/// does not hold is kept in its `foreign`, so fromScenarioJson() writes it back. Other apps'
/// modules become `foreign` placeholders in the right route. One line in plain words per
/// thing not converted goes to *report. docs/make-blueprints.md says what converts.
QJsonObject toScenarioJson(const QJsonObject &blueprint, QStringList *report);

/// A native scenario JSON of version 2 as a blueprint {name, flow, metadata}: the flow tree is
/// rebuilt from the links, each module written as it was imported with what its config
/// changed. What Make cannot hold goes to *report.
QJsonObject fromScenarioJson(const QJsonObject &scenario, QStringList *report);

/// The Make module names toScenarioJson() converts into native flow kinds.
QStringList flowModuleNames();

} // namespace MakeBlueprint
