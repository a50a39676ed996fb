// Modal tracking on the development data: the six real DAVIS 2016 sequences of
// ../shared/data/davis2016 and the generated variety made from them (track_variety.h:
// their objects grown, shrunk, turned, occluded, among lookalikes, small and hazy, over
// the other sequences' footage). J = mean IoU over frames 1..T-1 given the frame-0 mask
// (and, on the real ones, given one positive click on frame 0 at the object's interior
// point farthest from its boundary). Prints the mean and the worst clip of each set.
// --corrections N: a user who, after each propagation, gives the true mask of the
// worst frame as a new keyframe; J after 0..N corrections.
// --loo NAME=V1,V2,...: leave-one-out over the real sequences: for each, the value
// chosen on the other data (the variety clips made from it left out too) and its J there.
// Then the speed of the whole `permanence-cli track` command (process start included).
// Tracking uses TrackOptions' defaults (or --option), the same for every clip.
#include "track_dev_data.h"

#include "jobs/job.h"
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "media/frame_source.h"
#include "media/memory_frame_source.h"
#include "track/mask_track.h"
#include "track/segmenter.h"
#include "track/tracker.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace permanence;
using namespace permanence::bench;

namespace {

const char* const kUsage =
    "usage: harness_davis_track [--davis DIR] [--cli PATH] [--only NAME] [--data real|variety|all]\n"
    "                           [--corrections N] [--option NAME=VALUE]... [--loo NAME=V1,V2,...]\n"
    "                           [--no-cli] [--no-click] [--dump DIR] [--per-frame]\n"
    "  --davis DIR        DAVIS 2016 root (JPEGImages/480p, Annotations/480p); default ../shared/data/davis2016\n"
    "  --cli PATH         permanence-cli to time; default build/release/app/permanence-cli\n"
    "  --only NAME        only the clips whose name contains NAME (the means are over those)\n"
    "  --data SET         real (the six sequences), variety (generated from them) or all (default)\n"
    "  --corrections N    J after 0..N simulated corrections (the worst frame's true mask added)\n"
    "  --option N=V       a TrackOptions setting other than its default (repeatable)\n"
    "  --loo N=V1,V2,...  leave-one-out choice of a setting over the real sequences\n"
    "  --no-cli           skip the timing of the CLI\n"
    "  --no-click         skip J from a click\n"
    "  --dump DIR         also write the generated clips (frames and truth) under DIR\n"
    "  --per-frame        print each frame's IoU and areas (ours / true) after the first propagation\n";

struct HarnessArguments {
  fs::path davis = fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared" / "data" / "davis2016";
  std::string cli = std::string(PERMANENCE_SOURCE_DIR) + "/build/release/app/permanence-cli";
  std::string only;
  std::string data = "all";
  int corrections = 0;
  std::vector<std::string> options;
  std::string loo;
  bool timeCli = true;
  bool click = true;
  bool perFrame = false;
  fs::path dump;
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
    } else if (option == "--data" && hasValue) {
      args.data = argv[++i];
    } else if (option == "--corrections" && hasValue) {
      args.corrections = std::atoi(argv[++i]);
    } else if (option == "--option" && hasValue) {
      args.options.push_back(argv[++i]);
    } else if (option == "--loo" && hasValue) {
      args.loo = argv[++i];
    } else if (option == "--dump" && hasValue) {
      args.dump = argv[++i];
    } else if (option == "--no-cli") {
      args.timeCli = false;
    } else if (option == "--per-frame") {
      args.perFrame = true;
    } else if (option == "--no-click") {
      args.click = false;
    } else if (option == "--help" || option == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else {
      std::fprintf(stderr, "unknown or incomplete option '%s'\n%s", option.c_str(), kUsage);
      std::exit(2);
    }
  }
  if (args.data != "real" && args.data != "variety" && args.data != "all") {
    std::fprintf(stderr, "--data: expected real, variety or all\n");
    std::exit(2);
  }
  return args;
}

