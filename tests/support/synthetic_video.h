#pragma once
// Test clips made at test time: every frame carries its index as a row of black
// and white blocks (robust to compression), so tests prove frame-exact reads.
#include <opencv2/core.hpp>

#include <string>

namespace permanence::test {

// A BGR frame of `size` showing `index` in blocks at the top-left, over a moving
// gradient so consecutive frames differ everywhere.
cv::Mat patternFrame(cv::Size size, int index);
// The index shown by patternFrame (after any lossy round trip); -1 if unreadable.
int readPatternIndex(const cv::Mat& bgr);

struct ClipSpec {
  cv::Size size{320, 240};
  int frames = 30;
  std::string rate = "25";        // ffmpeg rate, e.g. "30000/1001"
  std::string codecArgs = "-c:v libx264 -pix_fmt yuv420p -g 10 -bf 2";
  std::string extraArgs;           // more output options, e.g. rotation metadata
  bool withAudio = false;
  bool variableRate = false;       // frames 0..9 at 1/25 s, the rest at 3/25 s
};

// Writes pattern frames to PNG and encodes them with the ffmpeg CLI into `path`.
// Fails the calling test (ADD_FAILURE) when ffmpeg fails.
void makeClip(const std::string& path, const ClipSpec& spec);

}  // namespace permanence::test
