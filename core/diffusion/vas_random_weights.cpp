#include "diffusion/vas_random_weights.h"

#include <fstream>

#include "depth/depth_anything_v2.h"
#include "diffusion/autoencoder_kl_temporal_decoder.h"
#include "diffusion/clip_vision.h"
#include "diffusion/unet_spatio_temporal.h"
#include "nn/safetensors_writer.h"

namespace permanence::diffusion {
namespace {

void writeJson(const std::filesystem::path& path, const nlohmann::json& value) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << value.dump(2);
}

const nlohmann::json kTinyUnet = {{"_class_name", "UNetSpatioTemporalConditionModel"},
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

const nlohmann::json kTinyVae = {{"_class_name", "AutoencoderKLTemporalDecoder"},
                             {"in_channels", 3},
                             {"out_channels", 3},
                             {"down_block_types", {"DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D",
                                                   "DownEncoderBlock2D"}},
                             {"block_out_channels", {32, 32, 32, 32}},
                             {"layers_per_block", 1},
                             {"latent_channels", 4},
                             {"scaling_factor", 0.18215}};

const nlohmann::json kTinyClip = {{"hidden_size", 32},  {"intermediate_size", 64}, {"num_hidden_layers", 1},
                              {"num_attention_heads", 2}, {"image_size", 32}, {"patch_size", 8},
                              {"projection_dim", 16}, {"hidden_act", "gelu"}};

// stabilityai/stable-video-diffusion-img2vid-xt's configs (Diffusion-VAS fine-tunes it).
const nlohmann::json kFullUnet = {{"_class_name", "UNetSpatioTemporalConditionModel"},
                                  {"in_channels", 8},
                                  {"out_channels", 4},
                                  {"down_block_types",
                                   {"CrossAttnDownBlockSpatioTemporal", "CrossAttnDownBlockSpatioTemporal",
                                    "CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"}},
                                  {"up_block_types",
                                   {"UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal",
                                    "CrossAttnUpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"}},
                                  {"block_out_channels", {320, 640, 1280, 1280}},
                                  {"addition_time_embed_dim", 256},
                                  {"projection_class_embeddings_input_dim", 768},
                                  {"layers_per_block", 2},
                                  {"cross_attention_dim", 1024},
                                  {"transformer_layers_per_block", 1},
                                  {"num_attention_heads", {5, 10, 20, 20}},
                                  {"num_frames", 25}};

const nlohmann::json kFullVae = {{"_class_name", "AutoencoderKLTemporalDecoder"},
                                 {"in_channels", 3},
                                 {"out_channels", 3},
                                 {"down_block_types", {"DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D",
                                                       "DownEncoderBlock2D"}},
                                 {"block_out_channels", {128, 256, 512, 512}},
                                 {"layers_per_block", 2},
                                 {"latent_channels", 4},
                                 {"scaling_factor", 0.18215}};

const nlohmann::json kFullClip = {{"hidden_size", 1280},      {"intermediate_size", 5120}, {"num_hidden_layers", 32},
                                  {"num_attention_heads", 16}, {"image_size", 224},         {"patch_size", 14},
                                  {"projection_dim", 1024},    {"hidden_act", "gelu"}};

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
  nn::saveSafetensors(path.string(), nn::moduleStateDict(module));
}

}  // namespace

void writeRandomVasPipeline(const std::filesystem::path& folder, VasArchitecture architecture, std::uint64_t seed) {
  const bool tiny = architecture == VasArchitecture::Tiny;
  const nlohmann::json& unetJson = tiny ? kTinyUnet : kFullUnet;
  const nlohmann::json& vaeJson = tiny ? kTinyVae : kFullVae;
  const nlohmann::json& clipJson = tiny ? kTinyClip : kFullClip;
  torch::manual_seed(seed);
  writeJson(folder / "model_index.json", kModelIndex);
  writeJson(folder / "scheduler" / "scheduler_config.json", kScheduler);
  writeJson(folder / "feature_extractor" / "preprocessor_config.json", {{"crop_size", 224}});
  writeJson(folder / "unet" / "config.json", unetJson);
  writeJson(folder / "vae" / "config.json", vaeJson);
  writeJson(folder / "image_encoder" / "config.json", clipJson);

  UNetConfig unetConfig = UNetConfig::fromJson(unetJson, "unet config");
  unetConfig.extraInChannels = 3 * vaeJson["latent_channels"].get<int64_t>();
  UNetSpatioTemporalConditionModel unet(unetConfig);
  save(*unet, folder / "unet" / "diffusion_pytorch_model.safetensors");
  AutoencoderKLTemporalDecoder vae(VaeConfig::fromJson(vaeJson, "vae config"));
  save(*vae, folder / "vae" / "diffusion_pytorch_model.safetensors");
  CLIPVisionModelWithProjection clip(ClipVisionConfig::fromJson(clipJson, "image encoder config"));
  save(*clip, folder / "image_encoder" / "model.safetensors");
}

void writeRandomVasWeights(const std::filesystem::path& root, VasArchitecture architecture) {
  writeRandomVasPipeline(root / kAmodalPipelineFolder, architecture, 1);
  writeRandomVasPipeline(root / kContentPipelineFolder, architecture, 2);
  const bool tiny = architecture == VasArchitecture::Tiny;
  depth::DepthAnythingV2Config config = depth::DepthAnythingV2Config::forEncoder(tiny ? "vits" : "vitl");
  if (tiny) {
    config.backbone.embedDim = 64;
    config.backbone.numHeads = 1;
    config.features = 16;
    config.outChannels = {8, 16, 32, 32};
  }
  torch::manual_seed(3);
  depth::DepthAnythingV2 model(config);
  save(*model, root / (tiny ? "depth_anything_v2_vits.safetensors" : "depth_anything_v2_vitl.safetensors"));
}

VasSettings tinyVasSettings() {
  VasSettings settings;
  settings.height = 32;
  settings.width = 64;
  settings.steps = 3;
  settings.windowFrames = 4;
  settings.windowStride = 2;
  return settings;
}

}  // namespace permanence::diffusion
