#pragma once

struct KindFormInfo;

/// The editor's entry for Repeater: group, words, icon, settings form.
const KindFormInfo &repeaterForm();
