#pragma once

struct KindFormInfo;

/// The editor's entry for Throw: group, words, icon, settings form.
const KindFormInfo &throwForm();
