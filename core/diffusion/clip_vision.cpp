#include "diffusion/clip_vision.h"

#include <cmath>
#include <stdexcept>

#include "nn/attention.h"
#include "nn/state_dict.h"

namespace permanence::diffusion {
namespace {

torch::nn::LayerNorm layerNorm(const ClipVisionConfig& c) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps));
}

// 1-D Gaussian of `size` taps, normalised to sum 1 (kornia's get_gaussian_kernel1d).
torch::Tensor gaussianKernel(int64_t size, double sigma, const torch::TensorOptions& options) {
  torch::Tensor x = torch::arange(size, options) - static_cast<double>(size / 2);
  if (size % 2 == 0) x = x + 0.5;
  torch::Tensor g = torch::exp(-x.pow(2) / (2.0 * sigma * sigma));
  return g / g.sum();
}

// Depthwise convolution with reflect padding, as kornia's filter2d.
torch::Tensor filterReflect(const torch::Tensor& images, const torch::Tensor& kernel2d) {
  const int64_t kh = kernel2d.size(0), kw = kernel2d.size(1), channels = images.size(1);
  torch::Tensor padded = torch::nn::functional::pad(
      images, torch::nn::functional::PadFuncOptions({(kw - 1) / 2, kw - 1 - (kw - 1) / 2, (kh - 1) / 2,
                                                     kh - 1 - (kh - 1) / 2})
                  .mode(torch::kReflect));
  torch::Tensor weight = kernel2d.expand({channels, 1, kh, kw}).contiguous();
  return torch::nn::functional::conv2d(padded, weight, torch::nn::functional::Conv2dFuncOptions().groups(channels));
}

// Kernel size from diffusers: int(max(4 sigma, 3)), made odd.
int64_t blurKernelSize(double sigma) {
  auto size = static_cast<int64_t>(std::max(4.0 * sigma, 3.0));
  return size % 2 == 0 ? size + 1 : size;
}

}  // namespace

ClipVisionConfig ClipVisionConfig::fromJson(const nlohmann::json& json, const std::string& source) {
  const nlohmann::json& j = json.contains("vision_config") ? json["vision_config"] : json;
  ClipVisionConfig c;
  try {
    c.hiddenSize = j.value("hidden_size", c.hiddenSize);
    c.intermediateSize = j.value("intermediate_size", c.intermediateSize);
    c.numHiddenLayers = j.value("num_hidden_layers", c.numHiddenLayers);
    c.numAttentionHeads = j.value("num_attention_heads", c.numAttentionHeads);
    c.imageSize = j.value("image_size", c.imageSize);
    c.patchSize = j.value("patch_size", c.patchSize);
    c.projectionDim = j.value("projection_dim", c.projectionDim);
    c.numChannels = j.value("num_channels", c.numChannels);
    c.layerNormEps = j.value("layer_norm_eps", c.layerNormEps);
    c.hiddenAct = j.value("hidden_act", c.hiddenAct);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(source + ": bad CLIP vision config field: " + e.what());
  }
  if (c.hiddenAct != "gelu" && c.hiddenAct != "quick_gelu")
    throw std::runtime_error(source + ": unsupported CLIP hidden_act '" + c.hiddenAct + "'");
  if (c.hiddenSize % c.numAttentionHeads != 0)
    throw std::runtime_error(source + ": hidden_size is not a multiple of num_attention_heads");
  return c;
}

ClipVisionEmbeddingsImpl::ClipVisionEmbeddingsImpl(const ClipVisionConfig& c) {
  class_embedding = register_parameter("class_embedding", torch::randn({c.hiddenSize}));
  patch_embedding = register_module(
      "patch_embedding",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(c.numChannels, c.hiddenSize, c.patchSize).stride(c.patchSize).bias(false)));
  const int64_t positions = (c.imageSize / c.patchSize) * (c.imageSize / c.patchSize) + 1;
  position_embedding = register_module("position_embedding", torch::nn::Embedding(positions, c.hiddenSize));
}

torch::Tensor ClipVisionEmbeddingsImpl::forward(const torch::Tensor& pixelValues) {
  torch::Tensor patches = patch_embedding(pixelValues).flatten(2).transpose(1, 2);
  torch::Tensor cls = class_embedding.expand({pixelValues.size(0), 1, -1});
  return torch::cat({cls, patches}, 1) + position_embedding->weight.unsqueeze(0);
}

