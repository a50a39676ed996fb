// Modal tracking on the DAVIS 2016 sequences in ../shared/data/davis2016:
// J = mean IoU over frames 1..T-1, (a) given the frame-0 mask, (b) given one positive
// click on frame 0 at the object's interior point farthest from its boundary; then
// the speed of the whole `permanence-cli track` command (process start included).
// Tracking uses TrackOptions' defaults, the same for every sequence. Options: see kUsage.
#include "jobs/job.h"
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "media/frame_source.h"
#include "track/mask_track.h"
#include "track/segmenter.h"
#include "track/tracker.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace permanence;

namespace {

const char* const kUsage =
    "usage: harness_davis_track [--davis DIR] [--cli PATH] [--only NAME] [--no-cli]\n"
    "  --davis DIR   DAVIS 2016 root (JPEGImages/480p, Annotations/480p); default ../shared/data/davis2016\n"
    "  --cli PATH    permanence-cli to time; default build/release/app/permanence-cli\n"
    "  --only NAME   only the sequences whose name contains NAME (the mean is over those)\n"
    "  --no-cli      skip the timing of the CLI (J only)\n";

struct HarnessArguments {
  fs::path davis = fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared" / "data" / "davis2016";
  std::string cli = std::string(PERMANENCE_SOURCE_DIR) + "/build/release/app/permanence-cli";
  std::string only;
  bool timeCli = true;
};

// --help prints the usage and exits 0; an option not understood exits 2.
HarnessArguments parseArguments(int argc, char** argv) {
  HarnessArguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string option = argv[i];
    const bool hasValue = i + 1 < argc;
    if (option == "--davis" && hasValue) {
      args.davis = argv[++i];
    } else if (option == "--cli" && hasValue) {
      args.cli = argv[++i];
    } else if (option == "--only" && hasValue) {
      args.only = argv[++i];
    } else if (option == "--no-cli") {
      args.timeCli = false;
    } else if (option == "--help" || option == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else {
      std::fprintf(stderr, "unknown or incomplete option '%s'\n%s", option.c_str(), kUsage);
      std::exit(2);
    }
  }
  return args;
}

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

double trackJ(FrameSource& source, const Mask& first, const std::vector<Mask>& truth) {
  MaskTrack track(source.frameCount(), source.frameSize());
  track.setKeyframe(0, first);
  JobContext context = JobContext::detached();
  track.setMasks(0, Tracker().propagate(source, track, {0, track.frameCount() - 1}, context));
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
  const HarnessArguments args = parseArguments(argc, argv);
  const fs::path& root = args.davis;
  if (!fs::exists(root / "JPEGImages")) {
    std::printf("DAVIS data not found at %s: skipped\n", root.string().c_str());
    return 0;
  }
  std::printf("%-16s %6s %8s %8s %10s %8s\n", "sequence", "frames", "J(mask)", "J(click)", "cli_s", "cli_fps");
  double sumMask = 0, sumClick = 0, allSeconds = 0;
  int allFrames = 0, sequences = 0;
  for (const std::string& name : kSequences) {
    if (name.find(args.only) == std::string::npos) continue;
    const fs::path frames = root / "JPEGImages" / "480p" / name;
    const fs::path annotations = root / "Annotations" / "480p" / name;
    auto source = openFrameSource(frames.string());
    const std::vector<Mask> truth = loadTruth(annotations, source->frameCount());
    const double jMask = trackJ(*source, truth[0], truth);
    SegmentRequest request;
    request.clicks.push_back({deepestPoint(truth[0]), true});
    const Mask clicked = Segmenter().segment(source->readFrame(0), request);
    const double jClick = trackJ(*source, clicked, truth);
    const double seconds = args.timeCli ? timeCli(args.cli, frames, annotations / "00000.png") : 0.0;
    std::printf("%-16s %6d %8.3f %8.3f %10.2f %8.1f\n", name.c_str(), source->frameCount(), jMask, jClick,
                seconds, seconds > 0 ? source->frameCount() / seconds : 0.0);
    sumMask += jMask;
    sumClick += jClick;
    allSeconds += seconds;
    allFrames += source->frameCount();
    ++sequences;
  }
  const double n = std::max(1, sequences);
  std::printf("%-16s %6d %8.3f %8.3f %10.2f %8.1f\n", "mean", allFrames, sumMask / n, sumClick / n, allSeconds,
              allSeconds > 0 ? allFrames / allSeconds : 0.0);
  return 0;
}
