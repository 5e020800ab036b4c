#pragma once

struct KindFormInfo;

/// The editor's entry for GetVariables: group, words, icon, settings form.
const KindFormInfo &getVariablesForm();
