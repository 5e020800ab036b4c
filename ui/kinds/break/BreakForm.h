#pragma once

struct KindFormInfo;

/// The editor's entry for Break: group, words, icon, settings form.
const KindFormInfo &breakForm();
