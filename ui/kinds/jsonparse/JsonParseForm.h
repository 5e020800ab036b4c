#pragma once

struct KindFormInfo;

/// The editor's entry for JsonParse: group, words, icon, settings form.
const KindFormInfo &jsonParseForm();
