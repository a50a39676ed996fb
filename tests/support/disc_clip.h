#pragma once
// The editor tests' clip: a disc moving right over grey noise, optionally striped
// and passing behind a blue post, written as a folder of PNG frames (000.png ...).
#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace permanence::test {

struct DiscClip {
  int frames = 20;
  cv::Size size{192, 128};
  int radius = 22;
  cv::Point start{40, 64};  // the disc's centre on frame 0
  int step = 5;             // pixels per frame, to the right
  bool striped = true;      // red and yellow stripes; else plain `colour` (BGR)
  cv::Scalar colour{200, 200, 200};
  bool post = false;        // a blue post at x 112..127 in front of the disc
  bool staticNoise = false;  // one noise background for every frame; else new noise each frame
  std::uint64_t seed = 7;

  cv::Point centre(int frame) const { return start + cv::Point(step * frame, 0); }
  // The noise of frame 0 (of every frame with staticNoise).
  cv::Mat background() const;
  cv::Rect postRect() const { return {112, 0, 16, size.height}; }
};

void writeDiscClip(const DiscClip& clip, const std::string& folder);

}  // namespace permanence::test