// The TrackOptions settings the harness can change by name.
std::map<std::string, std::function<void(TrackOptions&, double)>> optionSetters() {
  return {
      {"workLongSide", [](TrackOptions& o, double v) { o.workLongSide = static_cast<int>(v); }},
      {"smallObjectSide", [](TrackOptions& o, double v) { o.smallObjectSide = v; }},
      {"smallObjectMaxScaleUp", [](TrackOptions& o, double v) { o.smallObjectMaxScaleUp = v; }},
      {"flowPreset", [](TrackOptions& o, double v) { o.flowPreset = static_cast<int>(v); }},
      {"flowInconsistency", [](TrackOptions& o, double v) { o.flowInconsistency = v; }},
      {"flowInconsistencyShare", [](TrackOptions& o, double v) { o.flowInconsistencyShare = v; }},
      {"hiddenFraction", [](TrackOptions& o, double v) { o.hiddenFraction = v; }},
      {"fullyVisibleFraction", [](TrackOptions& o, double v) { o.fullyVisibleFraction = v; }},
      {"wholeShapeFraction", [](TrackOptions& o, double v) { o.wholeShapeFraction = v; }},
      {"reacquireScore", [](TrackOptions& o, double v) { o.reacquireScore = v; }},
      {"confirmFrames", [](TrackOptions& o, double v) { o.confirmFrames = static_cast<int>(v); }},
      {"confirmFraction", [](TrackOptions& o, double v) { o.confirmFraction = v; }},
      {"reemergeProbability", [](TrackOptions& o, double v) { o.reemergeProbability = v; }},
      {"reemergeMinArea", [](TrackOptions& o, double v) { o.reemergeMinArea = v; }},
      {"otherMotionTolerance", [](TrackOptions& o, double v) { o.otherMotionTolerance = v; }},
      {"otherMotionShare", [](TrackOptions& o, double v) { o.otherMotionShare = v; }},
      {"bandFraction", [](TrackOptions& o, double v) { o.refine.bandFraction = v; }},
      {"minBand", [](TrackOptions& o, double v) { o.refine.minBand = static_cast<int>(v); }},
      {"maxBand", [](TrackOptions& o, double v) { o.refine.maxBand = static_cast<int>(v); }},
      {"shrinkShare", [](TrackOptions& o, double v) { o.refine.shrinkShare = v; }},
      {"maxCutPixels", [](TrackOptions& o, double v) { o.refine.maxCutPixels = static_cast<int>(v); }},
      {"patchSearchRadius", [](TrackOptions& o, double v) { o.patchSearchRadius = static_cast<int>(v); }},
      {"patchCostRatio", [](TrackOptions& o, double v) { o.patchCostRatio = v; }},
      {"patchMinDisagreement", [](TrackOptions& o, double v) { o.patchMinDisagreement = v; }},
      {"patchMinVisibleShare", [](TrackOptions& o, double v) { o.patchMinVisibleShare = v; }},
  };
}

void applyOption(TrackOptions& options, const std::string& name, double value) {
  const auto setters = optionSetters();
  const auto it = setters.find(name);
  if (it == setters.end()) {
    std::fprintf(stderr, "unknown TrackOptions setting '%s'\n", name.c_str());
    std::exit(2);
  }
  it->second(options, value);
}

// "NAME=V1,V2,..." into the name and the values.
std::pair<std::string, std::vector<double>> parseSetting(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos) {
    std::fprintf(stderr, "'%s': expected NAME=VALUE\n", text.c_str());
    std::exit(2);
  }
  std::vector<double> values;
  std::stringstream list(text.substr(eq + 1));
  for (std::string item; std::getline(list, item, ',');) values.push_back(std::atof(item.c_str()));
  return {text.substr(0, eq), values};
}

