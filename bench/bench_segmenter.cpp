// Speed of the classic-tier modal masks: click-to-mask at 1280x720 (target <= 100 ms)
// and one propagation step at 854x480 (the DAVIS size; `track` aims at >= 25 fps).
#include "track/mask_propagator.h"
#include "track/segmenter.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>

using namespace permanence;

namespace {

// A textured background with a textured ellipse, shifted by `shift` pixels.
cv::Mat scene(cv::Size size, int shift, cv::Mat* objectMask = nullptr) {
  cv::RNG rng(7);
  cv::Mat noise(size + cv::Size(64, 64), CV_8UC3);
  rng.fill(noise, cv::RNG::UNIFORM, cv::Scalar::all(40), cv::Scalar::all(200));
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 2.0);
  cv::Mat frame = noise(cv::Rect(cv::Point(shift, shift / 2), size)).clone();
  cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
  const cv::RotatedRect ellipse({size.width * 0.45f + shift * 3, size.height * 0.5f},
                                {size.width * 0.3f, size.height * 0.4f}, 15);
  cv::ellipse(mask, ellipse, cv::Scalar(255), cv::FILLED);
  cv::Mat object = noise(cv::Rect(cv::Point(0, 0), size)) * 0.5 + cv::Scalar(20, 40, 150);
  object.copyTo(frame, mask);
  if (objectMask) *objectMask = mask;
  return frame;
}

void BM_ClickToMask720p(benchmark::State& state) {
  const cv::Size size(1280, 720);
  cv::Mat mask;
  const cv::Mat frame = scene(size, 0, &mask);
  const cv::Rect box = cv::boundingRect(mask);
  SegmentRequest request;
  request.clicks.push_back({{box.x + box.width / 2, box.y + box.height / 2}, true});
  request.clicks.push_back({{40, 40}, false});
  const Segmenter segmenter;
  for (auto _ : state) benchmark::DoNotOptimize(segmenter.segment(frame, request));
}
BENCHMARK(BM_ClickToMask720p)->Unit(benchmark::kMillisecond);

void BM_PropagateStep480p(benchmark::State& state) {
  const cv::Size size(854, 480);
  cv::Mat mask;
  const cv::Mat key = scene(size, 0, &mask);
  std::vector<cv::Mat> frames;
  for (int i = 1; i <= 8; ++i) frames.push_back(scene(size, i));
  MaskPropagator propagator(key, Mask::fromMat(mask), TrackOptions{});
  MotionEstimator motion(key, propagator.workSize(), TrackOptions{});
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(propagator.next(motion.next(frames[i++ % frames.size()])));
}
BENCHMARK(BM_PropagateStep480p)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
