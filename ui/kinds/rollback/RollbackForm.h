#pragma once

struct KindFormInfo;

/// The editor's entry for Rollback: group, words, icon, settings form.
const KindFormInfo &rollbackForm();
