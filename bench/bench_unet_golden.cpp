// CPU time of one forward of the golden-size SVD UNet (../shared/golden/unet.config.json:
// blocks 32/64, 2 layers, 4 frames of 8x16x16, batch 2). Weights are random: timing
// does not depend on their values.
#include <benchmark/benchmark.h>

#include "diffusion/unet_spatio_temporal.h"

namespace {

using permanence::diffusion::UNetConfig;
using permanence::diffusion::UNetSpatioTemporalConditionModel;

UNetConfig goldenConfig() {
  nlohmann::json c = {{"in_channels", 8},
                      {"out_channels", 4},
                      {"down_block_types", {"CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"}},
                      {"up_block_types", {"UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"}},
                      {"block_out_channels", {32, 64}},
                      {"addition_time_embed_dim", 8},
                      {"projection_class_embeddings_input_dim", 24},
                      {"layers_per_block", 2},
                      {"cross_attention_dim", 32},
                      {"transformer_layers_per_block", 1},
                      {"num_attention_heads", {2, 4}}};
  return UNetConfig::fromJson(c, "golden unet config");
}

void BM_UNetGoldenForward(benchmark::State& state) {
  torch::manual_seed(0);
  torch::set_num_threads(static_cast<int>(state.range(0)));
  UNetSpatioTemporalConditionModel unet(goldenConfig());
  unet->eval();
  torch::NoGradGuard noGrad;
  torch::Tensor sample = torch::randn({2, 4, 8, 16, 16}), timestep = torch::tensor(1.6f);
  torch::Tensor context = torch::randn({2, 1, 32}), timeIds = torch::tensor({{6.f, 127.f, 0.02f}, {6.f, 127.f, 0.02f}});
  for (auto _ : state) benchmark::DoNotOptimize(unet->forward(sample, timestep, context, timeIds));
}
BENCHMARK(BM_UNetGoldenForward)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
