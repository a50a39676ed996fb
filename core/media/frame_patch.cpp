#include "media/frame_patch.h"

#include "errors.h"
#include "media/image_codec.h"

#include <opencv2/imgproc.hpp>

namespace permanence {
namespace {

// Where `frame` differs from `base` (or is non-zero): 8-bit single channel.
cv::Mat differingPixels(const cv::Mat& frame, const cv::Mat& base) {
  cv::Mat difference = base.empty() ? frame : cv::Mat();
  if (!base.empty()) cv::absdiff(frame, base, difference);
  if (difference.channels() == 1) return difference != 0;
  std::vector<cv::Mat> channels;
  cv::split(difference, channels);
  cv::Mat any = channels[0] != 0;
  for (std::size_t c = 1; c < channels.size(); ++c) any |= channels[c] != 0;
  return any;
}

}  // namespace

FramePatch patchOf(const cv::Mat& frame, const cv::Mat& base) {
  CV_Assert(frame.depth() == CV_8U && (base.empty() || (base.size() == frame.size() && base.type() == frame.type())));
  std::vector<cv::Point> points;
  cv::findNonZero(differingPixels(frame, base), points);
  if (points.empty()) return {};
  const cv::Rect box = cv::boundingRect(points);
  return {box, encodePng(frame(box), PngCompression::Compact)};
}

cv::Mat applyPatch(const FramePatch& patch, const cv::Mat& base, cv::Size size, int channels,
                   const std::string& name) {
  cv::Mat frame = base.empty() ? cv::Mat(size, CV_8UC(channels), cv::Scalar::all(0)) : base.clone();
  if (patch.box.empty()) return frame;
  if ((patch.box & cv::Rect({}, frame.size())) != patch.box)
    throw MediaError(name + ": patch " + std::to_string(patch.box.width) + "x" + std::to_string(patch.box.height) +
                     " at " + std::to_string(patch.box.x) + "," + std::to_string(patch.box.y) + " leaves the frame");
  const ImageLayout layout = channels == 1 ? ImageLayout::Gray : channels == 3 ? ImageLayout::Bgr : ImageLayout::Bgra;
  const cv::Mat pixels = decodeImage(patch.png, layout, name);
  if (pixels.size() != patch.box.size() || pixels.type() != frame.type())
    throw MediaError(name + ": patch pixels do not fit their box");
  pixels.copyTo(frame(patch.box));
  return frame;
}

}  // namespace permanence
