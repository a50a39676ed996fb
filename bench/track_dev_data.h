#pragma once
// The tracker's development data, as the harnesses share it: the six real DAVIS 2016
// sequences of ../shared/data/davis2016 and the variety generated from them
// (track_variety.h), with the mean and worst of a set of per-clip figures.
#include "mask/mask.h"
#include "summary.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace permanence::bench {

// One clip of the development data.
struct DevClip {
  std::string name;
  bool real = false;
  std::vector<std::string> madeFrom;  // the real sequences it was made of
  std::vector<cv::Mat> frames;
  std::vector<Mask> truth;
  std::filesystem::path folder;       // the real sequence's frames (for the CLI timing)
};

// `set`: "real" (the six), "variety" (generated from them) or "all"; only the clips
// whose name contains `only`.
std::vector<DevClip> loadDevData(const std::filesystem::path& davisRoot, const std::string& set,
                                 const std::string& only);

// "LABEL mean J ... over N clips, worst ... (NAME)".
void printSummary(const char* label, const Summary& summary);

}  // namespace permanence::bench
