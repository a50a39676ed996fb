#pragma once
// Stage 2 of Diffusion-VAS behind the ContentCompleter interface: the hidden pixels of
// an object from its visible pixels and its amodal mask, with the published
// content-completion pipeline.
//
// Per frame, at the working size (plain resize, as stage 1): condition 1 is the modal
// RGB on white (the frame where the resized modal mask is > 0.5, white
// elsewhere) in [-1, 1]; condition 2 the amodal mask (nearest) as 3 channels of ±1;
// the CLIP image is condition 1. The decoded RGB is resized back to the frame size
// (bilinear); the layer keeps the original pixels where the object is visible and the
// generated ones elsewhere, alpha = amodal mask.
//
// Samples are scored 0.5 agreement with visible evidence (1 - mean |generated -
// original| / 255 over the visible pixels) + 0.5 temporal stability (1 - mean change
// of the generated hidden pixels between consecutive frames / 255).
#include <optional>

#include "complete/content_completer.h"
#include "diffusion/diffusion_backend_config.h"

namespace permanence::diffusion {

class DiffusionContentCompleter : public ContentCompleter {
 public:
  // Validates the pipeline folder; the models are loaded on the first complete().
  explicit DiffusionContentCompleter(DiffusionBackendConfig config);
  std::string name() const override { return "diffusion"; }
  std::vector<CompletionSample> complete(const CompletionInput& input, const CompletionOptions& options,
                                         const LayerSink& sink, JobContext& context) override;

 private:
  DiffusionBackendConfig config_;
  VasPipelineFolder folder_;
  std::optional<VasModels> models_;
};

}  // namespace permanence::diffusion
