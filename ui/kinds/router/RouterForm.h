#pragma once

struct KindFormInfo;

/// The editor's entry for Router: group, words, icon, settings form.
const KindFormInfo &routerForm();
