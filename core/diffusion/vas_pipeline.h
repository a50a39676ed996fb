#pragma once
// The Diffusion-VAS sampling pipeline shared by both stages (the reference uses one
// pipeline class for both): two conditioning images per frame are encoded with the
// VAE mode (unscaled, after 0.02 N(0,1) pixel noise), a third image per frame gives
// the frame's CLIP embedding; the UNet sees [noisy latent | condition 1 | condition 2]
// through `conv_in2`, with constant classifier-free guidance whose unconditional
// branch zeroes the condition latents and the embeddings; Euler on Karras sigmas;
// decoding in chunks. Long clips are sampled in overlapping windows averaged at every
// step (windowed_sampling.h). Top-K = one seed per sample.
#include <cstdint>
#include <functional>
#include <vector>

#include "diffusion/euler_scheduler.h"
#include "diffusion/vas_models.h"
#include "jobs/job.h"

namespace permanence::diffusion {

struct VasSettings {
  int64_t height = 256, width = 512;  // working resolution (the reference's 256x512)
  int steps = 25;
  double guidanceScale = 1.5;  // constant over frames (the reference's min = max = 1.5)
  int64_t windowFrames = 25;   // the model's clip length
  int64_t windowStride = 4;    // TGVAC's stride between window starts
  // Added time ids. The reference calls the pipeline with fps 8 and passes fps - 1 = 7;
  // the fps id the fine-tuning used is not in the published code, so it is a setting
  // (--fps-id) rather than part of the corrected variant.
  double fpsId = 7, motionBucketId = 127, noiseAugStrength = 0.02;
  // The reference encodes each frame as the pair [0, e_f] and concatenates the pairs
  // into 2x25 rows [0, e_0, 0, e_1, ..., 0, e_24], which its UNet reads as one row per
  // frame of [unconditional video | conditional video]: the unconditional video gets
  // (0, e_0, 0, e_1, ..., 0) and the conditional one (e_12, 0, e_13, ..., e_24), so
  // half of each branch sees zeros and the embeddings are shifted across frames. That
  // is the default, as the published weights are used with it. correctedClipContext
  // gives the layout of training: zeros for every unconditional frame, e_f for frame f
  // of the conditional video.
  bool correctedClipContext = false;
  int64_t decodeChunk = 8;
  int64_t samplesPerBatch = 1;  // Top-K samples denoised together (UNet batch 2x this)
};

// One frame's images at the working resolution, (3, H, W) float in [-1, 1] on the CPU.
struct VasConditionFrame {
  torch::Tensor first, second, clip;
};
using VasConditionSource = std::function<VasConditionFrame(int64_t frame)>;

// Each decoded frame of each sample as (H, W, 3) uint8 RGB at the working resolution.
using VasFrameSink = std::function<void(int sample, int64_t frame, const torch::Tensor& rgb)>;

struct VasConditioning {
  torch::Tensor latents;     // (frames, 2 C, h, w) float32 on the device
  torch::Tensor embeddings;  // (frames, D) float32 on the device
};

class VasPipeline {
 public:
  // Throws InputError when the working size does not fit the networks.
  VasPipeline(VasModels& models, VasSettings settings);
  const VasSettings& settings() const { return settings_; }

  // Pixel noise comes from a generator seeded with `seed`.
  VasConditioning encode(int64_t frames, const VasConditionSource& source, std::uint64_t seed, JobContext& context);

  // One sample per seed (its initial noise), delivered frame by frame in sample order.
  void generate(const VasConditioning& conditioning, const std::vector<std::uint64_t>& seeds,
                const VasFrameSink& sink, JobContext& context);

  // One guided Euler step of one window: latents (samples, window, C, h, w).
  torch::Tensor denoiseWindow(const torch::Tensor& latents, const VasConditioning& conditioning, int64_t start,
                              int step);

  // The UNet's per-frame context (2 S window, 1, D): S unconditional videos, then S
  // conditional ones (see correctedClipContext).
  torch::Tensor clipContext(const torch::Tensor& embeddings, int64_t samples) const;

 private:
  void decodeSample(const torch::Tensor& latents, int sample, const VasFrameSink& sink, JobContext& context);
  void warnIfSlow(double firstWindowSeconds, int64_t windowsPerSample, size_t samples) const;

  VasModels& models_;
  VasSettings settings_;
  EulerScheduler scheduler_;
  int64_t vaeScale_ = 8;
};

}  // namespace permanence::diffusion
