#pragma once
// An OpenEXR file as read back by OpenEXR itself, for tests of the export.
#include <opencv2/core.hpp>

#include <map>
#include <string>

namespace permanence::test {

struct ExrFile {
  cv::Rect displayWindow;
  cv::Rect dataWindow;
  std::string compression;                 // "zip", "dwaa", ...
  bool allHalf = true;                     // every channel stored as half float
  double framesPerSecond = 0;              // 0 without the attribute
  std::map<std::string, cv::Mat> channels;  // CV_32FC1 of the data window's size
};

// Throws what OpenEXR throws for a file it cannot read.
ExrFile readExrFile(const std::string& path);

}  // namespace permanence::test
