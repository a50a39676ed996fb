#include "synthetic_video.h"

#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

namespace permanence::test {
namespace {
constexpr int kBits = 12;
constexpr int kCell = 16;
constexpr int kOrigin = 4;
}  // namespace

cv::Mat patternFrame(cv::Size size, int index) {
  cv::Mat frame(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x)
      frame.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>((x + 3 * index) % 200 + 30),
                                            static_cast<uchar>((y * 2) % 200 + 30),
                                            static_cast<uchar>((x + y + 7 * index) % 200 + 30));
  for (int bit = 0; bit < kBits; ++bit) {
    const cv::Rect cell(kOrigin + bit * kCell, kOrigin, kCell, kCell);
    cv::rectangle(frame, cell, (index >> bit) & 1 ? cv::Scalar::all(255) : cv::Scalar::all(0), cv::FILLED);
  }
  return frame;
}

int readPatternIndex(const cv::Mat& bgr) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  int index = 0;
  for (int bit = 0; bit < kBits; ++bit) {
    const cv::Rect inner(kOrigin + bit * kCell + 4, kOrigin + 4, kCell - 8, kCell - 8);
    const double mean = cv::mean(gray(inner))[0];
    if (mean > 60 && mean < 195) return -1;  // neither black nor white: not a pattern
    if (mean >= 195) index |= 1 << bit;
  }
  return index;
}

void makeClip(const std::string& path, const ClipSpec& spec) {
  TempDir frames;
  for (int i = 0; i < spec.frames; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "f%05d.png", i);
    cv::imwrite(frames / name, patternFrame(spec.size, i));
  }
  std::string input = "-framerate " + spec.rate + " -i " + frames / "f%05d.png";
  std::string timing;
  if (spec.variableRate)
    timing = " -vf \"setpts='if(lt(N,10),N/25,0.4+(N-10)*3/25)/TB'\" -fps_mode passthrough";
  const std::string audio = spec.withAudio ? " -f lavfi -i sine=frequency=440:duration=30 -c:a aac -shortest" : "";
  const std::string command = "ffmpeg -hide_banner -loglevel error -y " + input + audio + timing + " " +
                              spec.codecArgs + " " + spec.extraArgs + " " + path;
  const CommandResult r = runCommand(command);
  if (r.exitCode != 0) ADD_FAILURE() << "ffmpeg failed: " << command << "\n" << r.err;
}

}  // namespace permanence::test
