// The editor's automatic re-track after a correction (core/track/correction_retrack.h) on the
// tracker's development data (track_dev_data.h: the six real DAVIS sequences and the
// variety generated from them). Each clip is tracked from its frame-0 truth; then a
// user corrects the worst frame twice (its true mask becomes a keyframe, as a perfect
// correction click would give). Compared, for each way of re-tracking: J over frames
// 1..T-1 after the corrections, the frames propagated, and the seconds per propagated
// frame next to the first track's:
//   between keyframes   Tracker::propagate between the neighbouring keyframes (Ctrl+R:
//                       two propagations per frame, blended)
//   correction IoU/N    retrackCorrection, stopping a direction after N frames in a row
//                       whose new and old masks have an IoU of at least IoU
//   correction never    retrackCorrection without the early stop
//   ... raw             without blending towards the neighbouring keyframe
// usage: harness_correction_retrack [--davis DIR] [--only NAME] [--data real|variety|all]
#include "track/correction_retrack.h"
#include "track_dev_data.h"

#include "jobs/job.h"
#include "mask/metrics.h"
#include "media/memory_frame_source.h"
#include "track/tracker.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace permanence;
using namespace permanence::bench;
using permanence::CorrectionSettings;

namespace {

constexpr int kCorrections = 2;

struct Variant {
  std::string name;
  bool betweenKeyframes = false;
  CorrectionSettings settings;
};

std::vector<Variant> variants() {
  std::vector<Variant> list{{"between keyframes", true, {}}, {"correction never", false, {1.01, 1, true}}};
  const std::pair<double, int> stops[] = {{0.8, 3}, {0.9, 2}, {0.9, 3}, {0.9, 5}, {0.95, 3}};
  for (const auto& [agreeIou, agreeFrames] : stops)
    list.push_back({"correction " + std::to_string(agreeIou).substr(0, 4) + "/" + std::to_string(agreeFrames), false,
                    {agreeIou, agreeFrames, true}});
  list.push_back({"correction 0.90/3 raw", false, {0.9, 3, false}});
  return list;
}

struct Outcome {
  double j = 0;
  long framesTracked = 0;
  double seconds = 0;
};

std::vector<Mask> masksOf(const MaskTrack& track) {
  std::vector<Mask> masks;
  for (int f = 0; f < track.frameCount(); ++f) masks.push_back(track.mask(f));
  return masks;
}

// The frame (not a keyframe, not 0) whose mask is furthest from the truth, or -1.
int worstFrame(const MaskTrack& track, const DevClip& clip) {
  int worst = -1;
  double worstIou = 2;
  for (int f = 1; f < track.frameCount(); ++f) {
    const double value = iou(track.mask(f), clip.truth[f]);
    if (!track.isKeyframe(f) && value < worstIou) {
      worstIou = value;
      worst = f;
    }
  }
  return worst;
}

// Frames Tracker::propagate carries a mask into over `range`: each gap between keyframes
// once per keyframe that bounds it.
long propagations(const MaskTrack& track, FrameRange range) {
  long count = 0;
  for (int f = range.first; f <= range.last; ++f)
    if (!track.isKeyframe(f)) count += (track.previousKeyframe(f) >= 0) + (track.nextKeyframe(f) >= 0);
  return count;
}

Outcome correct(const DevClip& clip, MaskTrack track, const Variant& variant) {
  MemoryFrameSource source(clip.frames);
  JobContext context = JobContext::detached();
  Outcome outcome;
  for (int c = 0; c < kCorrections; ++c) {
    const int frame = worstFrame(track, clip);
    if (frame < 0) break;
    const auto start = std::chrono::steady_clock::now();
    if (variant.betweenKeyframes) {
      const FrameRange range = track.setKeyframe(frame, clip.truth[frame]);
      outcome.framesTracked += propagations(track, range);
      track.setMasks(range.first, Tracker().propagate(source, track, range, context));
    } else {
      track.setKeyframe(frame, clip.truth[frame]);
      const CorrectionResult result =
          retrackCorrection(source, track, frame, TrackOptions{}, variant.settings, context);
      outcome.framesTracked += result.framesTracked;
      track.setMasks(result.changed.first, result.masks);
    }
    outcome.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  outcome.j = davisJ(masksOf(track), clip.truth, 1);
  return outcome;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path davis = fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared" / "data" / "davis2016";
  std::string only, data = "all";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--davis") davis = argv[i + 1];
    else if (option == "--only") only = argv[i + 1];
    else if (option == "--data") data = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: harness_correction_retrack [--davis DIR] [--only NAME] [--data real|variety|all]\n");
      return 2;
    }
  }
  if (!fs::exists(davis / "JPEGImages")) {
    std::printf("DAVIS data not found at %s: skipped\n", davis.string().c_str());
    return 0;
  }
  const std::vector<DevClip> clips = loadDevData(davis, data, only);
  const std::vector<Variant> list = variants();
  std::vector<Summary> real(list.size()), variety(list.size());
  std::vector<long> frames(list.size());
  std::vector<double> seconds(list.size());
  Summary firstReal, firstVariety;
  long firstFrames = 0;
  double firstSeconds = 0;
  for (const DevClip& clip : clips) {
    MemoryFrameSource source(clip.frames);
    MaskTrack track(source.frameCount(), source.frameSize());
    JobContext context = JobContext::detached();
    const FrameRange all = track.setKeyframe(0, clip.truth[0]);
    const auto start = std::chrono::steady_clock::now();
    track.setMasks(all.first, Tracker().propagate(source, track, all, context));
    firstSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    firstFrames += track.frameCount() - 1;
    const double firstJ = davisJ(masksOf(track), clip.truth, 1);
    (clip.real ? firstReal : firstVariety).add(clip.name, firstJ);
    std::printf("%-28s first %.3f", clip.name.c_str(), firstJ);
    for (size_t v = 0; v < list.size(); ++v) {
      const Outcome outcome = correct(clip, track, list[v]);
      (clip.real ? real : variety)[v].add(clip.name, outcome.j);
      frames[v] += outcome.framesTracked;
      seconds[v] += outcome.seconds;
      std::printf(" | %.3f %4ld", outcome.j, outcome.framesTracked);
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  std::printf("\nfirst track: real %.3f, variety %.3f, dev %.3f; %.1f ms per frame\n", firstReal.mean(),
              firstVariety.mean(), objective(firstReal, firstVariety), 1000 * firstSeconds / std::max(1L, firstFrames));
  std::printf("after %d corrections:\n%-20s %6s %6s %6s %8s %-22s %8s %8s\n", kCorrections, "re-track", "real",
              "variety", "dev", "worst", "(clip)", "frames", "ms/frame");
  for (size_t v = 0; v < list.size(); ++v) {
    const double worst = std::min(real[v].worst, variety[v].worst);
    const std::string& worstName = real[v].worst <= variety[v].worst ? real[v].worstName : variety[v].worstName;
    std::printf("%-20s %6.3f %6.3f %6.3f %8.3f %-22s %8ld %8.1f\n", list[v].name.c_str(), real[v].mean(),
                variety[v].mean(), objective(real[v], variety[v]), worst, worstName.c_str(), frames[v],
                1000 * seconds[v] / std::max(1L, frames[v]));
  }
  return 0;
}
