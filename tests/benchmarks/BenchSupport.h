#pragma once

// Small helpers shared by the benchmark programs (not tests: they print figures, never fail
// on time).

#include <QtGlobal>

#include <algorithm>
#include <vector>

#include <sys/resource.h>

namespace bench {

/// Peak resident set size of this process so far, in MB (getrusage).
inline double peakRssMb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

/// Current resident set size in MB, from /proc/self/statm.
double currentRssMb();

inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

inline double maximum(const std::vector<double> &values)
{
    return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

} // namespace bench
