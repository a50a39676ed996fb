#include "diffusion/windowed_sampling.h"

#include <algorithm>

#include "errors.h"

namespace permanence::diffusion {

std::vector<int64_t> windowStarts(int64_t frames, int64_t window, int64_t stride) {
  if (frames <= 0 || window <= 0 || stride <= 0)
    throw InputError("windows: frames, window length and stride must be positive");
  if (stride > window) throw InputError("windows: a stride longer than the window would leave frames uncovered");
  if (frames <= window) return {0};
  std::vector<int64_t> starts;
  for (int64_t start = 0; start + window < frames; start += stride) starts.push_back(start);
  starts.push_back(frames - window);
  return starts;
}

torch::Tensor sampleInWindows(torch::Tensor latents, int steps, int64_t window, int64_t stride,
                              const WindowStep& advance, JobContext& context, const std::string& label) {
  const int64_t frames = latents.size(1);
  window = std::min(window, frames);
  const auto starts = windowStarts(frames, window, stride);
  const int64_t total = static_cast<int64_t>(steps) * static_cast<int64_t>(starts.size());
  int64_t done = 0;
  for (int step = 0; step < steps; ++step) {
    torch::Tensor sum = torch::zeros_like(latents);
    torch::Tensor count = torch::zeros({1, frames, 1, 1, 1}, latents.options());
    for (int64_t start : starts) {
      context.report(done++, total, label);
      sum.slice(1, start, start + window) += advance(latents.slice(1, start, start + window), start, step);
      count.slice(1, start, start + window) += 1;
    }
    latents = sum / count;
  }
  context.report(total, total, label);
  return latents;
}

}  // namespace permanence::diffusion
