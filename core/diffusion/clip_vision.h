#pragma once
// CLIPVisionModelWithProjection (transformers, SVD's image encoder) with the reference
// parameter names, configured from its config.json, plus SVD's CLIP preprocessing.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>

namespace permanence::diffusion {

struct ClipVisionConfig {
  int64_t hiddenSize = 1280, intermediateSize = 5120, numHiddenLayers = 32, numAttentionHeads = 16;
  int64_t imageSize = 224, patchSize = 14, projectionDim = 1024, numChannels = 3;
  double layerNormEps = 1e-5;
  std::string hiddenAct = "gelu";  // "gelu" (exact erf) or "quick_gelu"

  // Reads transformers' CLIPVisionConfig fields (a bare vision config, or a CLIPConfig's
  // "vision_config"); refuses an unknown hidden_act by name.
  static ClipVisionConfig fromJson(const nlohmann::json& config, const std::string& source);
};

struct ClipVisionEmbeddingsImpl : torch::nn::Module {
  explicit ClipVisionEmbeddingsImpl(const ClipVisionConfig& config);
  torch::Tensor forward(const torch::Tensor& pixelValues);

  torch::Tensor class_embedding;
  torch::nn::Conv2d patch_embedding{nullptr};
  torch::nn::Embedding position_embedding{nullptr};
};
TORCH_MODULE(ClipVisionEmbeddings);

struct ClipAttentionImpl : torch::nn::Module {
  explicit ClipAttentionImpl(const ClipVisionConfig& config);
  torch::Tensor forward(const torch::Tensor& x);

  int64_t heads;
  torch::nn::Linear k_proj{nullptr}, v_proj{nullptr}, q_proj{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(ClipAttention);

struct ClipMlpImpl : torch::nn::Module {
  explicit ClipMlpImpl(const ClipVisionConfig& config);
  torch::Tensor forward(const torch::Tensor& x);

  bool quickGelu;
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(ClipMlp);

// Pre-norm transformer layer.
struct ClipEncoderLayerImpl : torch::nn::Module {
  explicit ClipEncoderLayerImpl(const ClipVisionConfig& config);
  torch::Tensor forward(const torch::Tensor& x);

  ClipAttention self_attn{nullptr};
  torch::nn::LayerNorm layer_norm1{nullptr}, layer_norm2{nullptr};
  ClipMlp mlp{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

struct ClipEncoderImpl : torch::nn::Module {
  explicit ClipEncoderImpl(const ClipVisionConfig& config);
  torch::nn::ModuleList layers;
};
TORCH_MODULE(ClipEncoder);

struct ClipVisionTransformerImpl : torch::nn::Module {
  explicit ClipVisionTransformerImpl(const ClipVisionConfig& config);

  ClipVisionEmbeddings embeddings{nullptr};
  torch::nn::LayerNorm pre_layrnorm{nullptr};  // sic: transformers' name
  ClipEncoder encoder{nullptr};
  torch::nn::LayerNorm post_layernorm{nullptr};
};
TORCH_MODULE(ClipVisionTransformer);

struct ClipVisionOutput {
  torch::Tensor imageEmbeds;      // (batch, projectionDim)
  torch::Tensor lastHiddenState;  // (batch, 1 + patches, hidden), before post_layernorm
};

struct CLIPVisionModelWithProjectionImpl : torch::nn::Module {
  explicit CLIPVisionModelWithProjectionImpl(const ClipVisionConfig& config);

  // pixelValues (batch, 3, imageSize, imageSize), already CLIP-normalised.
  ClipVisionOutput forward(const torch::Tensor& pixelValues);

  ClipVisionConfig config;
  ClipVisionTransformer vision_model{nullptr};
  torch::nn::Linear visual_projection{nullptr};
};
TORCH_MODULE(CLIPVisionModelWithProjection);

// SVD pipeline's image-encoder input: images (batch, 3, H, W) in [-1, 1] are blurred
// and bicubically resized to size x size (diffusers' _resize_with_antialiasing:
// Gaussian anti-alias filter, then bicubic with align_corners), mapped to [0, 1] and
// normalised with CLIP's mean/std.
torch::Tensor clipPreprocess(const torch::Tensor& images, int64_t size = 224);

}  // namespace permanence::diffusion

namespace permanence::diffusion {

// Strict load of a CLIPVisionModelWithProjection safetensors file; a
// `vision_model.embeddings.position_ids` entry (a buffer older checkpoints carry) is ignored.
void loadClipVisionWeights(CLIPVisionModelWithProjectionImpl& model, const std::string& safetensorsPath);

}  // namespace permanence::diffusion
