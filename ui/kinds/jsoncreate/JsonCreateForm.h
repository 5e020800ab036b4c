#pragma once

struct KindFormInfo;

/// The editor's entry for JsonCreate: group, words, icon, settings form.
const KindFormInfo &jsonCreateForm();
