#pragma once
// The classic (CPU, no weights) completion backend: motion-guided temporal
// propagation. For each hidden pixel of the object at frame t, the frames where
// the same point of the object is visible are found through the object's motion
// and their pixels fetched, nearest in time first, with per-channel gain
// compensation. What no frame shows is inpainted from the object's own visible
// pixels only: the occluder's pixels are never pulled in.
#include "complete/content_completer.h"
#include "flow/object_motion.h"

namespace permanence {

struct CompletionHypothesis {
  int reach = 15;             // frames on each side searched
  bool averageBothSides = false;  // blend the nearest earlier and later views
  bool telea = false;  // spatial fill: Telea inpainting instead of normalised convolution
  std::string label;
};

// Settings of the classic backend; the defaults are those chosen on the
// development data (bench/harness_complete, which can change them by name).
struct ClassicCompletionSettings {
  int edgeErosion = 1;  // px of a source frame's visible edge not copied (they blend in its surroundings)
};

class ClassicContentCompleter : public ContentCompleter {
 public:
  explicit ClassicContentCompleter(ClassicCompletionSettings settings = {}) : settings_(settings) {}
  std::string name() const override { return "classic"; }
  std::vector<CompletionSample> complete(const CompletionInput& input, const CompletionOptions& options,
                                         const LayerSink& sink, JobContext& context) override;
  static std::vector<CompletionHypothesis> hypotheses(int k, std::uint64_t seed);

 private:
  ClassicCompletionSettings settings_;
};

// Fills `need` pixels of `out` (frame t) from frames s = t±1, t±2... within
// `reach`, where `visibleIn(s)` marks usable source pixels and fits map frame s
// into t. `fetch(s)` returns frame s. Returns the pixels it filled.
cv::Mat propagateFromNeighbours(cv::Mat& out, const cv::Mat& need, int t, int count, int reach,
                                bool averageBothSides, const std::vector<MotionFit>& fits,
                                const std::function<cv::Mat(int)>& fetch,
                                const std::function<cv::Mat(int)>& visibleIn, const cv::Mat& reference,
                                int edgeErosion = 1);

}  // namespace permanence
