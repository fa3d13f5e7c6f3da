// The soak's memory verdict (JudgeMemory) passes memory that levels off, however much RSS saws,
// and fails a leak, also one hidden under the saw: the soak passing proves little unless its
// verdict can fail.
#include "bench/soak_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace bitacora::bench {
namespace {

// Samples every `every_s` seconds over `seconds`, RSS in MiB given by `mib(t)`.
std::vector<MemorySample> Series(int seconds, int every_s, const std::function<double(int)>& mib) {
  std::vector<MemorySample> out;
  for (int t = 0; t <= seconds; t += every_s) {
    MemorySample m;
    m.t = t;
    m.rss_kib = std::lround(mib(t) * 1024);
    out.push_back(m);
  }
  return out;
}

// Fills up to `top` MiB over the first `fill_s` seconds, then stays there.
double Filling(int t, double top, int fill_s) { return t < fill_s ? 30 + (top - 30) * t / fill_s : top; }

// A saw of `amplitude` MiB: up steadily, back down every `period_s` (the heap handed back).
double Saw(int t, double amplitude, int period_s) { return amplitude * (t % period_s) / period_s; }

TEST(SoakMemoryVerdict, MemoryThatLevelsOffPasses) {
  const MemoryTrend m = JudgeMemory(Series(600, 5, [](int t) { return Filling(t, 150, 240); }), 60, 0.10);
  EXPECT_TRUE(m.ok);
  EXPECT_NEAR(m.mib_per_min, 0, 0.01);
  EXPECT_NEAR(m.mean_mib, 150, 0.01);
  EXPECT_EQ(m.span_s, 300);
  EXPECT_EQ(m.windows, 5u);
  EXPECT_EQ(m.samples, 60u);
  EXPECT_NEAR(m.start_mib, 30, 0.01);
}

TEST(SoakMemoryVerdict, ASawOfFortyMiBOnLevelMemoryPasses) {
  // The minutely trim's saw: whole teeth in every window, no trend at all.
  const MemoryTrend m =
      JudgeMemory(Series(600, 5, [](int t) { return Filling(t, 150, 240) + Saw(t, 40, 60); }), 60, 0.10);
  EXPECT_TRUE(m.ok) << m.growth;
  EXPECT_LT(std::abs(m.growth), 0.001);
  // Teeth that do not fit the windows leave a small bias, far below the limit.
  for (int period : {45, 50, 70, 90}) {
    const MemoryTrend odd = JudgeMemory(
        Series(600, 5, [period](int t) { return Filling(t, 150, 240) + Saw(t, 40, period); }), 60, 0.10);
    EXPECT_TRUE(odd.ok) << period;
    EXPECT_LT(std::abs(odd.growth), 0.04) << period;
  }
}

TEST(SoakMemoryVerdict, TheSamplesOwnTrendWouldMistakeTheSawForGrowth) {
  // Why windows: a line fitted to the raw samples of the second half (the verdict before) rises
  // with the saw's ramps, by about its height over the number of teeth (40 / 5 = 8 MiB here).
  const auto series = Series(600, 5, [](int t) { return Filling(t, 150, 240) + Saw(t, 40, 60); });
  double mt = 0, mv = 0, n = 0;
  for (const MemorySample& s : series) {
    if (s.t < 300) continue;
    mt += s.t;
    mv += static_cast<double>(s.rss_kib) / 1024;
    ++n;
  }
  mt /= n;
  mv /= n;
  double num = 0, den = 0;
  for (const MemorySample& s : series) {
    if (s.t < 300) continue;
    num += (s.t - mt) * (static_cast<double>(s.rss_kib) / 1024 - mv);
    den += (s.t - mt) * (s.t - mt);
  }
  EXPECT_GT(num / den * 300, 5.0);
}

TEST(SoakMemoryVerdict, ADeliberateLeakFails) {
  // 4 MiB a minute: +20 MiB over the second half, 12 % of its mean.
  const MemoryTrend m =
      JudgeMemory(Series(600, 5, [](int t) { return Filling(t, 150, 240) + 4.0 * t / 60; }), 60, 0.10);
  EXPECT_FALSE(m.ok);
  EXPECT_NEAR(m.mib_per_min, 4, 0.01);
  EXPECT_GT(m.growth, 0.10);
}

TEST(SoakMemoryVerdict, ALeakUnderTheSawFails) {
  const MemoryTrend m = JudgeMemory(
      Series(600, 5, [](int t) { return Filling(t, 150, 240) + Saw(t, 40, 60) + 4.0 * t / 60; }), 60, 0.10);
  EXPECT_FALSE(m.ok) << m.growth;
  EXPECT_NEAR(m.mib_per_min, 4, 0.01);
  // Also one that grows in steps, once a window, as a cache that is never bounded would.
  const MemoryTrend steps = JudgeMemory(
      Series(600, 5, [](int t) { return Filling(t, 150, 240) + Saw(t, 40, 60) + 5.0 * (t / 60); }), 60, 0.10);
  EXPECT_FALSE(steps.ok) << steps.growth;
}

TEST(SoakMemoryVerdict, GrowthJudgedAgainstTheLimitGiven) {
  const auto series = Series(600, 5, [](int t) { return 100 + 1.0 * t / 60; });  // +5 % over the half
  EXPECT_TRUE(JudgeMemory(series, 60, 0.10).ok);
  EXPECT_FALSE(JudgeMemory(series, 60, 0.04).ok);
}

TEST(SoakMemoryVerdict, TooFewSamplesAreNotAVerdict) {
  EXPECT_FALSE(JudgeMemory({}, 60, 0.10).ok);
  EXPECT_FALSE(JudgeMemory(Series(60, 5, [](int) { return 100.0; }), 60, 0.10).ok);  // one window
  // Three windows: the middle one and the last (a three-minute run).
  const MemoryTrend three = JudgeMemory(Series(180, 5, [](int t) { return 100.0 + t / 60.0; }), 60, 0.10);
  EXPECT_TRUE(three.ok);
  EXPECT_EQ(three.windows, 2u);
  EXPECT_NEAR(three.mib_per_min, 1, 0.01);
  EXPECT_FALSE(JudgeMemory(Series(600, 5, [](int) { return 100.0; }), 0, 0.10).ok);
  EXPECT_TRUE(JudgeMemory(Series(240, 5, [](int) { return 100.0; }), 60, 0.10).ok);  // two
}

}  // namespace
}  // namespace bitacora::bench
