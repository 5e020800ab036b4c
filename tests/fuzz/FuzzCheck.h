#pragma once

#include <QString>

#include <cstdio>
#include <cstdlib>

/// Stops the fuzzer with a message when a property the app relies on does not hold, so that
/// libFuzzer saves the input as a crash: the fuzzers look for wrong answers, not only crashes.
#define FUZZ_CHECK(condition, message) FUZZ_CHECK_DETAIL(condition, message, QString())

/// Like FUZZ_CHECK, and prints `detail` (a QString, e.g. the error the app gave) too.
#define FUZZ_CHECK_DETAIL(condition, message, detail)                                              \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s) at %s:%d\n%s\n", message, #condition, \
                __FILE__, __LINE__, qUtf8Printable(detail));                                       \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
