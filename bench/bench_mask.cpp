// RLE mask encode/decode at 1280x720: masks are decoded for every overlay and metric.
#include "mask/mask.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>

namespace {

cv::Mat blob() {
  cv::Mat m = cv::Mat::zeros(720, 1280, CV_8UC1);
  cv::ellipse(m, {640, 360}, {300, 200}, 15, 0, 360, 255, cv::FILLED);
  return m;
}

void BM_MaskEncode720p(benchmark::State& state) {
  const cv::Mat m = blob();
  for (auto _ : state) benchmark::DoNotOptimize(permanence::Mask::fromMat(m));
}
BENCHMARK(BM_MaskEncode720p);

void BM_MaskDecode720p(benchmark::State& state) {
  const auto mask = permanence::Mask::fromMat(blob());
  cv::Mat out;
  for (auto _ : state) {
    mask.decodeInto(out);
    benchmark::DoNotOptimize(out.data);
  }
}
BENCHMARK(BM_MaskDecode720p);

}  // namespace

BENCHMARK_MAIN();
