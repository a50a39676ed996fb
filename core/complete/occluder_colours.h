#pragma once
// Which colours belong to what hides the object. In the frame being completed, the
// hidden part shows the occluder itself, and the trusted visible part shows the
// object: a colour far likelier under the first is the occluder's. A source frame's
// modal mask strays onto the occluder where it just touches the object (the pixels a
// tracker takes for the object there), so a copied colour that looks like the
// occluder is not copied: the occluder's pixels never end up in the object.
#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

class OccluderColours {
 public:
  // `frame`: BGR; `occluder` and `object` (8-bit, frame size): its pixels that show
  // each. With too few pixels of either, nothing is taken for the occluder's.
  OccluderColours(const cv::Mat& frame, const cv::Mat& occluder, const cv::Mat& object);

  // 8-bit mask of the pixels of `bgr` (8-bit BGR, any size) whose colour is the occluder's.
  cv::Mat occluderLike(const cv::Mat& bgr) const;

 private:
  std::vector<uchar> occluderBins_;  // per colour bin: 255 where the occluder explains it far better
  bool known_ = false;
};

}  // namespace permanence
