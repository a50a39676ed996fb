// Stage-1 accuracy with exact truth on the development set (occlusion_set.h: real
// DAVIS objects under pseudo-occlusion, several occluders and directions per object,
// and generated clips). Metrics as the paper: mIoU over all frames and mIoU_occ over
// the hidden part (A - M); also the IoU on the frames where the object is hidden
// whole. Modal and convex-hull baselines, Top-1 and Top-K (per frame, the best of K
// samples). Each group (real / generated) gets its mean and its worst clip.
// --loo NAME=V1,V2,...: leave-one-out over the real objects (objective: the mean of
// mIoU and mIoU_occ, real and generated weighing the same).
// Then the speed of the whole `permanence-cli amodal` command on a 25-frame clip.
#include "dev_summary.h"
#include "occlusion_set.h"

#include "amodal/classic_amodal_masker.h"
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "media/memory_frame_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include <unistd.h>

using namespace permanence;
using namespace permanence::bench;
namespace fs = std::filesystem;

namespace {

const char* const kUsage =
    "usage: harness_amodal [--davis DIR] [--data real|generated|all] [--only TEXT] [--option NAME=V]...\n"
    "                      [--loo NAME=V1,V2,...] [--occluders] [--topk K] [--cli PATH] [--no-cli] [--write DIR]\n"
    "  --davis DIR     DAVIS 2016 root; default ../shared/data/davis2016\n"
    "  --data SET      real, generated or all (default)\n"
    "  --only TEXT     only the clips whose name contains TEXT\n"
    "  --option N=V    a ClassicAmodalSettings value other than its default (repeatable)\n"
    "  --loo N=V1,...  leave-one-out choice of a setting over the real objects\n"
    "  --occluders     give stage 1 the occluder's visible mask (as `run` does for tracked objects)\n"
    "  --topk K        the K of the Top-K metric (default 3)\n"
    "  --cli PATH      permanence-cli to time; default build/release/app/permanence-cli\n"
    "  --no-cli        skip the timing of the CLI\n"
    "  --write DIR     also write every clip (frames, masks, truth) under DIR\n"
    "  --dump DIR      write each clip's frames with the Top-1 result drawn on them under DIR/N/\n"
    "                  (green: the part it adds, red outline: the true whole mask)\n";

struct Arguments {
  fs::path davis = fs::path(PERMANENCE_SOURCE_DIR) / "../shared/data/davis2016";
  fs::path cli = fs::path(PERMANENCE_SOURCE_DIR) / "build/release/app/permanence-cli";
  std::string data = "all", only, loo, write, dump;
  std::vector<std::string> options;
  bool occluders = false, timeCli = true;
  int topK = 3;
};

Arguments parseArguments(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool value = i + 1 < argc;
    if (a == "--davis" && value) args.davis = argv[++i];
    else if (a == "--cli" && value) args.cli = argv[++i];
    else if (a == "--data" && value) args.data = argv[++i];
    else if (a == "--only" && value) args.only = argv[++i];
    else if (a == "--option" && value) args.options.push_back(argv[++i]);
    else if (a == "--loo" && value) args.loo = argv[++i];
    else if (a == "--write" && value) args.write = argv[++i];
    else if (a == "--dump" && value) args.dump = argv[++i];
    else if (a == "--topk" && value) args.topK = std::max(1, std::atoi(argv[++i]));
    else if (a == "--occluders") args.occluders = true;
    else if (a == "--no-cli") args.timeCli = false;
    else if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
      std::exit(0);
    } else {
      std::fprintf(stderr, "unknown or incomplete option '%s'\n%s", a.c_str(), kUsage);
      std::exit(2);
    }
  }
  if (args.data != "real" && args.data != "generated" && args.data != "all") {
    std::fprintf(stderr, "--data: expected real, generated or all\n");
    std::exit(2);
  }
  return args;
}

// The ClassicAmodalSettings values the harness can change by name.
void applyOption(ClassicAmodalSettings& s, const std::string& name, double v) {
  const std::map<std::string, std::function<void(double)>> setters = {
      {"workingSide", [&](double x) { s.workingSide = x; }},
      {"fitSide", [&](double x) { s.fitSide = x; }},
      {"sliverOpening", [&](double x) { s.sliverOpening = static_cast<int>(x); }},
      {"alignmentPower", [&](double x) { s.alignmentPower = x; }},
      {"backgroundPower", [&](double x) { s.backgroundPower = x; }},
      {"misfitReach", [&](double x) { s.misfitReach = static_cast<int>(x); }},
      {"completenessPower", [&](double x) { s.completenessPower = x; }},
  };
  const auto it = setters.find(name);
  if (it == setters.end()) {
    std::fprintf(stderr, "unknown ClassicAmodalSettings value '%s'\n", name.c_str());
    std::exit(2);
  }
  it->second(v);
}

struct ClipScore {
  double miou = 0, occ = 0;
  double hidden = -1;  // mean IoU on the frames where the object is hidden whole; -1: none
  double objective() const { return 0.5 * (miou + occ); }
};

