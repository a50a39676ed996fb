#include "tiny_vas_weights.h"

#include <fstream>

#include "depth/depth_anything_v2.h"
#include "diffusion/autoencoder_kl_temporal_decoder.h"
#include "diffusion/clip_vision.h"
#include "diffusion/diffusion_backend_config.h"
#include "diffusion/safetensors_writer.h"
#include "diffusion/unet_spatio_temporal.h"

namespace permanence::test {
namespace {

void writeJson(const std::filesystem::path& path, const nlohmann::json& value) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << value.dump(2);
}

const nlohmann::json kUnet = {{"_class_name", "UNetSpatioTemporalConditionModel"},
                              {"in_channels", 8},
                              {"out_channels", 4},
                              {"down_block_types", {"CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"}},
                              {"up_block_types", {"UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"}},
                              {"block_out_channels", {32, 64}},
                              {"addition_time_embed_dim", 8},
                              {"projection_class_embeddings_input_dim", 24},
                              {"layers_per_block", 1},
                              {"cross_attention_dim", 16},
                              {"transformer_layers_per_block", 1},
                              {"num_attention_heads", {2, 4}},
                              {"num_frames", 25}};

const nlohmann::json kVae = {{"_class_name", "AutoencoderKLTemporalDecoder"},
                             {"in_channels", 3},
                             {"out_channels", 3},
                             {"down_block_types", {"DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D",
                                                   "DownEncoderBlock2D"}},
                             {"block_out_channels", {32, 32, 32, 32}},
                             {"layers_per_block", 1},
                             {"latent_channels", 4},
                             {"scaling_factor", 0.18215}};

const nlohmann::json kClip = {{"hidden_size", 32},  {"intermediate_size", 64}, {"num_hidden_layers", 1},
                              {"num_attention_heads", 2}, {"image_size", 32}, {"patch_size", 8},
                              {"projection_dim", 16}, {"hidden_act", "gelu"}};

const nlohmann::json kScheduler = {{"_class_name", "EulerDiscreteScheduler"},
                                   {"beta_end", 0.012},
                                   {"beta_schedule", "scaled_linear"},
                                   {"beta_start", 0.00085},
                                   {"interpolation_type", "linear"},
                                   {"num_train_timesteps", 1000},
                                   {"prediction_type", "v_prediction"},
                                   {"sigma_max", 700.0},
                                   {"sigma_min", 0.002},
                                   {"steps_offset", 1},
                                   {"timestep_spacing", "leading"},
                                   {"timestep_type", "continuous"},
                                   {"use_karras_sigmas", true}};

const nlohmann::json kModelIndex = {{"_class_name", "DiffusionVASPipeline"},
                                    {"feature_extractor", {"transformers", "CLIPImageProcessor"}},
                                    {"image_encoder", {"transformers", "CLIPVisionModelWithProjection"}},
                                    {"scheduler", {"diffusers", "EulerDiscreteScheduler"}},
                                    {"unet", {"diffusers", "UNetSpatioTemporalConditionModel"}},
                                    {"vae", {"diffusers", "AutoencoderKLTemporalDecoder"}}};

void save(torch::nn::Module& module, const std::filesystem::path& path) {
  diffusion::saveSafetensors(path.string(), diffusion::moduleStateDict(module));
}

}  // namespace

void writeTinyVasPipeline(const std::filesystem::path& folder, std::uint64_t seed) {
  torch::manual_seed(seed);
  writeJson(folder / "model_index.json", kModelIndex);
  writeJson(folder / "scheduler" / "scheduler_config.json", kScheduler);
  writeJson(folder / "feature_extractor" / "preprocessor_config.json", {{"crop_size", 224}});
  writeJson(folder / "unet" / "config.json", kUnet);
  writeJson(folder / "vae" / "config.json", kVae);
  writeJson(folder / "image_encoder" / "config.json", kClip);

  diffusion::UNetConfig unetConfig = diffusion::UNetConfig::fromJson(kUnet, "tiny unet");
  unetConfig.extraInChannels = 12;
  diffusion::UNetSpatioTemporalConditionModel unet(unetConfig);
  save(*unet, folder / "unet" / "diffusion_pytorch_model.safetensors");
  diffusion::AutoencoderKLTemporalDecoder vae(diffusion::VaeConfig::fromJson(kVae, "tiny vae"));
  save(*vae, folder / "vae" / "diffusion_pytorch_model.safetensors");
  diffusion::CLIPVisionModelWithProjection clip(diffusion::ClipVisionConfig::fromJson(kClip, "tiny clip"));
  save(*clip, folder / "image_encoder" / "model.safetensors");
}

void writeTinyVasWeights(const std::filesystem::path& root) {
  writeTinyVasPipeline(root / diffusion::kAmodalPipelineFolder, 1);
  writeTinyVasPipeline(root / diffusion::kContentPipelineFolder, 2);
  depth::DepthAnythingV2Config config = depth::DepthAnythingV2Config::forEncoder("vits");
  config.backbone.embedDim = 64;
  config.backbone.numHeads = 1;
  config.features = 16;
  config.outChannels = {8, 16, 32, 32};
  torch::manual_seed(3);
  depth::DepthAnythingV2 model(config);
  save(*model, root / "depth_anything_v2_vits.safetensors");
}

diffusion::VasSettings tinyVasSettings() {
  diffusion::VasSettings settings;
  settings.height = 32;
  settings.width = 64;
  settings.steps = 3;
  settings.windowFrames = 4;
  settings.windowStride = 2;
  return settings;
}

}  // namespace permanence::test
