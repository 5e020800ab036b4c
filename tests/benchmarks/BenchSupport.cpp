#include "BenchSupport.h"

#include <cstdio>

#include <unistd.h>

double bench::currentRssMb()
{
    long pages = 0;
    long resident = 0;
    FILE *file = std::fopen("/proc/self/statm", "r");
    if (!file)
        return 0;
    if (std::fscanf(file, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    std::fclose(file);
    return resident * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}
