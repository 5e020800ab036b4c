#pragma once

struct KindFormInfo;

/// The editor's entry for Ignore: group, words, icon, settings form.
const KindFormInfo &ignoreForm();