ClipScore scoreOf(const std::vector<Mask>& predicted, const OcclusionClip& clip) {
  ClipScore s;
  s.miou = meanIou(predicted, clip.amodal);
  s.occ = meanIouOccluded(predicted, clip.amodal, clip.modal).value_or(1);
  double sum = 0;
  int frames = 0;
  for (size_t t = 0; t < predicted.size(); ++t)
    if (clip.modal[t].isEmpty() && !clip.amodal[t].isEmpty()) {
      sum += iou(predicted[t], clip.amodal[t]);
      ++frames;
    }
  if (frames) s.hidden = sum / frames;
  return s;
}

std::vector<Mask> convexHulls(const std::vector<Mask>& modal) {
  std::vector<Mask> out;
  for (const auto& m : modal) {
    std::vector<cv::Point> points, hull;
    cv::findNonZero(m.toMat(), points);
    cv::Mat filled = m.toMat();
    if (points.size() >= 3) {
      cv::convexHull(points, hull);
      cv::fillConvexPoly(filled, hull, 255);
    }
    out.push_back(Mask::fromMat(filled));
  }
  return out;
}

// Per frame, the sample closest to the truth (the paper's Top-K metric).
std::vector<Mask> bestPerFrame(const std::vector<AmodalSample>& samples, const OcclusionClip& c) {
  std::vector<Mask> out;
  for (size_t t = 0; t < c.amodal.size(); ++t) {
    size_t best = 0;
    for (size_t k = 1; k < samples.size(); ++k)
      if (iou(samples[k].masks[t], c.amodal[t]) > iou(samples[best].masks[t], c.amodal[t])) best = k;
    out.push_back(samples[best].masks[t]);
  }
  return out;
}

std::vector<AmodalSample> infer(const OcclusionClip& clip, const ClassicAmodalSettings& settings, int k,
                                bool occluders, double* seconds = nullptr) {
  MemoryFrameSource source(clip.frames, clip.name);
  AmodalInput input;
  input.frames = &source;
  input.modal = clip.modal;
  if (occluders) input.occluders = clip.occluder;
  auto context = JobContext::detached();
  ClassicAmodalMasker masker(settings);
  const auto start = std::chrono::steady_clock::now();
  auto samples = masker.infer(input, {k, 0}, context);
  if (seconds) *seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return samples;
}

std::vector<double> field(const std::vector<ClipScore>& s, double ClipScore::*member) {
  std::vector<double> out;
  for (const ClipScore& c : s) out.push_back(c.*member);
  return out;
}

void printMethod(const char* label, const std::vector<OcclusionClip>& clips, const std::vector<ClipScore>& s) {
  const std::string miou = std::string(label) + " mIoU", occ = std::string(label) + " mIoU_occ";
  printGroups(miou.c_str(), summarise(clips, field(s, &ClipScore::miou)));
  printGroups(occ.c_str(), summarise(clips, field(s, &ClipScore::occ)));
}

