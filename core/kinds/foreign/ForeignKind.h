#pragma once

struct KindInfo;

/// foreign: a placeholder for another app's module (e.g. from a Make blueprint). It keeps
/// that module's JSON in Module::foreign for export and refuses to run.
const KindInfo &foreignKind();
