// Stage-2 accuracy with exact ground truth (issue 5): PSNR and SSIM inside the
// hidden part (A - M) against the true pixels, temporal consistency, and per-frame
// Telea inpainting as the baseline, on synthetic scenes and DAVIS pseudo-occlusion.
//   harness_complete [DAVIS_ROOT]
#include "complete/content_completer.h"
#include "mask/mask_io.h"
#include "media/image_sequence_source.h"
#include "media/memory_frame_source.h"
#include "synth/pseudo_occlusion.h"
#include "synth/synthetic_scene.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

struct Case {
  std::string name;
  std::vector<cv::Mat> frames, truth;  // truth: the object's true pixels
  std::vector<Mask> modal, amodal;
};

struct Score {
  double sqErr = 0, ssim = 0, flicker = 0;
  long pixels = 0;
  int frames = 0, flickerFrames = 0;
  double psnr() const { return pixels ? 10 * std::log10(255.0 * 255.0 / (sqErr / pixels)) : 0; }
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
    // The objects in these clips move little between frames; the consecutive
    // difference inside the jointly hidden part measures flicker.
    const cv::Mat both = hidden & previousHidden;
    if (cv::countNonZero(both) > 0) {
      cv::Mat d;
      cv::absdiff(result, previous, d);
      s.flicker += cv::mean(d, both)[0];
      ++s.flickerFrames;
    }
  }
}

void evaluate(const std::string& title, const std::vector<Case>& cases) {
  Score ours, telea;
  double seconds = 0;
  int frames = 0;
  auto completer = makeContentCompleter("classic");
  for (const auto& c : cases) {
    MemoryFrameSource source(c.frames, c.name);
    CompletionInput input{&source, c.modal, c.amodal};
    std::vector<cv::Mat> layers(c.frames.size());
    auto context = JobContext::detached();
    const auto start = std::chrono::steady_clock::now();
    completer->complete(input, {}, [&](int, int t, const cv::Mat& l) { layers[t] = l; }, context);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    frames += static_cast<int>(c.frames.size());
    cv::Mat prevOurs, prevTelea, prevHidden;
    for (size_t t = 0; t < c.frames.size(); ++t) {
      const cv::Mat hidden = c.amodal[t].toMat() & ~c.modal[t].toMat();
      cv::Mat result;
      cv::cvtColor(layers[t], result, cv::COLOR_BGRA2BGR);
      cv::Mat baseline;
      cv::inpaint(c.frames[t], hidden, baseline, 3, cv::INPAINT_TELEA);
      accumulate(ours, result, c.truth[t], hidden, prevOurs, prevHidden);
      accumulate(telea, baseline, c.truth[t], hidden, prevTelea, prevHidden);
      prevOurs = result;
      prevTelea = baseline;
      prevHidden = hidden;
    }
  }
  std::printf("%s (%zu clips, %d frames)\n", title.c_str(), cases.size(), frames);
  for (auto [name, s] : {std::pair<const char*, Score&>{"classic", ours}, {"Telea", telea}})
    std::printf("  %-8s PSNR(A-M) %.2f dB  SSIM(A-M) %.3f  flicker %.2f\n", name, s.psnr(),
                s.frames ? s.ssim / s.frames : 0, s.flickerFrames ? s.flicker / s.flickerFrames : 0);
  std::printf("  stage-2 speed (K=1, in memory): %.1f fps\n", frames / seconds);
}

std::vector<Case> syntheticCases() {
  std::vector<Case> cases;
  for (int variant = 0; variant < 3; ++variant) {
    SyntheticSceneSpec spec;
    spec.width = 854;
    spec.height = 480;
    spec.seed = 10 + variant;
    spec.nonRigid = variant == 1;
    spec.occluderSize = variant == 2 ? 1.6 : 0.9;
    const auto s = makeSyntheticScene(spec);
    cases.push_back({"synthetic " + std::to_string(variant), s.frames, s.target.amodalBgr, s.target.modal, s.target.amodal});
  }
  return cases;
}

std::vector<Case> davisCases(const fs::path& root) {
  const std::vector<std::string> seqs = {"blackswan", "car-roundabout", "cows", "dog", "libby", "soapbox"};
  std::vector<Case> cases;
  for (size_t i = 0; i < seqs.size(); ++i) {
    ImageSequenceSource frames((root / "JPEGImages/480p" / seqs[i]).string());
    ImageSequenceSource occFrames((root / "JPEGImages/480p" / seqs[(i + 1) % seqs.size()]).string());
    const auto occluder = cutOut(occFrames.readFrame(0),
                                 loadMaskPng((root / "Annotations/480p" / seqs[(i + 1) % seqs.size()] / "00000.png").string()));
    std::vector<cv::Mat> clip;
    std::vector<Mask> masks;
    for (int t = 0; t < 25 && t < frames.frameCount(); ++t) {
      clip.push_back(frames.readFrame(t));
      masks.push_back(loadMaskPng((root / "Annotations/480p" / seqs[i] / (frames.frameName(t) + ".png")).string()));
    }
    const auto p = pseudoOcclude(clip, masks, occluder, 0.6, 0.15);
    cases.push_back({seqs[i], p.frames, p.amodalBgr, p.modal, p.amodal});
  }
  return cases;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path davis = argc > 1 ? fs::path(argv[1]) : fs::path(PERMANENCE_SOURCE_DIR) / "../shared/data/davis2016";
  try {
    evaluate("Synthetic scenes (854x480)", syntheticCases());
    if (fs::exists(davis / "JPEGImages")) evaluate("DAVIS pseudo-occlusion (true amodal masks)", davisCases(davis));
    else std::printf("DAVIS not found at %s: skipped\n", davis.string().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
