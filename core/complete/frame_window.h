#pragma once
// The frames around the one being processed, [t - reach, t + reach], each with a mask
// computed once, read strictly in order: a long-GOP video seeks slowly, and an LRU
// cache would evict the frames read ahead before they are used. Memory is
// 2 x reach + 1 frames whatever the clip's length.
#include "media/frame_source.h"

#include <opencv2/core.hpp>

#include <deque>
#include <functional>

namespace permanence {

class FrameWindow {
 public:
  FrameWindow(FrameSource& frames, std::function<cv::Mat(int)> maskOf, int reach);

  // Reads up to frame t + reach and forgets the frames before t - reach; t only grows.
  void moveTo(int t);
  // Frame s and its mask; s must lie in the current window.
  const cv::Mat& frame(int s) const { return window_.at(s - first_).frame; }
  const cv::Mat& mask(int s) const { return window_.at(s - first_).mask; }

 private:
  struct Entry {
    cv::Mat frame, mask;
  };
  FrameSource& frames_;
  std::function<cv::Mat(int)> maskOf_;
  int reach_, next_ = 0, first_ = 0;
  std::deque<Entry> window_;
};

}  // namespace permanence
