#include "depth/depth_anything_file.h"

#include "errors.h"
#include "nn/safetensors_file.h"
#include "nn/state_dict.h"

namespace permanence::depth {
namespace {

const std::vector<int64_t>& shapeOf(const nn::SafetensorsFile& file, const std::string& name) {
  if (!file.contains(name))
    throw InputError(file.path() + ": not a Depth Anything V2 checkpoint (no '" + name + "')");
  return file.info(name).shape;
}

}  // namespace

DepthAnythingV2Config depthConfigFromFile(const std::string& safetensorsPath) {
  const auto file = nn::SafetensorsFile::open(safetensorsPath);
  DepthAnythingV2Config c = DepthAnythingV2Config::forEncoder("vits");
  const auto& cls = shapeOf(file, "pretrained.cls_token");
  if (cls.size() != 3 || cls[2] % 64 != 0)
    throw InputError(safetensorsPath + ": pretrained.cls_token must be [1, 1, 64k]");
  c.backbone.embedDim = cls[2];
  c.backbone.numHeads = cls[2] / 64;
  int64_t blocks = 0;
  while (file.contains("pretrained.blocks." + std::to_string(blocks) + ".norm1.weight")) ++blocks;
  c.backbone.depth = blocks;
  if (blocks == 12) c.intermediateLayers = {2, 5, 8, 11};
  else if (blocks == 24) c.intermediateLayers = {4, 11, 17, 23};
  else throw InputError(safetensorsPath + ": " + std::to_string(blocks) + " backbone blocks (expected 12 or 24)");
  for (int i = 0; i < 4; ++i) c.outChannels[i] = shapeOf(file, "depth_head.projects." + std::to_string(i) + ".weight")[0];
  c.features = shapeOf(file, "depth_head.scratch.layer1_rn.weight")[0];
  return c;
}

DepthAnythingV2 loadDepthAnything(const std::string& safetensorsPath, torch::Device device) {
  DepthAnythingV2 model(depthConfigFromFile(safetensorsPath));
  nn::loadStateDict(*model, safetensorsPath, torch::kFloat32, device);
  model->eval();
  return model;
}

}  // namespace permanence::depth
