#pragma once

// Small helpers shared by the benchmark programs (not tests: they print figures, never fail
// on time).

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <vector>

#include <sys/resource.h>
#include <time.h>

namespace bench {

/// Peak resident set size of this process so far, in MB (getrusage).
inline double peakRssMb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

/// CPU time of the calling thread so far, in ms: unlike wall time, not lengthened by other
/// processes taking turns on the cores.
inline double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
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

/// The value below which `percent` % of the values lie (nearest rank: p95 of 200 frames is
/// the 190th smallest).
inline double percentile(std::vector<double> values, double percent)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = std::ceil(percent / 100.0 * double(values.size()));
    const size_t index = size_t(std::clamp(rank, 1.0, double(values.size()))) - 1;
    return values[index];
}

} // namespace bench
