#pragma once

struct KindFormInfo;

/// The editor's entry for SetVariables: group, words, icon, settings form.
const KindFormInfo &setVariablesForm();
