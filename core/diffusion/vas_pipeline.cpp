#include "diffusion/vas_pipeline.h"

#include <chrono>
#include <cstdio>

#include "diffusion/windowed_sampling.h"
#include "errors.h"
#include "nn/warning.h"

namespace permanence::diffusion {
namespace {

torch::Generator cpuGenerator(std::uint64_t seed) { return at::detail::createCPUGenerator(seed); }

// Decoded images in [-1, 1] -> (N, H, W, 3) uint8 as diffusers' postprocess rounds them.
torch::Tensor toRgb8(const torch::Tensor& images) {
  return (images.to(torch::kCPU, torch::kFloat32) / 2 + 0.5)
      .clamp(0, 1)
      .mul(255)
      .round()
      .to(torch::kUInt8)
      .permute({0, 2, 3, 1})
      .contiguous();
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

VasPipeline::VasPipeline(VasModels& models, VasSettings settings)
    : models_(models), settings_(settings), scheduler_(models.folder.schedulerConfig(), "scheduler_config.json") {
  scheduler_.setTimesteps(settings_.steps);
  vaeScale_ = int64_t{1} << (models_.folder.vaeConfig().blockOutChannels.size() - 1);
  const int64_t unetScale = int64_t{1} << (models_.folder.unetConfig().blockOutChannels.size() - 1);
  const int64_t multiple = vaeScale_ * unetScale;
  if (settings_.height % multiple != 0 || settings_.width % multiple != 0)
    throw InputError("diffusion: working size " + std::to_string(settings_.width) + "x" +
                     std::to_string(settings_.height) + " must be a multiple of " + std::to_string(multiple));
  if (settings_.windowFrames < 1 || settings_.windowStride < 1 || settings_.samplesPerBatch < 1 ||
      settings_.decodeChunk < 1)
    throw InputError("diffusion: window length, stride, batch and decode chunk must be positive");
}

VasConditioning VasPipeline::encode(int64_t frames, const VasConditionSource& source, std::uint64_t seed,
                                    JobContext& context) {
  torch::NoGradGuard noGrad;
  auto generator = cpuGenerator(seed);
  const auto device = models_.device.device;
  std::vector<torch::Tensor> latents, embeddings;
  for (int64_t begin = 0; begin < frames; begin += settings_.decodeChunk) {
    context.report(begin, frames, "diffusion: encoding conditions");
    const int64_t end = std::min(frames, begin + settings_.decodeChunk);
    std::vector<torch::Tensor> first, second, clip;
    for (int64_t f = begin; f < end; ++f) {
      VasConditionFrame frame = source(f);
      first.push_back(frame.first);
      second.push_back(frame.second);
      clip.push_back(frame.clip);
    }
    // Blur and resize in float32, then the encoder's precision.
    torch::Tensor clipPixels = clipPreprocess(torch::stack(clip).to(device), models_.folder.clipConfig().imageSize);
    embeddings.push_back(
        models_.imageEncoder->forward(clipPixels.to(models_.device.modelDtype)).imageEmbeds.to(torch::kFloat32));
    std::vector<torch::Tensor> encoded;
    for (auto* images : {&first, &second}) {
      torch::Tensor pixels = torch::stack(*images);
      pixels = pixels + settings_.noiseAugStrength * torch::randn(pixels.sizes(), generator, pixels.options());
      encoded.push_back(models_.vae->encode(pixels.to(device, torch::kFloat32)).mean);
    }
    latents.push_back(torch::cat(encoded, 1));
  }
  context.report(frames, frames, "diffusion: encoding conditions");
  return {torch::cat(latents, 0), torch::cat(embeddings, 0)};
}

torch::Tensor VasPipeline::clipContext(const torch::Tensor& embeddings, int64_t samples) const {
  const int64_t window = embeddings.size(0);
  torch::Tensor zeros = torch::zeros_like(embeddings);
  torch::Tensor uncond, cond;
  if (settings_.correctedClipContext) {
    uncond = zeros;
    cond = embeddings;
  } else {
    torch::Tensor interleaved = torch::stack({zeros, embeddings}, 1).reshape({2 * window, -1});
    uncond = interleaved.slice(0, 0, window);
    cond = interleaved.slice(0, window, 2 * window);
  }
  return torch::cat({uncond.repeat({samples, 1}), cond.repeat({samples, 1})}, 0).unsqueeze(1);
}

torch::Tensor VasPipeline::denoiseWindow(const torch::Tensor& latents, const VasConditioning& conditioning,
                                         int64_t start, int step) {
  torch::NoGradGuard noGrad;
  const int64_t samples = latents.size(0), window = latents.size(1);
  const auto dtype = models_.device.modelDtype;
  torch::Tensor scaled = scheduler_.scaleModelInput(latents, step);
  torch::Tensor cond = conditioning.latents.slice(0, start, start + window).unsqueeze(0).expand(
      {samples, window, -1, -1, -1});
  torch::Tensor input = torch::cat({torch::cat({scaled, torch::zeros_like(cond)}, 2), torch::cat({scaled, cond}, 2)}, 0);
  torch::Tensor context = clipContext(conditioning.embeddings.slice(0, start, start + window), samples);
  torch::Tensor timeIds =
      torch::tensor({settings_.fpsId, settings_.motionBucketId, settings_.noiseAugStrength}, torch::kFloat32)
          .to(latents.device())
          .unsqueeze(0)
          .expand({2 * samples, 3});
  torch::Tensor out = models_.unet
                          ->forward(input.to(dtype), scheduler_.cNoise(step).to(latents.device(), dtype),
                                    context.to(dtype), timeIds.to(dtype))
                          .to(torch::kFloat32);
  auto halves = out.chunk(2, 0);
  torch::Tensor guided = halves[0] + settings_.guidanceScale * (halves[1] - halves[0]);
  return scheduler_.step(guided, step, latents).prevSample;
}

void VasPipeline::generate(const VasConditioning& conditioning, const std::vector<std::uint64_t>& seeds,
                           const VasFrameSink& sink, JobContext& context) {
  torch::NoGradGuard noGrad;
  const int64_t frames = conditioning.latents.size(0);
  const int64_t channels = models_.folder.vaeConfig().latentChannels;
  const int64_t h = settings_.height / vaeScale_, w = settings_.width / vaeScale_;
  const int64_t window = std::min(settings_.windowFrames, frames);
  const auto windows = windowStarts(frames, window, settings_.windowStride).size();
  for (size_t first = 0; first < seeds.size(); first += settings_.samplesPerBatch) {
    const size_t last = std::min(seeds.size(), first + static_cast<size_t>(settings_.samplesPerBatch));
    std::vector<torch::Tensor> noise;
    for (size_t k = first; k < last; ++k)
      noise.push_back(torch::randn({frames, channels, h, w}, cpuGenerator(seeds[k])) * scheduler_.initNoiseSigma());
    torch::Tensor latents = torch::stack(noise).to(models_.device.device);
    const std::string label = "diffusion: denoising sample " + std::to_string(first + 1) +
                              (last - first > 1 ? "-" + std::to_string(last) : "") + " of " +
                              std::to_string(seeds.size());
    bool timed = first > 0;
    WindowStep advance = [&](const torch::Tensor& x, int64_t start, int step) {
      const auto begin = std::chrono::steady_clock::now();
      torch::Tensor next = denoiseWindow(x, conditioning, start, step);
      if (!timed) warnIfSlow(secondsSince(begin), static_cast<int64_t>(windows), seeds.size());
      timed = true;
      return next;
    };
    latents = sampleInWindows(latents, settings_.steps, window, settings_.windowStride, advance, context, label);
    for (size_t k = first; k < last; ++k)
      decodeSample(latents[static_cast<int64_t>(k - first)], static_cast<int>(k), sink, context);
  }
}

void VasPipeline::decodeSample(const torch::Tensor& latents, int sample, const VasFrameSink& sink,
                               JobContext& context) {
  const int64_t frames = latents.size(0);
  const double scaling = models_.folder.vaeConfig().scalingFactor;
  for (int64_t begin = 0; begin < frames; begin += settings_.decodeChunk) {
    context.report(begin, frames, "diffusion: decoding sample " + std::to_string(sample + 1));
    const int64_t end = std::min(frames, begin + settings_.decodeChunk);
    torch::Tensor rgb = toRgb8(models_.vae->decode(latents.slice(0, begin, end) / scaling, end - begin));
    for (int64_t f = begin; f < end; ++f) sink(sample, f, rgb[f - begin]);
  }
}

void VasPipeline::warnIfSlow(double firstWindowSeconds, int64_t windowsPerSample, size_t samples) const {
  const double total = firstWindowSeconds * static_cast<double>(windowsPerSample) * settings_.steps *
                       static_cast<double>(samples) / static_cast<double>(settings_.samplesPerBatch);
  if (total < 600) return;
  char message[256];
  std::snprintf(message, sizeof message,
                "diffusion: one denoising step of one window took %.1f s on %s; this run needs about %.1f hours. "
                "Full-size models are meant for a GPU (a CUDA libtorch build, --device cuda).",
                firstWindowSeconds, models_.device.device.str().c_str(), total / 3600.0);
  nn::warn(message);
}

}  // namespace permanence::diffusion
