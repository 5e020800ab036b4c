#pragma once

struct KindFormInfo;

/// The editor's entry for TextAggregator: group, words, icon, settings form.
const KindFormInfo &textAggregatorForm();
