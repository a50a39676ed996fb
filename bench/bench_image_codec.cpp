// PNG encode/decode of an 854x480 frame, a mask and a 720p completed layer
// (core/media/image_codec), next to OpenCV's imgcodecs (libpng) for reference: the
// commands read and write one of each per frame.
#include "media/image_codec.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace {

// A frame with photographic structure: smooth gradients, edges and sensor noise.
cv::Mat frame() {
  cv::Mat image(480, 854, CV_8UC3);
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x)
      image.at<cv::Vec3b>(y, x) = cv::Vec3b(x * 255 / image.cols, y * 255 / image.rows, (x + y) % 200);
  cv::circle(image, {300, 240}, 120, {20, 180, 60}, cv::FILLED);
  cv::Mat noise(image.size(), CV_8UC3);
  cv::randn(noise, 0, 6);
  return image + noise;
}

// A completed layer: the object's pixels on transparent black.
cv::Mat layer() {
  cv::Mat bgra = cv::Mat::zeros(720, 1280, CV_8UC4);
  cv::Mat object(bgra.size(), CV_8UC4);
  cv::randu(object, 0, 256);
  cv::Mat inside = cv::Mat::zeros(bgra.size(), CV_8UC1);
  cv::ellipse(inside, {640, 360}, {200, 150}, 0, 0, 360, 255, cv::FILLED);
  object.copyTo(bgra, inside);
  return bgra;
}

cv::Mat mask() {
  cv::Mat m = cv::Mat::zeros(480, 854, CV_8UC1);
  cv::ellipse(m, {420, 240}, {200, 130}, 15, 0, 360, 255, cv::FILLED);
  return m;
}

void BM_EncodePng(benchmark::State& state, cv::Mat (*make)()) {
  const cv::Mat image = make();
  for (auto _ : state) benchmark::DoNotOptimize(permanence::encodePng(image));
}
BENCHMARK_CAPTURE(BM_EncodePng, frame, frame);
BENCHMARK_CAPTURE(BM_EncodePng, mask, mask);
BENCHMARK_CAPTURE(BM_EncodePng, layer720p, layer);

void BM_EncodePngOpenCv(benchmark::State& state, cv::Mat (*make)()) {
  const cv::Mat image = make();
  std::vector<uchar> png;
  for (auto _ : state) cv::imencode(".png", image, png);
}
BENCHMARK_CAPTURE(BM_EncodePngOpenCv, frame, frame);
BENCHMARK_CAPTURE(BM_EncodePngOpenCv, mask, mask);
BENCHMARK_CAPTURE(BM_EncodePngOpenCv, layer720p, layer);

void BM_DecodePng(benchmark::State& state, cv::Mat (*make)()) {
  const std::vector<std::uint8_t> png = permanence::encodePng(make());
  for (auto _ : state) benchmark::DoNotOptimize(permanence::decodeImage(png, permanence::ImageLayout::AsStored, "bench"));
}
BENCHMARK_CAPTURE(BM_DecodePng, frame, frame);
BENCHMARK_CAPTURE(BM_DecodePng, mask, mask);
BENCHMARK_CAPTURE(BM_DecodePng, layer720p, layer);

void BM_DecodePngOpenCv(benchmark::State& state, cv::Mat (*make)()) {
  std::vector<uchar> png;
  cv::imencode(".png", make(), png);
  for (auto _ : state) benchmark::DoNotOptimize(cv::imdecode(png, cv::IMREAD_UNCHANGED));
}
BENCHMARK_CAPTURE(BM_DecodePngOpenCv, frame, frame);
BENCHMARK_CAPTURE(BM_DecodePngOpenCv, mask, mask);
BENCHMARK_CAPTURE(BM_DecodePngOpenCv, layer720p, layer);

void BM_DecodeJpeg(benchmark::State& state) {
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", frame(), jpeg);
  const std::vector<std::uint8_t> bytes(jpeg.begin(), jpeg.end());
  for (auto _ : state) benchmark::DoNotOptimize(permanence::decodeImage(bytes, permanence::ImageLayout::Bgr, "bench"));
}
BENCHMARK(BM_DecodeJpeg);

void BM_DecodeJpegOpenCv(benchmark::State& state) {
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", frame(), jpeg);
  for (auto _ : state) benchmark::DoNotOptimize(cv::imdecode(jpeg, cv::IMREAD_COLOR));
}
BENCHMARK(BM_DecodeJpegOpenCv);

void BM_PngSize(benchmark::State& state) {
  std::vector<uchar> theirs;
  cv::imencode(".png", frame(), theirs);
  std::size_t ours = 0;
  for (auto _ : state) ours = permanence::encodePng(frame()).size();
  state.counters["ours_KB"] = ours / 1024.0;
  state.counters["opencv_KB"] = theirs.size() / 1024.0;
}
BENCHMARK(BM_PngSize)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