ClipAttentionImpl::ClipAttentionImpl(const ClipVisionConfig& c) : heads(c.numAttentionHeads) {
  k_proj = register_module("k_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
  v_proj = register_module("v_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
  q_proj = register_module("q_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
  out_proj = register_module("out_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x) {
  torch::Tensor out =
      nn::attention(nn::splitHeads(q_proj(x), heads), nn::splitHeads(k_proj(x), heads), nn::splitHeads(v_proj(x), heads));
  return out_proj(nn::mergeHeads(out, heads));
}

ClipMlpImpl::ClipMlpImpl(const ClipVisionConfig& c) : quickGelu(c.hiddenAct == "quick_gelu") {
  fc1 = register_module("fc1", torch::nn::Linear(c.hiddenSize, c.intermediateSize));
  fc2 = register_module("fc2", torch::nn::Linear(c.intermediateSize, c.hiddenSize));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = fc1(x);
  h = quickGelu ? h * torch::sigmoid(1.702 * h) : torch::gelu(h);
  return fc2(h);
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipVisionConfig& c) {
  self_attn = register_module("self_attn", ClipAttention(c));
  layer_norm1 = register_module("layer_norm1", layerNorm(c));
  mlp = register_module("mlp", ClipMlp(c));
  layer_norm2 = register_module("layer_norm2", layerNorm(c));
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = x + self_attn(layer_norm1(x));
  return h + mlp(layer_norm2(h));
}

ClipEncoderImpl::ClipEncoderImpl(const ClipVisionConfig& c) {
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < c.numHiddenLayers; ++i) layers->push_back(ClipEncoderLayer(c));
}

ClipVisionTransformerImpl::ClipVisionTransformerImpl(const ClipVisionConfig& c) {
  embeddings = register_module("embeddings", ClipVisionEmbeddings(c));
  pre_layrnorm = register_module("pre_layrnorm", layerNorm(c));
  encoder = register_module("encoder", ClipEncoder(c));
  post_layernorm = register_module("post_layernorm", layerNorm(c));
}

CLIPVisionModelWithProjectionImpl::CLIPVisionModelWithProjectionImpl(const ClipVisionConfig& c) : config(c) {
  vision_model = register_module("vision_model", ClipVisionTransformer(c));
  visual_projection = register_module(
      "visual_projection", torch::nn::Linear(torch::nn::LinearOptions(c.hiddenSize, c.projectionDim).bias(false)));
}

ClipVisionOutput CLIPVisionModelWithProjectionImpl::forward(const torch::Tensor& pixelValues) {
  if (pixelValues.dim() != 4 || pixelValues.size(1) != config.numChannels || pixelValues.size(2) != config.imageSize ||
      pixelValues.size(3) != config.imageSize)
    throw std::invalid_argument("CLIP vision: expected pixel values (batch, " + std::to_string(config.numChannels) +
                                ", " + std::to_string(config.imageSize) + ", " + std::to_string(config.imageSize) +
                                ")");
  torch::Tensor h = vision_model->pre_layrnorm(vision_model->embeddings(pixelValues));
  for (const auto& layer : *vision_model->encoder->layers) h = layer->as<ClipEncoderLayer>()->forward(h);
  torch::Tensor pooled = vision_model->post_layernorm(h.select(1, 0));
  return {visual_projection(pooled), h};
}

torch::Tensor clipPreprocess(const torch::Tensor& images, int64_t size) {
  const double sigmaY = std::max((static_cast<double>(images.size(2)) / size - 1.0) / 2.0, 0.001);
  const double sigmaX = std::max((static_cast<double>(images.size(3)) / size - 1.0) / 2.0, 0.001);
  auto options = images.options();
  torch::Tensor blurred = filterReflect(images, gaussianKernel(blurKernelSize(sigmaX), sigmaX, options).unsqueeze(0));
  blurred = filterReflect(blurred, gaussianKernel(blurKernelSize(sigmaY), sigmaY, options).unsqueeze(1));
  torch::Tensor resized = torch::nn::functional::interpolate(
      blurred, torch::nn::functional::InterpolateFuncOptions()
                   .size(std::vector<int64_t>{size, size})
                   .mode(torch::kBicubic)
                   .align_corners(true));
  torch::Tensor mean = torch::tensor({0.48145466, 0.4578275, 0.40821073}, options).view({1, 3, 1, 1});
  torch::Tensor std = torch::tensor({0.26862954, 0.26130258, 0.27577711}, options).view({1, 3, 1, 1});
  return ((resized + 1.0) / 2.0 - mean) / std;
}

void loadClipVisionWeights(CLIPVisionModelWithProjectionImpl& model, const std::string& safetensorsPath) {
  nn::TensorMap tensors = nn::loadAllTensors(safetensorsPath);
  tensors.erase("vision_model.embeddings.position_ids");
  nn::loadStateDict(model, tensors, safetensorsPath);
}

}  // namespace permanence::diffusion
