#include "track/frame_feed.h"

#include "track/work_image.h"

#include <algorithm>

namespace permanence {

FrameFeed::FrameFeed(FrameSource& source, int from, int to, cv::Size workSize, int chunkFrames)
    : source_(source),
      workSize_(workSize),
      chunkFrames_(std::max(1, chunkFrames)),
      step_(to >= from ? 1 : -1),
      next_(from),
      end_(to + step_),
      lowest_(std::min(from, to)) {}

cv::Mat FrameFeed::next() {
  const int frame = next_;
  next_ += step_;
  if (step_ > 0) return toWorkImage(source_.readFrame(frame), workSize_);
  if (chunk_.count(frame) == 0) readChunkEndingAt(frame);
  const cv::Mat image = chunk_.at(frame);
  chunk_.erase(frame);
  return image;
}

void FrameFeed::readChunkEndingAt(int frame) {
  chunk_.clear();
  for (int f = std::max(lowest_, frame - chunkFrames_ + 1); f <= frame; ++f)
    chunk_[f] = toWorkImage(source_.readFrame(f), workSize_);
}

}  // namespace permanence
