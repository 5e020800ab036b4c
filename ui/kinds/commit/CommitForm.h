#pragma once

struct KindFormInfo;

/// The editor's entry for Commit: group, words, icon, settings form.
const KindFormInfo &commitForm();
