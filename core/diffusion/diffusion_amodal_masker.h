#pragma once
// Stage 1 of Diffusion-VAS behind the AmodalMasker interface: amodal masks from modal
// masks and depth with the published amodal-segmentation pipeline.
//
// Per frame, at the working size (256x512 by default): the frame and its modal mask
// are resized plainly to that size, as the reference does (no padding: the model was
// trained on resized SAIL-VOS frames, so the aspect ratio is distorted and undone at
// the end; reference_resize.h). Condition 1 is the modal mask as 3 channels in
// [-1, 1] (the 0/1 mask resized, as torchvision's Resize of the binary image); condition 2 is Depth
// Anything V2's depth of the resized frame, fed in BGR as in training (the reference
// demo passes RGB), min-max normalised over the whole clip, 3 channels in [-1, 1]; the
// CLIP image is condition 1. AmodalInput::nearness, when given, replaces the depth
// model. The decoded RGB gives the mask where R+G+B > 600; it is resized back to the
// frame size (nearest) and unioned with the modal mask at the frame's own resolution,
// so amodal ⊇ modal holds exactly.
//
// Samples are scored 0.5 temporal stability (mean IoU of consecutive masks) + 0.5
// agreement with visible evidence (the share of the modal mask the raw prediction
// covers, before the union).
#include <memory>
#include <optional>

#include "amodal/amodal_masker.h"
#include "depth/depth_anything_v2.h"
#include "diffusion/diffusion_backend_config.h"

namespace permanence::diffusion {

class DiffusionAmodalMasker : public AmodalMasker {
 public:
  // Validates the pipeline folder and the depth file (headers and shapes only);
  // the models are loaded on the first infer().
  explicit DiffusionAmodalMasker(DiffusionBackendConfig config);
  std::string name() const override { return "diffusion"; }
  std::vector<AmodalSample> infer(const AmodalInput& input, const AmodalOptions& options,
                                  JobContext& context) override;

 private:
  void loadModels();
  // (frames, H, W) depth in [0, 1] over the clip at the working size.
  torch::Tensor clipDepth(const AmodalInput& input, const std::vector<cv::Mat>& frames, JobContext& context);

  DiffusionBackendConfig config_;
  VasPipelineFolder folder_;
  std::optional<VasModels> models_;
  depth::DepthAnythingV2 depth_{nullptr};
};

}  // namespace permanence::diffusion
