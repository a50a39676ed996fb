#pragma once
// The "sam2" tracking backend: SAM 2.1's video predictor behind the PromptTracker
// interface. Every prompted frame is a conditioning frame (prompts arrive before
// tracking starts); the clip is tracked forward from the first prompted frame to the
// end, then backward from it to the start. Frames are read from the FrameSource one
// at a time as the predictor asks for them.
#include <torch/torch.h>

#include <string>

#include "backends/prompt_tracker.h"
#include "sam2/sam2_model.h"

namespace permanence::sam2 {

// --device: "cpu", "cuda" or "cuda:N"; empty is the CPU. Throws InputError otherwise
// or when CUDA is asked for but absent.
torch::Device parseSam2Device(const std::string& text);

class Sam2PromptTracker : public PromptTracker {
 public:
  explicit Sam2PromptTracker(Sam2Model model);
  // Loads the weights (sam2_file.h) on the settings' device.
  static std::unique_ptr<Sam2PromptTracker> open(const TrackingBackendSettings& settings);

  std::string name() const override { return "sam2 (" + model_->config.name + ")"; }
  std::vector<Mask> track(FrameSource& frames, const std::vector<FramePrompt>& prompts, JobContext& context) override;

 private:
  Sam2Model model_;
};

}  // namespace permanence::sam2
