#pragma once

struct KindFormInfo;

/// The editor's entry for ArrayAggregator: group, words, icon, settings form.
const KindFormInfo &arrayAggregatorForm();
