#pragma once

struct KindInfo;

/// http.request: makes a request. Its config is Module::config (an HttpRequestSpec), read
/// and written by the scenario file, and it runs in the runner's HttpExecutor.
const KindInfo &httpRequestKind();
