// Modal tracking on the DAVIS 2016 sequences in ../shared/data/davis2016:
// J = mean IoU over frames 1..T-1, (a) given the frame-0 mask, (b) given one positive
// click on frame 0 at the object's interior point farthest from its boundary; then
// the speed of the whole `permanence-cli track` command (process start included).
// Usage: harness_davis_track [DAVIS_ROOT] [PERMANENCE_CLI]
// For experiments, environment variables override TrackOptions (T_SIDE, T_PRESET,
// T_FB, T_FBSHARE, T_SHRINK, T_HIDDEN, T_REACQ, T_BAND, T_MAXBAND, T_ITER, T_KEEPOBJ, T_CUTPIX), T_ONLY=NAME runs the sequences
// whose name contains NAME and T_NOCLI=1 skips the timing of the CLI.
#include "jobs/job.h"
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "media/frame_source.h"
#include "track/mask_track.h"
#include "track/segmenter.h"
#include "track/tracker.h"

#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace permanence;

namespace {

const std::vector<std::string> kSequences = {"blackswan", "car-roundabout", "cows", "dog", "libby", "soapbox"};

std::vector<Mask> loadTruth(const fs::path& folder, int count) {
  std::vector<Mask> masks;
  for (int i = 0; i < count; ++i) masks.push_back(loadMaskPng((folder / (indexedFrameName(i) + ".png")).string()));
  return masks;
}

cv::Point deepestPoint(const Mask& mask) {
  cv::Mat padded, distance;
  cv::copyMakeBorder(mask.toMat(), padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  cv::distanceTransform(padded, distance, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  cv::Point at;
  cv::minMaxLoc(distance, nullptr, nullptr, nullptr, &at);
  return at - cv::Point(1, 1);
}

// The defaults, unless an environment variable says otherwise (see the top).
TrackOptions optionsFromEnvironment() {
  TrackOptions o;
  auto get = [](const char* name, double fallback) { const char* v = std::getenv(name); return v ? std::atof(v) : fallback; };
  o.workLongSide = static_cast<int>(get("T_SIDE", o.workLongSide));
  o.flowPreset = static_cast<int>(get("T_PRESET", o.flowPreset));
  o.flowInconsistency = get("T_FB", o.flowInconsistency);
  o.flowInconsistencyShare = get("T_FBSHARE", o.flowInconsistencyShare);
  o.refine.shrinkShare = get("T_SHRINK", o.refine.shrinkShare);
  o.refine.keepObjectModel = get("T_KEEPOBJ", o.refine.keepObjectModel) != 0;
  o.refine.maxCutPixels = static_cast<int>(get("T_CUTPIX", o.refine.maxCutPixels));
  o.hiddenFraction = get("T_HIDDEN", o.hiddenFraction);
  o.reacquireScore = get("T_REACQ", o.reacquireScore);
  o.refine.bandFraction = get("T_BAND", o.refine.bandFraction);
  o.refine.maxBand = static_cast<int>(get("T_MAXBAND", o.refine.maxBand));
  o.refine.iterations = static_cast<int>(get("T_ITER", o.refine.iterations));
  return o;
}

double trackJ(FrameSource& source, const Mask& first, const std::vector<Mask>& truth) {
  MaskTrack track(source.frameCount(), source.frameSize());
  track.setKeyframe(0, first);
  JobContext context = JobContext::detached();
  track.setMasks(0, Tracker(optionsFromEnvironment()).propagate(source, track, {0, track.frameCount() - 1}, context));
  std::vector<Mask> predicted;
  for (int i = 0; i < track.frameCount(); ++i) predicted.push_back(track.mask(i));
  return davisJ(predicted, truth, 1);
}

double timeCli(const std::string& cli, const fs::path& frames, const fs::path& mask) {
  const fs::path out = fs::temp_directory_path() / "permanence-harness-track";
  fs::remove_all(out);
  const std::string command = "'" + cli + "' track --frames '" + frames.string() + "' --init-mask '" +
                              mask.string() + "' --out '" + out.string() + "' >/dev/null 2>&1";
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(command.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fs::remove_all(out);
  return status == 0 ? seconds : -1.0;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared" / "data" / "davis2016";
  const std::string cli = argc > 2 ? argv[2] : std::string(PERMANENCE_SOURCE_DIR) + "/build/release/app/permanence-cli";
  if (!fs::exists(root / "JPEGImages")) {
    std::printf("DAVIS data not found at %s: skipped\n", root.string().c_str());
    return 0;
  }
  std::printf("%-16s %6s %8s %8s %10s %8s\n", "sequence", "frames", "J(mask)", "J(click)", "cli_s", "cli_fps");
  double sumMask = 0, sumClick = 0, allSeconds = 0;
  int allFrames = 0;
  for (const std::string& name : kSequences) {
    const fs::path frames = root / "JPEGImages" / "480p" / name;
    const fs::path annotations = root / "Annotations" / "480p" / name;
    auto source = openFrameSource(frames.string());
    const std::vector<Mask> truth = loadTruth(annotations, source->frameCount());
    const double jMask = trackJ(*source, truth[0], truth);
    if (std::getenv("T_ONLY") && name.find(std::getenv("T_ONLY")) == std::string::npos) continue;
    SegmentRequest request;
    request.clicks.push_back({deepestPoint(truth[0]), true});
    const Mask clicked = Segmenter().segment(source->readFrame(0), request);
    const double jClick = trackJ(*source, clicked, truth);
    const double seconds = std::getenv("T_NOCLI") ? 1.0 : timeCli(cli, frames, annotations / "00000.png");
    std::printf("%-16s %6d %8.3f %8.3f %10.2f %8.1f\n", name.c_str(), source->frameCount(), jMask, jClick,
                seconds, source->frameCount() / seconds);
    sumMask += jMask;
    sumClick += jClick;
    allSeconds += seconds;
    allFrames += source->frameCount();
  }
  const double n = static_cast<double>(kSequences.size());
  std::printf("%-16s %6d %8.3f %8.3f %10.2f %8.1f\n", "mean", allFrames, sumMask / n, sumClick / n, allSeconds,
              allFrames / allSeconds);
  return 0;
}
