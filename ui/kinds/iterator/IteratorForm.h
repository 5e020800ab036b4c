#pragma once

struct KindFormInfo;

/// The editor's entry for Iterator: group, words, icon, settings form.
const KindFormInfo &iteratorForm();
