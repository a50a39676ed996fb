#pragma once
// The "sam2" tracking backend: SAM 2.1's video predictor behind the PromptTracker
// interface. Every prompted frame is a conditioning frame (prompts arrive before
// tracking starts); the clip is tracked forward from the first prompted frame to the
// end, then backward from it to the start. Frames are read from the FrameSource one
// at a time as the predictor asks for them.
#include <torch/torch.h>

#include <atomic>
#include <mutex>
#include <string>

#include "backends/prompt_tracker.h"
#include "sam2/sam2_model.h"

namespace permanence::sam2 {

// One model, used from several threads (the editor's click worker and its jobs): each
// call holds the tracker's lock, so a click waits for a running track.
class Sam2PromptTracker : public PromptTracker {
 public:
  explicit Sam2PromptTracker(Sam2Model model);
  // Loads the weights (sam2_file.h) on the settings' device.
  static std::unique_ptr<Sam2PromptTracker> open(const TrackingBackendSettings& settings);

  std::string name() const override { return "sam2 (" + model_->config.name + ")"; }
  std::vector<Mask> track(FrameSource& frames, const std::vector<FramePrompt>& prompts, JobContext& context) override;
  void prepare(FrameSource& frames, int frame) override;
  Mask segment(FrameSource& frames, const FramePrompt& prompt) override;
  double estimateTrackSeconds(int frames) const override;
  bool runsOnCpu() const override;

 private:
  // The image features of the frame prepared last, with what they took to compute.
  struct Prepared {
    std::string path;
    int frame = -1;
    BackboneFeatures features;
  };
  void prepareLocked(FrameSource& frames, int frame);

  Sam2Model model_;
  std::mutex mutex_;
  Prepared prepared_;
  std::atomic<double> encoderSeconds_{0};  // the last prepare()'s image encoder, 0 before any
};

}  // namespace permanence::sam2
