#include "diffusion/vas_pipeline_folder.h"

#include <fstream>
#include <sstream>

#include "diffusion/euler_scheduler.h"
#include "errors.h"

namespace permanence::diffusion {
namespace {

const std::vector<int64_t>* findShape(const ComponentFolder& component, const std::string& name) {
  for (const auto& file : component.files())
    if (file.contains(name)) return &file.info(name).shape;
  return nullptr;
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
  return out.str() + "]";
}

// A tensor that fixes the architecture must exist with this shape (-1: any size).
void requireTensor(const ComponentFolder& component, const std::string& name, const std::vector<int64_t>& shape,
                   const std::string& why) {
  const auto* actual = findShape(component, name);
  const std::string where = component.folder().string();
  if (!actual) throw InputError(where + ": weights lack '" + name + "' (" + why + ")");
  bool same = actual->size() == shape.size();
  for (size_t i = 0; same && i < shape.size(); ++i) same = shape[i] < 0 || shape[i] == (*actual)[i];
  if (!same)
    throw InputError(where + ": '" + name + "' has shape " + shapeText(*actual) + ", expected " + shapeText(shape) +
                     " (" + why + "; -1 = any)");
}

void requireClass(const PipelineFolder& pipeline, const std::string& component, const std::string& expected) {
  const std::string actual = pipeline.className(component);
  if (actual != expected)
    throw InputError((pipeline.folder() / "model_index.json").string() + ": component '" + component + "' is " +
                     actual + ", expected " + expected);
}

// diffusers publishes full-precision weights, sometimes only an fp16 variant.
ComponentFolder openComponent(const PipelineFolder& pipeline, const std::string& name) {
  const auto folder = pipeline.folder() / name;
  const bool hasPlain = std::filesystem::exists(folder / "diffusion_pytorch_model.safetensors") ||
                        std::filesystem::exists(folder / "model.safetensors") ||
                        std::filesystem::exists(folder / "diffusion_pytorch_model.safetensors.index.json") ||
                        std::filesystem::exists(folder / "model.safetensors.index.json");
  return pipeline.component(name, hasPlain ? "" : "fp16");
}

nlohmann::json readScheduler(const std::filesystem::path& folder) {
  const auto path = folder / "scheduler" / "scheduler_config.json";
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": missing or unreadable");
  try {
    nlohmann::json config = nlohmann::json::parse(in);
    EulerScheduler(config, path.string());  // refuses what the sampler does not implement
    return config;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string() + ": invalid JSON (" + e.what() + ")");
  }
}

}  // namespace

VasPipelineFolder VasPipelineFolder::open(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder))
    throw InputError(folder.string() + ": not a folder (expected a Diffusion-VAS pipeline folder)");
  const PipelineFolder pipeline = PipelineFolder::open(folder);
  requireClass(pipeline, "unet", "UNetSpatioTemporalConditionModel");
  requireClass(pipeline, "vae", "AutoencoderKLTemporalDecoder");
  requireClass(pipeline, "image_encoder", "CLIPVisionModelWithProjection");
  requireClass(pipeline, "scheduler", "EulerDiscreteScheduler");

  VasPipelineFolder out;
  out.folder_ = folder;
  out.unet_ = openComponent(pipeline, "unet");
  out.vae_ = openComponent(pipeline, "vae");
  out.imageEncoder_ = openComponent(pipeline, "image_encoder");
  out.schedulerConfig_ = readScheduler(folder);
  out.unetConfig_ = UNetConfig::fromJson(out.unet_.config(), (folder / "unet" / "config.json").string());
  out.vaeConfig_ = VaeConfig::fromJson(out.vae_.config(), (folder / "vae" / "config.json").string());
  out.clipConfig_ = ClipVisionConfig::fromJson(out.imageEncoder_.config(),
                                               (folder / "image_encoder" / "config.json").string());

  const UNetConfig& u = out.unetConfig_;
  const int64_t latent = out.vaeConfig_.latentChannels;
  const int64_t c0 = u.blockOutChannels[0];
  requireTensor(out.unet_, "conv_in2.weight", {c0, 3 * latent, 3, 3},
                "Diffusion-VAS input conv: noisy latent + two condition latents");
  out.unetConfig_.extraInChannels = 3 * latent;
  requireTensor(out.unet_, "conv_out.weight", {latent, c0, 3, 3}, "the UNet must predict VAE latents");
  requireTensor(out.unet_, "add_embedding.linear_1.weight", {-1, 3 * u.additionTimeEmbedDim},
                "three added time ids (fps, motion bucket, noise augmentation)");
  for (int64_t dim : u.crossAttentionDim)
    if (dim != out.clipConfig_.projectionDim)
      throw InputError(folder.string() + ": unet cross_attention_dim " + std::to_string(dim) +
                       " differs from image_encoder projection_dim " + std::to_string(out.clipConfig_.projectionDim));
  requireTensor(out.vae_, "quant_conv.weight", {2 * latent, 2 * latent, 1, 1}, "VAE latent channels");
  requireTensor(out.vae_, "encoder.conv_in.weight", {out.vaeConfig_.blockOutChannels[0], 3, 3, 3}, "RGB encoder");
  requireTensor(out.imageEncoder_, "visual_projection.weight",
                {out.clipConfig_.projectionDim, out.clipConfig_.hiddenSize}, "CLIP image projection");
  return out;
}

int64_t VasPipelineFolder::unetParameterCount() const {
  int64_t count = 0;
  for (const auto& file : unet_.files())
    for (const auto& name : file.names()) {
      int64_t n = 1;
      for (int64_t d : file.info(name).shape) n *= d;
      count += n;
    }
  return count;
}

}  // namespace permanence::diffusion
