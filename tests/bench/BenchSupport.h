#pragma once

// Shared by the benchmarks in tests/bench (figures, never pass/fail on speed).

#include <QElapsedTimer>
#include <algorithm>
#include <functional>
#include <vector>

namespace opsdeck::bench {

// The median wall time of `runs` calls of `f`, in milliseconds.
inline double medianMs(const std::function<void()>& f, int runs = 7)
{
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        f();
        t.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

} // namespace opsdeck::bench
