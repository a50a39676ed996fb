// Full-size SVD-xt UNet (stabilityai/stable-video-diffusion-img2vid-xt unet/config.json,
// ~1.52 B parameters) with random weights: one denoising-step UNet evaluation, proving
// full-size shapes, speed and memory.
//   harness_svd_fullsize            CPU, float32: batch 2, 4 frames, latent 32x64 (256x512 px)
//   harness_svd_fullsize --frames N CPU with N frames
//   harness_svd_fullsize --cuda     CUDA, bf16: batch 2, 25 frames, latent 32x64 (needs a GPU build)
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "diffusion/unet_spatio_temporal.h"

namespace {

using permanence::diffusion::UNetConfig;
using permanence::diffusion::UNetSpatioTemporalConditionModel;

UNetConfig svdXtConfig() {
  nlohmann::json c = {
      {"in_channels", 8},
      {"out_channels", 4},
      {"down_block_types",
       {"CrossAttnDownBlockSpatioTemporal", "CrossAttnDownBlockSpatioTemporal", "CrossAttnDownBlockSpatioTemporal",
        "DownBlockSpatioTemporal"}},
      {"up_block_types",
       {"UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal",
        "CrossAttnUpBlockSpatioTemporal"}},
      {"block_out_channels", {320, 640, 1280, 1280}},
      {"addition_time_embed_dim", 256},
      {"projection_class_embeddings_input_dim", 768},
      {"layers_per_block", 2},
      {"cross_attention_dim", 1024},
      {"transformer_layers_per_block", 1},
      {"num_attention_heads", {5, 10, 20, 20}},
      {"num_frames", 25}};
  return UNetConfig::fromJson(c, "SVD-xt unet config");
}

double peakRssGiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0);  // ru_maxrss is KiB on Linux
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  bool cuda = false;
  int64_t frames = 4;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--cuda") == 0) {
      cuda = true;
      frames = 25;
    } else if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc) {
      frames = std::stoll(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--cuda] [--frames N]\n", argv[0]);
      return 1;
    }
  }
  if (cuda && !torch::cuda::is_available()) {
    std::fprintf(stderr, "--cuda: no CUDA device available to this libtorch build\n");
    return 1;
  }
  const torch::Device device = cuda ? torch::kCUDA : torch::kCPU;
  const torch::Dtype dtype = cuda ? torch::kBFloat16 : torch::kFloat32;
  if (cuda) at::globalContext().setAllowTF32CuBLAS(false);

  torch::manual_seed(0);
  torch::NoGradGuard noGrad;
  auto start = std::chrono::steady_clock::now();
  UNetSpatioTemporalConditionModel unet(svdXtConfig());
  unet->eval();
  unet->to(device, dtype);
  int64_t params = 0;
  for (const auto& p : unet->parameters()) params += p.numel();
  const double buildSeconds = secondsSince(start);

  const int64_t batch = 2;
  auto options = torch::TensorOptions().device(device).dtype(dtype);
  torch::Tensor sample = torch::randn({batch, frames, 8, 32, 64}, options);
  torch::Tensor timestep = torch::tensor(0.25 * std::log(700.0), options);
  torch::Tensor context = torch::randn({batch, 1, 1024}, options);
  torch::Tensor timeIds = torch::tensor({{6.0f, 127.0f, 0.02f}, {6.0f, 127.0f, 0.02f}}).to(options);

  if (cuda) unet->forward(sample, timestep, context, timeIds);  // warm-up: kernels, allocator
  if (cuda) torch::cuda::synchronize();
  start = std::chrono::steady_clock::now();
  torch::Tensor out = unet->forward(sample, timestep, context, timeIds);
  if (cuda) torch::cuda::synchronize();
  const double stepSeconds = secondsSince(start);

  std::printf("| device | dtype | params | batch x frames x latent | build s | step s | peak RSS GiB | out finite |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::printf("| %s | %s | %.3f B | %lld x %lld x 32x64 | %.1f | %.2f | %.2f | %s |\n", cuda ? "cuda" : "cpu",
              cuda ? "bf16" : "f32", static_cast<double>(params) / 1e9, static_cast<long long>(batch),
              static_cast<long long>(frames), buildSeconds, stepSeconds, peakRssGiB(),
              torch::isfinite(out).all().item<bool>() ? "yes" : "NO");
  std::printf("threads %d, output shape [%lld, %lld, %lld, %lld, %lld]\n", torch::get_num_threads(),
              static_cast<long long>(out.size(0)), static_cast<long long>(out.size(1)),
              static_cast<long long>(out.size(2)), static_cast<long long>(out.size(3)),
              static_cast<long long>(out.size(4)));
  return 0;
}
