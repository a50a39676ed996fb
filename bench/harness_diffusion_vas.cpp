// Diffusion-VAS stage 1 (amodal masks) and stage 2 (content) on random weights written
// in the published layout: per-stage time and peak memory, one JSON line.
//   harness_diffusion_vas                       tiny architecture, CPU, 25 frames at 64x32
//   harness_diffusion_vas --full --device cuda  full size (SVD-xt UNet, ViT-H CLIP, vitl depth),
//                                               25 frames at 512x256, bf16 UNet/CLIP, fp32 VAE
// Options: --device cpu|cuda[:N][+fp16|+bf16], --frames N, --topk K, --steps S, --keep DIR
// (write the weights once into DIR and reuse them). Each stage runs twice: the first
// run includes loading the models, the second is the steady-state figure.
//
// The stages run the models as the backends do (diffusion_amodal_masker.cpp,
// diffusion_content_completer.cpp): depth of every frame, the conditions encoded, K
// samples denoised and decoded. The clip is made here as tensors at the working size
// (a disc passing behind a bar), so the harness builds with the model tier alone
// (PERMANENCE_MODEL_TIER_ONLY: no OpenCV); frame reading and resizing, milliseconds
// against the models' seconds, are not timed.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "depth/depth_anything_file.h"
#include "diffusion/vas_random_weights.h"

namespace {

using namespace permanence;
using namespace permanence::diffusion;

double peakRssGiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0);
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Options {
  bool full = false;
  std::string device = "cpu";
  int frames = 25, topK = 1, steps = 25;
  std::string keep;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--full") o.full = true;
    else if (arg == "--device" && hasValue) o.device = argv[++i];
    else if (arg == "--frames" && hasValue) o.frames = std::stoi(argv[++i]);
    else if (arg == "--topk" && hasValue) o.topK = std::stoi(argv[++i]);
    else if (arg == "--steps" && hasValue) o.steps = std::stoi(argv[++i]);
    else if (arg == "--keep" && hasValue) o.keep = argv[++i];
    else throw std::invalid_argument("usage: harness_diffusion_vas [--full] [--device D] [--frames N] [--topk K] "
                                     "[--steps S] [--keep DIR]");
  }
  return o;
}

// The clip at the working size: RGB in [-1, 1] (T, 3, H, W), the disc's visible (modal)
// and whole (amodal) masks in {0, 1} (T, H, W). The disc crosses the frame left to
// right behind a vertical bar at the centre.
struct Clip {
  torch::Tensor rgb, modal, amodal;
};

Clip makeClip(int64_t frames, int64_t height, int64_t width) {
  torch::manual_seed(0);
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  torch::Tensor y = torch::arange(height, f32).view({1, height, 1}), x = torch::arange(width, f32).view({1, 1, width});
  torch::Tensor cx = torch::linspace(0.2 * width, 0.8 * width, frames, f32).view({frames, 1, 1});
  const double radius = 0.3 * height;
  Clip clip;
  clip.amodal = ((x - cx).pow(2) + (y - 0.5 * height).pow(2) <= radius * radius).to(torch::kFloat32);
  torch::Tensor bar = ((x - 0.5 * width).abs() <= 0.08 * width).to(torch::kFloat32).expand({frames, height, width});
  clip.modal = clip.amodal * (1 - bar);
  torch::Tensor background = 0.2 * torch::randn({frames, 3, height, width}) - 0.3;
  torch::Tensor disc = torch::tensor({0.8f, -0.2f, -0.4f}).view({1, 3, 1, 1});
  torch::Tensor barColour = torch::tensor({-0.6f, -0.6f, 0.7f}).view({1, 3, 1, 1});
  clip.rgb = torch::where(clip.modal.unsqueeze(1) > 0, disc, background);
  clip.rgb = torch::where(bar.unsqueeze(1) > 0, barColour, clip.rgb).clamp(-1, 1);
  return clip;
}

torch::Tensor threeChannels(const torch::Tensor& unit) { return (unit * 2 - 1).unsqueeze(0).repeat({3, 1, 1}); }

// Depth Anything V2 on every frame, min-max normalised over the clip: (T, H, W) in [0, 1].
torch::Tensor clipDepth(depth::DepthAnythingV2Impl& model, const Clip& clip, int64_t inputSize, torch::Device device) {
  namespace F = torch::nn::functional;
  const int64_t height = clip.rgb.size(2), width = clip.rgb.size(3);
  const auto [inHeight, inWidth] = depth::depthInputShape(height, width, inputSize);
  std::vector<torch::Tensor> maps;
  for (int64_t f = 0; f < clip.rgb.size(0); ++f) {
    torch::Tensor image = F::interpolate(((clip.rgb[f] + 1) / 2).unsqueeze(0),
                                         F::InterpolateFuncOptions()
                                             .size(std::vector<int64_t>{inHeight, inWidth})
                                             .mode(torch::kBicubic)
                                             .align_corners(false));
    torch::Tensor map = model.forward(depth::normalizeLikeImageNet(image).to(device)).unsqueeze(1);
    map = F::interpolate(map, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{height, width})
                                  .mode(torch::kBilinear)
                                  .align_corners(true));
    maps.push_back(map[0][0].to(torch::kCPU));
  }
  return depth::normalizeDepthMinMax(torch::stack(maps));
}

