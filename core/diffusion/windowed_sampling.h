#pragma once
// Any video length with a fixed-length video model (TGVAC's temporal diffusion): the
// frames are covered by overlapping windows; at every denoising step each window is
// advanced on its own and every frame takes the average of the windows that hold it,
// so shared frames agree from the first step on.
#include <torch/torch.h>

#include <functional>
#include <vector>

#include "jobs/job.h"

namespace permanence::diffusion {

// Start frames of windows of `window` frames every `stride` frames; the last window
// ends at the last frame. One window [0, frames) when frames <= window.
std::vector<int64_t> windowStarts(int64_t frames, int64_t window, int64_t stride);

// Advances one window by one denoising step: latents (samples, window, C, h, w) of the
// frames [start, start + window) -> their next latents, same shape.
using WindowStep = std::function<torch::Tensor(const torch::Tensor& latents, int64_t start, int step)>;

// Runs `steps` denoising steps over latents (samples, frames, C, h, w). Reports progress
// once per window and step (which also polls cancel: Cancelled is thrown).
torch::Tensor sampleInWindows(torch::Tensor latents, int steps, int64_t window, int64_t stride,
                              const WindowStep& advance, JobContext& context, const std::string& label);

}  // namespace permanence::diffusion
