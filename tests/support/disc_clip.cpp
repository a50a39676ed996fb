#include "disc_clip.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>

namespace permanence::test {
namespace {

void fillNoise(cv::RNG& rng, cv::Mat& frame) {
  rng.fill(frame, cv::RNG::UNIFORM, cv::Scalar(60, 60, 60), cv::Scalar(110, 110, 110));
}

}  // namespace

cv::Mat DiscClip::background() const {
  cv::RNG rng(seed);
  cv::Mat noise(size, CV_8UC3);
  fillNoise(rng, noise);
  return noise;
}

void writeDiscClip(const DiscClip& clip, const std::string& folder) {
  cv::RNG rng(clip.seed);
  cv::Mat noise(clip.size, CV_8UC3);
  cv::Mat paint(clip.size, CV_8UC3, clip.colour);
  if (clip.striped)
    for (int y = 0; y < clip.size.height; ++y)
      paint.row(y).setTo(y % 6 < 3 ? cv::Scalar(30, 40, 230) : cv::Scalar(40, 200, 250));
  for (int f = 0; f < clip.frames; ++f) {
    if (f == 0 || !clip.staticNoise) fillNoise(rng, noise);
    cv::Mat frame = noise.clone();
    cv::Mat inside(clip.size, CV_8U, cv::Scalar(0));
    cv::circle(inside, clip.centre(f), clip.radius, cv::Scalar(255), cv::FILLED);
    paint.copyTo(frame, inside);
    if (clip.post) cv::rectangle(frame, clip.postRect(), cv::Scalar(160, 90, 40), cv::FILLED);
    char name[32];
    std::snprintf(name, sizeof name, "/%03d.png", f);
    cv::imwrite(folder + name, frame);
  }
}

}  // namespace permanence::test
