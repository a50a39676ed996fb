// Stage-2 accuracy with exact truth on the development set (occlusion_set.h), given
// the true amodal masks: PSNR over the hidden pixels (A - M) per clip and pooled over
// each group's hidden pixels, SSIM there, flicker, and per-frame Telea inpainting as
// the baseline. Each group (real / generated) gets its mean and its worst clip.
// --loo NAME=V1,V2,...: leave-one-out over the real objects (objective: PSNR).
// Then the speed of the whole `permanence-cli complete` command on a 25-frame clip.
#include "dev_summary.h"
#include "occlusion_set.h"

#include "complete/classic_content_completer.h"
#include "mask/mask_io.h"
#include "media/memory_frame_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>

#include <unistd.h>

using namespace permanence;
using namespace permanence::bench;
namespace fs = std::filesystem;

namespace {

const char* const kUsage =
    "usage: harness_complete [--davis DIR] [--data real|generated|all] [--only TEXT] [--option NAME=V]...\n"
    "                        [--loo NAME=V1,V2,...] [--no-telea] [--cli PATH] [--no-cli] [--write DIR]\n"
    "  --davis DIR     DAVIS 2016 root; default ../shared/data/davis2016\n"
    "  --data SET      real, generated or all (default)\n"
    "  --only TEXT     only the clips whose name contains TEXT\n"
    "  --option N=V    a ClassicCompletionSettings value other than its default (repeatable)\n"
    "  --loo N=V1,...  leave-one-out choice of a setting over the real objects\n"
    "  --no-telea      skip the Telea baseline\n"
    "  --cli PATH      permanence-cli to time; default build/release/app/permanence-cli\n"
    "  --no-cli        skip the timing of the CLI\n"
    "  --write DIR     write each clip's completed frames (BGR) under DIR/N/\n";

struct Arguments {
  fs::path davis = fs::path(PERMANENCE_SOURCE_DIR) / "../shared/data/davis2016";
  fs::path cli = fs::path(PERMANENCE_SOURCE_DIR) / "build/release/app/permanence-cli";
  std::string data = "all", only, loo, write;
  std::vector<std::string> options;
  bool telea = true, timeCli = true;
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
    else if (a == "--no-telea") args.telea = false;
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

// The ClassicCompletionSettings values the harness can change by name.
void applyOption(ClassicCompletionSettings& s, const std::string& name, double v) {
  const std::map<std::string, std::function<void(double)>> setters = {
      {"edgeErosion", [&](double x) { s.edgeErosion = static_cast<int>(x); }},
      {"maxCorrection", [&](double x) { s.registration.maxCorrection = x; }},
      {"registrationBand", [&](double x) { s.registration.band = static_cast<int>(x); }},
  };
  const auto it = setters.find(name);
  if (it == setters.end()) {
    std::fprintf(stderr, "unknown ClassicCompletionSettings value '%s'\n", name.c_str());
    std::exit(2);
  }
  it->second(v);
}

// Squared error and SSIM over the hidden pixels of a clip.
struct Score {
  double sqErr = 0, ssim = 0, flicker = 0;
  long pixels = 0;
  int frames = 0, flickerFrames = 0;
  double psnr() const { return pixels ? 10 * std::log10(255.0 * 255.0 / std::max(sqErr / pixels, 1e-6)) : 0; }
  void add(const Score& o) {
    sqErr += o.sqErr;
    ssim += o.ssim;
    flicker += o.flicker;
    pixels += o.pixels;
    frames += o.frames;
    flickerFrames += o.flickerFrames;
  }
};

// SSIM map (Gaussian 11x11, sigma 1.5) averaged over `where`.
double ssimIn(const cv::Mat& a8, const cv::Mat& b8, const cv::Mat& where) {
  cv::Mat a, b;
  cv::cvtColor(a8, a, cv::COLOR_BGR2GRAY);
  cv::cvtColor(b8, b, cv::COLOR_BGR2GRAY);
  a.convertTo(a, CV_32F);
  b.convertTo(b, CV_32F);
  const double c1 = 6.5025, c2 = 58.5225;
  auto blur = [](const cv::Mat& m) { cv::Mat o; cv::GaussianBlur(m, o, {11, 11}, 1.5); return o; };
  const cv::Mat ma = blur(a), mb = blur(b);
  const cv::Mat va = blur(a.mul(a)) - ma.mul(ma), vb = blur(b.mul(b)) - mb.mul(mb), cov = blur(a.mul(b)) - ma.mul(mb);
  cv::Mat num = (2 * ma.mul(mb) + c1).mul(2 * cov + c2), den = (ma.mul(ma) + mb.mul(mb) + c1).mul(va + vb + c2);
  cv::Mat map;
  cv::divide(num, den, map);
  return cv::mean(map, where)[0];
}

void accumulate(Score& s, const cv::Mat& result, const cv::Mat& truth, const cv::Mat& hidden, const cv::Mat& previous,
                const cv::Mat& previousHidden) {
  if (cv::countNonZero(hidden) == 0) return;
  cv::Mat diff;
  cv::absdiff(result, truth, diff);
  diff.convertTo(diff, CV_32FC3);
  const cv::Mat sq = diff.mul(diff);
  cv::Mat masked;
  sq.copyTo(masked, hidden);
  const cv::Scalar total = cv::sum(masked);
  s.sqErr += (total[0] + total[1] + total[2]) / 3;
  s.pixels += cv::countNonZero(hidden);
  s.ssim += ssimIn(result, truth, hidden);
  ++s.frames;
  if (!previous.empty()) {
    // The consecutive difference inside the jointly hidden part measures flicker.
    const cv::Mat both = hidden & previousHidden;
    if (cv::countNonZero(both) > 0) {
      cv::Mat d;
      cv::absdiff(result, previous, d);
      s.flicker += cv::mean(d, both)[0];
      ++s.flickerFrames;
    }
  }
}

// The completed frames (BGR) of one clip given its true amodal masks.
std::vector<cv::Mat> complete(const OcclusionClip& clip, const ClassicCompletionSettings& settings,
                              double* seconds = nullptr) {
  MemoryFrameSource source(clip.frames, clip.name);
  CompletionInput input{&source, clip.modal, clip.amodal};
  std::vector<cv::Mat> out(clip.frames.size());
  auto context = JobContext::detached();
  ClassicContentCompleter completer(settings);
  const auto start = std::chrono::steady_clock::now();
  completer.complete(input, {}, [&](int, int t, const cv::Mat& l) { cv::cvtColor(l, out[t], cv::COLOR_BGRA2BGR); },
                     context);
  if (seconds) *seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

Score scoreOf(const OcclusionClip& clip, const std::vector<cv::Mat>& result) {
  Score s;
  cv::Mat previous, previousHidden;
  for (size_t t = 0; t < clip.frames.size(); ++t) {
    const cv::Mat hidden = clip.amodal[t].toMat() & ~clip.modal[t].toMat();
    accumulate(s, result[t], clip.truthBgr[t], hidden, previous, previousHidden);
    previous = result[t];
    previousHidden = hidden;
  }
  return s;
}

std::vector<cv::Mat> teleaOf(const OcclusionClip& clip) {
  std::vector<cv::Mat> out;
  for (size_t t = 0; t < clip.frames.size(); ++t) {
    cv::Mat filled;
    cv::inpaint(clip.frames[t], clip.amodal[t].toMat() & ~clip.modal[t].toMat(), filled, 3, cv::INPAINT_TELEA);
    out.push_back(filled);
  }
  return out;
}

void printPooled(const char* label, const std::vector<OcclusionClip>& clips, const std::vector<Score>& s) {
  Score real, generated;
  for (size_t c = 0; c < clips.size(); ++c) (clips[c].real ? real : generated).add(s[c]);
  std::printf("  %-22s", label);
  for (const auto& [group, g] : {std::pair<const char*, const Score&>{"real", real}, {"generated", generated}})
    if (g.frames)
      std::printf("  %s %.2f dB, SSIM %.3f, flicker %.2f", group, g.psnr(), g.ssim / g.frames,
                  g.flickerFrames ? g.flicker / g.flickerFrames : 0);
  std::printf("\n");
}

std::vector<double> psnrs(const std::vector<Score>& s) {
  std::vector<double> out;
  for (const Score& c : s) out.push_back(c.psnr());
  return out;
}

void evaluate(const std::vector<OcclusionClip>& clips, const ClassicCompletionSettings& settings,
              const Arguments& args) {
  std::vector<Score> ours, telea;
  double seconds = 0;
  int frames = 0;
  std::printf("%-58s %10s %10s\n", "clip", "classic", "Telea");
  for (size_t c = 0; c < clips.size(); ++c) {
    const OcclusionClip& clip = clips[c];
    const std::vector<cv::Mat> result = complete(clip, settings, &seconds);
    frames += static_cast<int>(clip.frames.size());
    ours.push_back(scoreOf(clip, result));
    telea.push_back(args.telea ? scoreOf(clip, teleaOf(clip)) : Score{});
    std::printf("%-58s %7.2f dB %7.2f dB\n", clip.name.c_str(), ours.back().psnr(), telea.back().psnr());
    std::fflush(stdout);
    if (!args.write.empty()) {
      const fs::path dir = fs::path(args.write) / std::to_string(c);
      fs::create_directories(dir);
      for (size_t t = 0; t < result.size(); ++t)
        cv::imwrite((dir / (indexedFrameName(static_cast<int>(t)) + ".png")).string(), result[t]);
    }
  }
  std::printf("\nPSNR over the hidden pixels, true amodal masks (%zu clips, %d frames):\n", clips.size(), frames);
  printGroups("classic, per clip", summarise(clips, psnrs(ours)), 2);
  printPooled("classic, pooled", clips, ours);
  if (args.telea) {
    printGroups("Telea, per clip", summarise(clips, psnrs(telea)), 2);
    printPooled("Telea, pooled", clips, telea);
  }
  std::printf("  stage-2 speed (K=1, in memory): %.1f fps\n", frames / seconds);
}

void leaveOneOutOf(const std::vector<OcclusionClip>& clips, const ClassicCompletionSettings& base,
                   const Arguments& args) {
  const auto [name, values] = parseSetting(args.loo);
  std::vector<std::vector<double>> score(values.size());
  for (size_t v = 0; v < values.size(); ++v) {
    ClassicCompletionSettings settings = base;
    applyOption(settings, name, values[v]);
    for (const OcclusionClip& clip : clips) score[v].push_back(scoreOf(clip, complete(clip, settings)).psnr());
    std::printf("%s=%g: objective %.3f dB\n", name.c_str(), values[v], objective(summarise(clips, score[v])));
    printGroups("PSNR per clip", summarise(clips, score[v]), 2);
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
  const fs::path dir = fs::temp_directory_path() / ("harness_complete_" + std::to_string(::getpid()));
  for (const char* sub : {"frames", "modal", "amodal"}) fs::create_directories(dir / sub);
  for (size_t t = 0; t < clip.frames.size(); ++t) {
    const std::string name = indexedFrameName(static_cast<int>(t));
    cv::imwrite((dir / "frames" / (name + ".jpg")).string(), clip.frames[t], {cv::IMWRITE_JPEG_QUALITY, 95});
    saveMaskPng((dir / "modal" / (name + ".png")).string(), clip.modal[t]);
    saveMaskPng((dir / "amodal" / (name + ".png")).string(), clip.amodal[t]);
  }
  const std::string command = args.cli.string() + " complete --frames " + (dir / "frames").string() + " --masks " +
                              (dir / "modal").string() + " --amodal " + (dir / "amodal").string() + " --out " +
                              (dir / "out").string() + " --force > /dev/null 2>&1";
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    if (std::system(command.c_str()) != 0) {
      std::printf("permanence-cli complete failed: %s\n", command.c_str());
      break;
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  fs::remove_all(dir);
  if (best < 1e9)
    std::printf("permanence-cli complete, %zu frames at %dx%d (%s): %.2f s = %.1f fps (best of 3)\n",
                clip.frames.size(), clip.frames[0].cols, clip.frames[0].rows, clip.name.c_str(), best,
                clip.frames.size() / best);
}

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = parseArguments(argc, argv);
  try {
    ClassicCompletionSettings settings;
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
    if (!args.loo.empty()) leaveOneOutOf(clips, settings, args);
    else evaluate(clips, settings, args);
    if (args.timeCli) timeCli(clips, args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
