#pragma once
// The classic (CPU, no weights) completion backend: motion-guided temporal
// propagation. For each hidden pixel of the object at frame t, the frames where
// the same point of the object is visible are found through the object's motion,
// registered onto frame t to a fraction of a pixel, and their pixels fetched,
// nearest in time first, with per-channel gain compensation. Only pixels that the
// modal mask of a source frame shows inside the object (not its edge) are sources, and
// never a colour that looks like the occluder hiding the part (occluder_colours.h: a
// modal mask strays onto the occluder where it touches the object). What no frame
// shows is synthesised from the object's own visible pixels (patch synthesis,
// texture_fill.h) once, and carried along from the frame where it was made.
#include "complete/content_completer.h"
#include "complete/registration.h"
#include "flow/object_motion.h"

namespace permanence {

struct CompletionHypothesis {
  int reach = 15;             // frames on each side searched
  bool averageBothSides = false;  // blend the nearest earlier and later views
  bool telea = false;  // spatial fill: Telea inpainting instead of texture synthesis
  std::string label;
};

// Settings of the classic backend; the defaults are those chosen on the
// development data (bench/harness_complete, which can change them by name).
struct ClassicCompletionSettings {
  int edgeErosion = 1;  // px of a source's visible edge not copied (they blend in its surroundings)
  RegistrationSettings registration;
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

}  // namespace permanence
