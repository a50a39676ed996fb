// Stage-1 accuracy with exact ground truth (issue 4): synthetic scenes and DAVIS
// objects under pseudo-occlusion. Metrics as the paper: mIoU over all frames and
// mIoU_occ over the hidden part (A - M); Modal and Convex-hull baselines; Top-1
// and Top-3 (per frame, the best of three samples).
//   harness_amodal [DAVIS_ROOT] [--write DIR]   (DAVIS_ROOT default ../shared/data/davis2016)
#include "amodal/amodal_masker.h"
#include "mask/metrics.h"
#include "mask/mask_io.h"
#include "media/image_sequence_source.h"
#include "media/image_sequence_writer.h"
#include "media/memory_frame_source.h"
#include "synth/pseudo_occlusion.h"
#include "synth/synthetic_scene.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

struct Case {
  std::string name;
  std::vector<cv::Mat> frames;
  std::vector<Mask> modal, amodal;
};

struct Scores {
  double miou = 0, occ = 0;
  int occCases = 0;
  void add(const std::vector<Mask>& pred, const Case& c) {
    miou += meanIou(pred, c.amodal);
    if (auto o = meanIouOccluded(pred, c.amodal, c.modal)) {
      occ += *o;
      ++occCases;
    }
  }
  void print(const char* method, int cases) const {
    std::printf("  %-12s mIoU %.3f  mIoU_occ %.3f\n", method, miou / cases, occCases ? occ / occCases : 0.0);
  }
};

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
std::vector<Mask> bestPerFrame(const std::vector<AmodalSample>& samples, const Case& c) {
  std::vector<Mask> out;
  for (size_t t = 0; t < c.amodal.size(); ++t) {
    size_t best = 0;
    for (size_t k = 1; k < samples.size(); ++k)
      if (iou(samples[k].masks[t], c.amodal[t]) > iou(samples[best].masks[t], c.amodal[t])) best = k;
    out.push_back(samples[best].masks[t]);
  }
  return out;
}

void evaluate(const std::string& title, const std::vector<Case>& cases) {
  Scores modal, convex, top1, top3;
  double seconds = 0;
  int frames = 0;
  auto masker = makeAmodalMasker("classic");
  for (const auto& c : cases) {
    MemoryFrameSource source(c.frames, c.name);
    AmodalInput input;
    input.frames = &source;
    input.modal = c.modal;
    auto context = JobContext::detached();
    const auto start = std::chrono::steady_clock::now();
    const auto one = masker->infer(input, {1, 0}, context);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    frames += static_cast<int>(c.frames.size());
    const auto three = masker->infer(input, {3, 0}, context);
    modal.add(c.modal, c);
    convex.add(convexHulls(c.modal), c);
    top1.add(one[0].masks, c);
    top3.add(bestPerFrame(three, c), c);
    Scores single;
    single.add(one[0].masks, c);
    Scores base;
    base.add(c.modal, c);
    std::printf("  %-26s modal %.3f/%.3f  classic top-1 %.3f/%.3f\n", c.name.c_str(), base.miou,
                base.occCases ? base.occ : 0.0, single.miou, single.occCases ? single.occ : 0.0);
  }
  std::printf("%s (%zu clips, %d frames)\n", title.c_str(), cases.size(), frames);
  const int n = static_cast<int>(cases.size());
  modal.print("Modal", n);
  convex.print("Convex hull", n);
  top1.print("Top-1", n);
  top3.print("Top-3", n);
  std::printf("  stage-1 speed (K=1, in memory): %.1f fps\n", frames / seconds);
}

std::vector<Case> syntheticCases() {
  std::vector<Case> cases;
  struct Variant {
    const char* name;
    SyntheticSceneSpec spec;
  };
  std::vector<Variant> variants;
  SyntheticSceneSpec base;
  base.width = 854;
  base.height = 480;
  base.frames = 30;
  variants.push_back({"rigid, pan", base});
  SyntheticSceneSpec soft = base;
  soft.nonRigid = true;
  soft.seed = 2;
  variants.push_back({"non-rigid", soft});
  SyntheticSceneSpec leaving = base;
  leaving.leavesFrame = true;
  leaving.seed = 3;
  variants.push_back({"leaves the frame", leaving});
  SyntheticSceneSpec hidden = base;
  hidden.occluderSize = 1.6;
  hidden.seed = 4;
  variants.push_back({"fully hidden for a while", hidden});
  for (const auto& v : variants) {
    const SyntheticScene s = makeSyntheticScene(v.spec);
    cases.push_back({v.name, s.frames, s.target.modal, s.target.amodal});
  }
  return cases;
}

std::vector<Case> davisCases(const fs::path& root, const std::string& writeDir) {
  const std::vector<std::string> seqs = {"blackswan", "car-roundabout", "cows", "dog", "libby", "soapbox"};
  std::vector<Case> cases;
  for (size_t i = 0; i < seqs.size(); ++i) {
    ImageSequenceSource frames((root / "JPEGImages/480p" / seqs[i]).string());
    ImageSequenceSource occFrames((root / "JPEGImages/480p" / seqs[(i + 1) % seqs.size()]).string());
    const fs::path occMask = root / "Annotations/480p" / seqs[(i + 1) % seqs.size()] / "00000.png";
    const OccluderCutout occluder = cutOut(occFrames.readFrame(0), loadMaskPng(occMask.string()));
    std::vector<cv::Mat> clip;
    std::vector<Mask> masks;
    for (int t = 0; t < 25 && t < frames.frameCount(); ++t) {
      clip.push_back(frames.readFrame(t));
      masks.push_back(loadMaskPng((root / "Annotations/480p" / seqs[i] / (frames.frameName(t) + ".png")).string()));
    }
    const PseudoOccludedClip p = pseudoOcclude(clip, masks, occluder, 0.6, 0.15);
    cases.push_back({seqs[i] + " behind " + seqs[(i + 1) % seqs.size()], p.frames, p.modal, p.amodal});
    if (!writeDir.empty() && i == 0) {
      ImageSequenceWriter writer(writeDir);
      for (size_t t = 0; t < p.frames.size(); ++t) {
        writer.write("frames/" + indexedFrameName(static_cast<int>(t)), p.frames[t]);
        writer.write("modal/" + indexedFrameName(static_cast<int>(t)), p.modal[t].toMat());
        writer.write("amodal/" + indexedFrameName(static_cast<int>(t)), p.amodal[t].toMat());
        writer.write("amodal_rgb/" + indexedFrameName(static_cast<int>(t)), p.amodalBgr[t]);
      }
      writer.finish();
    }
  }
  return cases;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path davis = fs::path(PERMANENCE_SOURCE_DIR) / "../shared/data/davis2016";
  std::string writeDir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--write" && i + 1 < argc) writeDir = argv[++i];
    else davis = arg;
  }
  try {
    evaluate("Synthetic scenes (854x480)", syntheticCases());
    if (fs::exists(davis / "JPEGImages"))
      evaluate("DAVIS pseudo-occlusion (25 frames, 854x480)", davisCases(davis, writeDir));
    else
      std::printf("DAVIS not found at %s: skipped\n", davis.string().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
