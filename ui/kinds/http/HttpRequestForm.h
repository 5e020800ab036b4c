#pragma once

struct KindFormInfo;

/// The editor's entry for http.request: group, words, icon (its form is ui/editor/ModuleEditor).
const KindFormInfo &httpRequestForm();