// The clip's frames with the added part in green and the true mask's outline in red.
void dumpResult(const OcclusionClip& clip, const std::vector<Mask>& result, const fs::path& dir) {
  fs::create_directories(dir);
  for (size_t t = 0; t < clip.frames.size(); ++t) {
    cv::Mat view = clip.frames[t].clone();
    const cv::Mat added = result[t].toMat() & ~clip.modal[t].toMat();
    view.setTo(cv::Scalar(0, 255, 0), added);
    std::vector<std::vector<cv::Point>> outline;
    cv::findContours(clip.amodal[t].toMat(), outline, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    cv::drawContours(view, outline, -1, cv::Scalar(0, 0, 255), 1);
    cv::imwrite((dir / (indexedFrameName(static_cast<int>(t)) + ".png")).string(), view);
  }
}

void evaluate(const std::vector<OcclusionClip>& clips, const ClassicAmodalSettings& settings, const Arguments& args) {
  std::vector<ClipScore> modal, convex, top1, topK;
  double seconds = 0;
  int frames = 0;
  std::printf("%-58s %-13s %-13s %-13s %-13s %s\n", "clip", "modal", "convex", "top-1", "top-K", "hidden whole");
  for (const OcclusionClip& clip : clips) {
    const auto one = infer(clip, settings, 1, args.occluders, &seconds);
    frames += static_cast<int>(clip.frames.size());
    const auto many = args.topK > 1 ? infer(clip, settings, args.topK, args.occluders) : one;
    modal.push_back(scoreOf(clip.modal, clip));
    convex.push_back(scoreOf(convexHulls(clip.modal), clip));
    top1.push_back(scoreOf(one[0].masks, clip));
    if (!args.dump.empty()) dumpResult(clip, one[0].masks, fs::path(args.dump) / std::to_string(&clip - clips.data()));
    topK.push_back(scoreOf(bestPerFrame(many, clip), clip));
    const auto pair = [](const ClipScore& s) { return std::to_string(s.miou).substr(0, 5) + "/" + std::to_string(s.occ).substr(0, 5); };
    std::printf("%-58s %-13s %-13s %-13s %-13s %s\n", clip.name.c_str(), pair(modal.back()).c_str(),
                pair(convex.back()).c_str(), pair(top1.back()).c_str(), pair(topK.back()).c_str(),
                top1.back().hidden >= 0 ? std::to_string(top1.back().hidden).substr(0, 5).c_str() : "-");
    std::fflush(stdout);
  }
  std::printf("\nmean and worst clip per group (%zu clips, %d frames%s):\n", clips.size(), frames,
              args.occluders ? ", occluder masks given" : "");
  printMethod("Modal", clips, modal);
  printMethod("Convex hull", clips, convex);
  printMethod("Top-1", clips, top1);
  printMethod(("Top-" + std::to_string(args.topK)).c_str(), clips, topK);
  std::vector<double> hidden;
  for (const ClipScore& s : top1) hidden.push_back(s.hidden);
  printGroups("Top-1 IoU hidden whole", summarise(clips, hidden, [&](size_t c) { return top1[c].hidden >= 0; }));
  std::printf("  stage-1 speed (K=1, in memory): %.1f fps\n", frames / seconds);
}

void leaveOneOutOf(const std::vector<OcclusionClip>& clips, const ClassicAmodalSettings& base, const Arguments& args) {
  const auto [name, values] = parseSetting(args.loo);
  std::vector<std::vector<double>> score(values.size());
  for (size_t v = 0; v < values.size(); ++v) {
    ClassicAmodalSettings settings = base;
    applyOption(settings, name, values[v]);
    std::vector<double> miou, occ;
    for (const OcclusionClip& clip : clips) {
      const ClipScore s = scoreOf(infer(clip, settings, 1, args.occluders)[0].masks, clip);
      score[v].push_back(s.objective());
      miou.push_back(s.miou);
      occ.push_back(s.occ);
    }
    std::printf("%s=%g: objective %.4f\n", name.c_str(), values[v], objective(summarise(clips, score[v])));
    printGroups("Top-1 mIoU", summarise(clips, miou));
    printGroups("Top-1 mIoU_occ", summarise(clips, occ));
    std::fflush(stdout);
  }
  leaveOneOut(clips, name, values, score);
}

// The whole command (process start, reading, writing) on the first clip, best of 3.
void timeCli(const std::vector<OcclusionClip>& clips, const Arguments& args) {
  if (!fs::exists(args.cli)) {
    std::printf("permanence-cli not found at %s: CLI timing skipped\n", args.cli.string().c_str());
    return;
  }
  const OcclusionClip& clip = clips.front();
  const fs::path dir = fs::temp_directory_path() / ("harness_amodal_" + std::to_string(::getpid()));
  fs::create_directories(dir / "frames");
  fs::create_directories(dir / "modal");
  for (size_t t = 0; t < clip.frames.size(); ++t) {
    const std::string name = indexedFrameName(static_cast<int>(t));
    cv::imwrite((dir / "frames" / (name + ".jpg")).string(), clip.frames[t], {cv::IMWRITE_JPEG_QUALITY, 95});
    saveMaskPng((dir / "modal" / (name + ".png")).string(), clip.modal[t]);
  }
  const std::string command = args.cli.string() + " amodal --frames " + (dir / "frames").string() + " --masks " +
                              (dir / "modal").string() + " --out " + (dir / "out").string() +
                              " --force > /dev/null 2>&1";
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    if (std::system(command.c_str()) != 0) {
      std::printf("permanence-cli amodal failed: %s\n", command.c_str());
      break;
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  fs::remove_all(dir);
  if (best < 1e9)
    std::printf("permanence-cli amodal, %zu frames at %dx%d (%s): %.2f s = %.1f fps (best of 3)\n", clip.frames.size(),
                clip.frames[0].cols, clip.frames[0].rows, clip.name.c_str(), best, clip.frames.size() / best);
}

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = parseArguments(argc, argv);
  try {
    ClassicAmodalSettings settings;
    for (const std::string& text : args.options) {
      const auto [name, values] = parseSetting(text);
      applyOption(settings, name, values.front());
    }
    if (!fs::exists(args.davis / "JPEGImages"))
      std::printf("DAVIS not found at %s: only the synthetic clips\n", args.davis.string().c_str());
    std::vector<OcclusionClip> clips;
    for (OcclusionClip& c : makeOcclusionSet(args.davis))
      if ((args.data == "all" || c.real == (args.data == "real")) &&
          (args.only.empty() || c.name.find(args.only) != std::string::npos))
        clips.push_back(std::move(c));
    if (clips.empty()) {
      std::fprintf(stderr, "no clips selected\n");
      return 2;
    }
    if (!args.write.empty())
      for (size_t c = 0; c < clips.size(); ++c)
        writeOcclusionClip(clips[c], fs::path(args.write) / std::to_string(c));
    if (!args.loo.empty()) leaveOneOutOf(clips, settings, args);
    else evaluate(clips, settings, args);
    if (args.timeCli) timeCli(clips, args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
