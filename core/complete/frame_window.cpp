#include "complete/frame_window.h"

namespace permanence {

FrameWindow::FrameWindow(FrameSource& frames, std::function<cv::Mat(int)> maskOf, int reach)
    : frames_(frames), maskOf_(std::move(maskOf)), reach_(reach) {}

void FrameWindow::moveTo(int t) {
  for (; next_ < frames_.frameCount() && next_ <= t + reach_; ++next_)
    window_.push_back({frames_.readFrame(next_), maskOf_(next_)});
  for (; first_ < t - reach_; ++first_) window_.pop_front();
}

}  // namespace permanence
