#include "track_dev_data.h"

#include "track_variety.h"

#include <algorithm>
#include <cstdio>

namespace fs = std::filesystem;

namespace permanence::bench {
namespace {

const std::vector<std::string> kSequences = {"blackswan", "car-roundabout", "cows", "dog", "libby", "soapbox"};
constexpr VarietyKind kKinds[] = {VarietyKind::Grow, VarietyKind::ShrinkFast, VarietyKind::Crowd,
                                  VarietyKind::SmallHazy};
constexpr int kVarietyFrames = 36;  // long enough for a 3x change of size within 20 frames

}  // namespace

std::vector<DevClip> loadDevData(const fs::path& davisRoot, const std::string& set, const std::string& only) {
  std::vector<DavisSequence> sequences;
  for (const std::string& name : kSequences) sequences.push_back(loadDavisSequence(davisRoot, name));
  std::vector<DevClip> clips;
  if (set != "variety")
    for (const DavisSequence& s : sequences) {
      DevClip clip{s.name, true, {s.name}, s.frames, {}, davisRoot / "JPEGImages" / "480p" / s.name};
      for (const cv::Mat& m : s.masks) clip.truth.push_back(Mask::fromMat(m));
      clips.push_back(std::move(clip));
    }
  if (set != "real") {
    const int n = static_cast<int>(sequences.size());
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < 4; ++k) {
        const DavisSequence& object = sequences[i];
        const DavisSequence& background = sequences[(i + 1 + k) % n];
        const DavisSequence& other = sequences[(i + n - 1) % n];
        VarietyClip v = makeVarietyClip(object, background, other, kKinds[k], kVarietyFrames, i + k);
        clips.push_back({v.name, false, {object.name, background.name}, std::move(v.frames), std::move(v.truth), {}});
      }
  }
  clips.erase(std::remove_if(clips.begin(), clips.end(),
                             [&](const DevClip& c) { return c.name.find(only) == std::string::npos; }),
              clips.end());
  return clips;
}

void printSummary(const char* label, const Summary& s) {
  if (s.count) std::printf("%-8s mean J %.3f over %d clips, worst %.3f (%s)\n", label, s.mean(), s.count, s.worst,
                           s.worstName.c_str());
}

}  // namespace permanence::bench