void dumpClip(const DevClip& clip, const fs::path& root) {
  std::string folderName = clip.name;
  std::replace(folderName.begin(), folderName.end(), '/', '_');
  std::replace(folderName.begin(), folderName.end(), ':', '_');
  const fs::path frames = root / folderName / "frames", truth = root / folderName / "truth";
  fs::create_directories(frames);
  fs::create_directories(truth);
  for (size_t i = 0; i < clip.frames.size(); ++i) {
    const std::string name = indexedFrameName(static_cast<int>(i));
    cv::imwrite((frames / (name + ".png")).string(), clip.frames[i]);
    saveMaskPng((truth / (name + ".png")).string(), clip.truth[i]);
  }
}

cv::Point deepestPoint(const Mask& mask) {
  cv::Mat padded, distance;
  cv::copyMakeBorder(mask.toMat(), padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  cv::distanceTransform(padded, distance, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  cv::Point at;
  cv::minMaxLoc(distance, nullptr, nullptr, nullptr, &at);
  return at - cv::Point(1, 1);
}

// J from the given frame-0 mask, then after each simulated correction: the frame
// (not yet a keyframe) with the lowest IoU gets its true mask as a keyframe, and the
// frames it affects are tracked again.
std::vector<double> trackJ(const DevClip& clip, const Mask& first, int corrections, const TrackOptions& options,
                           bool perFrame = false) {
  MemoryFrameSource source(clip.frames);
  MaskTrack track(source.frameCount(), source.frameSize());
  JobContext context = JobContext::detached();
  FrameRange affected = track.setKeyframe(0, first);
  std::vector<double> js;
  for (int c = 0;; ++c) {
    track.setMasks(affected.first, Tracker(options).propagate(source, track, affected, context));
    std::vector<Mask> predicted;
    for (int i = 0; i < track.frameCount(); ++i) predicted.push_back(track.mask(i));
    js.push_back(davisJ(predicted, clip.truth, 1));
    if (perFrame && c == 0)
      for (int i = 0; i < track.frameCount(); ++i)
        std::printf("  frame %3d IoU %.3f area %lld / %lld\n", i, iou(predicted[i], clip.truth[i]),
                    static_cast<long long>(predicted[i].area()), static_cast<long long>(clip.truth[i].area()));
    if (c == corrections) return js;
    int worst = -1;
    double worstIou = 2;
    for (int i = 1; i < track.frameCount(); ++i) {
      const double value = iou(predicted[i], clip.truth[i]);
      if (!track.isKeyframe(i) && value < worstIou) {
        worstIou = value;
        worst = i;
      }
    }
    if (worst < 0) {
      js.resize(corrections + 1, js.back());
      return js;
    }
    affected = track.setKeyframe(worst, clip.truth[worst]);
  }
}

double timeCli(const std::string& cli, const fs::path& frames, const Mask& mask) {
  const fs::path out = fs::temp_directory_path() / "permanence-harness-track";
  const fs::path maskFile = fs::temp_directory_path() / "permanence-harness-track-mask.png";
  fs::remove_all(out);
  saveMaskPng(maskFile.string(), mask);
  const std::string command = "'" + cli + "' track --frames '" + frames.string() + "' --init-mask '" +
                              maskFile.string() + "' --out '" + out.string() + "' >/dev/null 2>&1";
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(command.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fs::remove_all(out);
  fs::remove(maskFile);
  return status == 0 ? seconds : -1.0;
}

bool madeFrom(const DevClip& clip, const std::string& sequence) {
  return std::find(clip.madeFrom.begin(), clip.madeFrom.end(), sequence) != clip.madeFrom.end();
}

void leaveOneOut(const std::vector<DevClip>& clips, const TrackOptions& base, const std::string& setting) {
  const auto [name, values] = parseSetting(setting);
  std::vector<std::vector<double>> j(values.size());  // j[value][clip]
  for (size_t v = 0; v < values.size(); ++v) {
    TrackOptions options = base;
    applyOption(options, name, values[v]);
    Summary real, variety;
    for (const DevClip& clip : clips) {
      j[v].push_back(trackJ(clip, clip.truth[0], 0, options)[0]);
      (clip.real ? real : variety).add(clip.name, j[v].back());
    }
    std::printf("%s=%g: real %.3f (worst %.3f %s), variety %.3f (worst %.3f %s), objective %.3f\n", name.c_str(),
                values[v], real.mean(), real.worst, real.worstName.c_str(), variety.mean(), variety.worst,
                variety.worstName.c_str(), objective(real, variety));
    std::fflush(stdout);
  }
  Summary held;
  for (size_t h = 0; h < clips.size(); ++h) {
    if (!clips[h].real) continue;
    size_t best = 0;
    double bestObjective = -1;
    for (size_t v = 0; v < values.size(); ++v) {
      Summary real, variety;
      for (size_t c = 0; c < clips.size(); ++c)
        if (!madeFrom(clips[c], clips[h].name)) (clips[c].real ? real : variety).add(clips[c].name, j[v][c]);
      if (objective(real, variety) > bestObjective) {
        bestObjective = objective(real, variety);
        best = v;
      }
    }
    std::printf("leave out %-16s chosen %s=%g, J there %.3f\n", clips[h].name.c_str(), name.c_str(), values[best],
                j[best][h]);
    held.add(clips[h].name, j[best][h]);
  }
  printSummary("held-out", held);
}

}  // namespace

int main(int argc, char** argv) {
  const HarnessArguments args = parseArguments(argc, argv);
  if (!fs::exists(args.davis / "JPEGImages")) {
    std::printf("DAVIS data not found at %s: skipped\n", args.davis.string().c_str());
    return 0;
  }
  TrackOptions options;
  for (const std::string& text : args.options) {
    const auto [name, values] = parseSetting(text);
    applyOption(options, name, values.at(0));
  }
  const std::vector<DevClip> clips = loadDevData(args.davis, args.data, args.only);
  if (!args.dump.empty())
    for (const DevClip& clip : clips)
      if (!clip.real) dumpClip(clip, args.dump);
  if (!args.loo.empty()) {
    leaveOneOut(clips, options, args.loo);
    return 0;
  }

  std::printf("%-28s %6s", "clip", "frames");
  for (int c = 0; c <= args.corrections; ++c) std::printf(c ? "   J(+%d)" : " J(mask)", c);
  std::printf(" %8s %8s %8s\n", "J(click)", "cli_s", "cli_fps");
  std::vector<Summary> real(args.corrections + 1), variety(args.corrections + 1);
  Summary realClick;
  double allSeconds = 0;
  int timedFrames = 0;
  for (const DevClip& clip : clips) {
    const int frames = static_cast<int>(clip.frames.size());
    const std::vector<double> js = trackJ(clip, clip.truth[0], args.corrections, options, args.perFrame);
    std::printf("%-28s %6d", clip.name.c_str(), frames);
    for (size_t c = 0; c < js.size(); ++c) {
      std::printf(" %8.3f", js[c]);
      (clip.real ? real : variety)[c].add(clip.name, js[c]);
    }
    double jClick = 0, seconds = 0;
    if (clip.real && args.click) {
      SegmentRequest request;
      request.clicks.push_back({deepestPoint(clip.truth[0]), true});
      jClick = trackJ(clip, Segmenter().segment(clip.frames[0], request), 0, options)[0];
      realClick.add(clip.name, jClick);
    }
    if (clip.real && args.timeCli) {
      seconds = timeCli(args.cli, clip.folder, clip.truth[0]);
      allSeconds += seconds;
      timedFrames += frames;
    }
    std::printf(" %8.3f %8.2f %8.1f\n", jClick, seconds, seconds > 0 ? frames / seconds : 0.0);
    std::fflush(stdout);
  }
  for (int c = 0; c <= args.corrections; ++c) {
    std::printf("after %d correction(s):\n", c);
    printSummary("real", real[c]);
    printSummary("variety", variety[c]);
    std::printf("%-8s %.3f (the mean of the two sets' means)\n", "dev", objective(real[c], variety[c]));
  }
  printSummary("click", realClick);
  if (timedFrames) std::printf("cli: %d frames in %.2f s, %.1f fps\n", timedFrames, allSeconds, timedFrames / allSeconds);
  return 0;
}
