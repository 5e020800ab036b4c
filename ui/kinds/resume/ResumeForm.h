#pragma once

struct KindFormInfo;

/// The editor's entry for Resume: group, words, icon, settings form.
const KindFormInfo &resumeForm();