std::vector<std::uint64_t> seeds(int topK) {
  std::vector<std::uint64_t> out;
  for (int k = 0; k < topK; ++k) out.push_back(static_cast<std::uint64_t>(k));
  return out;
}

// Stage 1: modal mask and depth -> amodal masks (decoded frames; thresholding them is not timed).
double runAmodal(VasModels& models, depth::DepthAnythingV2Impl& depthModel, const Clip& clip, const Options& o,
                 const VasSettings& settings, int64_t depthInputSize) {
  const auto start = std::chrono::steady_clock::now();
  auto context = JobContext::detached();
  const torch::Tensor depth = clipDepth(depthModel, clip, depthInputSize, models.device.device);
  VasPipeline pipeline(models, settings);
  auto source = [&](int64_t f) {
    torch::Tensor mask = threeChannels(clip.modal[f]);
    return VasConditionFrame{mask, threeChannels(depth[f]), mask};
  };
  const VasConditioning conditioning = pipeline.encode(o.frames, source, 0, context);
  pipeline.generate(conditioning, seeds(o.topK), [](int, int64_t, const torch::Tensor&) {}, context);
  return secondsSince(start);
}

// Stage 2: modal RGB on white and the amodal mask -> the object's RGB.
double runContent(VasModels& models, const Clip& clip, const Options& o, const VasSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  auto context = JobContext::detached();
  VasPipeline pipeline(models, settings);
  auto source = [&](int64_t f) {
    torch::Tensor onWhite = torch::where(clip.modal[f].unsqueeze(0) > 0, clip.rgb[f], torch::ones_like(clip.rgb[f]));
    return VasConditionFrame{onWhite, threeChannels(clip.amodal[f]), onWhite};
  };
  const VasConditioning conditioning = pipeline.encode(o.frames, source, 0, context);
  pipeline.generate(conditioning, seeds(o.topK), [](int, int64_t, const torch::Tensor&) {}, context);
  return secondsSince(start);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    torch::NoGradGuard noGrad;
    const auto architecture = o.full ? VasArchitecture::FullSize : VasArchitecture::Tiny;
    const std::filesystem::path weights =
        o.keep.empty() ? std::filesystem::temp_directory_path() /
                             (o.full ? "permanence-vas-harness-full" : "permanence-vas-harness-tiny")
                       : std::filesystem::path(o.keep);
    auto start = std::chrono::steady_clock::now();
    if (!std::filesystem::exists(weights / kAmodalPipelineFolder)) writeRandomVasWeights(weights, architecture);
    const double writeSeconds = secondsSince(start);

    VasSettings settings = o.full ? VasSettings{} : tinyVasSettings();
    settings.windowFrames = 25;
    settings.steps = o.steps;
    settings.samplesPerBatch = o.topK;
    const int64_t depthInputSize = o.full ? 518 : 56;
    const VasDevice device = VasDevice::parse(o.device);
    const Clip clip = makeClip(o.frames, settings.height, settings.width);

    nlohmann::json amodalSeconds = nlohmann::json::array(), contentSeconds = nlohmann::json::array();
    // Each stage's models are loaded once; run 1's figure includes the loading.
    {
      start = std::chrono::steady_clock::now();
      VasModels models = VasModels::load(VasPipelineFolder::open(weights / kAmodalPipelineFolder), device);
      depth::DepthAnythingV2 depthModel = depth::loadDepthAnything(
          (weights / (o.full ? "depth_anything_v2_vitl.safetensors" : "depth_anything_v2_vits.safetensors")).string(),
          device.device);
      const double load = secondsSince(start);
      for (int run = 1; run <= 2; ++run)
        amodalSeconds.push_back((run == 1 ? load : 0.0) + runAmodal(models, *depthModel, clip, o, settings, depthInputSize));
    }
    {
      start = std::chrono::steady_clock::now();
      VasModels models = VasModels::load(VasPipelineFolder::open(weights / kContentPipelineFolder), device);
      const double load = secondsSince(start);
      for (int run = 1; run <= 2; ++run)
        contentSeconds.push_back((run == 1 ? load : 0.0) + runContent(models, clip, o, settings));
    }
    if (o.keep.empty()) std::filesystem::remove_all(weights);
    nlohmann::json line = {{"harness", "diffusion_vas"},
                           {"model", o.full ? "full" : "tiny"},
                           {"device", o.device},
                           {"threads", torch::get_num_threads()},
                           {"frames", o.frames},
                           {"topk", o.topK},
                           {"steps", o.steps},
                           {"working_size", {settings.width, settings.height}},
                           {"weights_write_s", writeSeconds},
                           {"amodal_s", amodalSeconds},
                           {"content_s", contentSeconds},
                           {"peak_rss_gib", peakRssGiB()}};
    std::printf("%s\n", line.dump().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "harness_diffusion_vas: %s\n", e.what());
    return 1;
  }
  return 0;
}
