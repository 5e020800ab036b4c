#pragma once

struct KindFormInfo;

/// The editor's entry for Sleep: group, words, icon, settings form.
const KindFormInfo &sleepForm();
