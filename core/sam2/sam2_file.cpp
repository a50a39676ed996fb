#include "sam2/sam2_file.h"

#include <sstream>

#include "errors.h"
#include "nn/safetensors_file.h"
#include "nn/state_dict.h"

namespace permanence::sam2 {
namespace {

const std::string kTrunk = "image_encoder.trunk.";

const std::vector<int64_t>& shapeOf(const nn::SafetensorsFile& file, const std::string& name, size_t rank) {
  if (!file.contains(name)) throw InputError(file.path() + ": not a SAM 2.1 checkpoint (no '" + name + "')");
  const auto& shape = file.info(name).shape;
  if (shape.size() != rank)
    throw InputError(file.path() + ": tensor '" + name + "' has " + std::to_string(shape.size()) + " dimensions, not " +
                     std::to_string(rank));
  return shape;
}

int64_t countIndexed(const nn::SafetensorsFile& file, const std::string& prefix, const std::string& suffix) {
  int64_t n = 0;
  while (file.contains(prefix + std::to_string(n) + suffix)) ++n;
  return n;
}

std::string listText(const std::vector<int64_t>& values) {
  std::ostringstream out;
  for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "[") << values[i];
  out << "]";
  return out.str();
}

}  // namespace

Sam2Config sam2ConfigFromFile(const std::string& path, int64_t imageSize) {
  const auto file = nn::SafetensorsFile::open(path);
  const int64_t embedDim = shapeOf(file, kTrunk + "patch_embed.proj.weight", 4)[0];
  // A stage starts at each block that widens (and so has `proj`).
  const int64_t depth = countIndexed(file, kTrunk + "blocks.", ".norm1.weight");
  std::vector<int64_t> stages;
  int64_t stageStart = 0;
  for (int64_t i = 1; i <= depth; ++i)
    if (i == depth || file.contains(kTrunk + "blocks." + std::to_string(i) + ".proj.weight")) {
      stages.push_back(i - stageStart);
      stageStart = i;
    }
  Sam2Config config;
  bool published = false;
  for (const std::string& size : Sam2Config::sizeNames()) {
    Sam2Config candidate = Sam2Config::forSize(size);
    if (candidate.trunk.embedDim == embedDim && candidate.trunk.stages == stages) {
      config = candidate;
      published = true;
    }
  }
  if (!published)
    throw InputError(path + ": a Hiera trunk of width " + std::to_string(embedDim) + " with " + listText(stages) +
                     " blocks per stage is not a published SAM 2.1 size (tiny, small, base_plus, large)");
  config.hiddenDim = shapeOf(file, "image_encoder.neck.convs.0.conv.weight", 4)[0];
  config.memoryDim = shapeOf(file, "memory_encoder.out_proj.weight", 4)[0];
  config.numMaskMemories = shapeOf(file, "maskmem_tpos_enc", 4)[0];
  config.memoryAttentionLayers = countIndexed(file, "memory_attention.layers.", ".linear1.weight");
  config.memoryAttentionFeedForward = shapeOf(file, "memory_attention.layers.0.linear1.weight", 2)[0];
  config.imageSize = imageSize;
  if (imageSize <= 0 || imageSize % 32 != 0)
    throw InputError("SAM 2.1 image size " + std::to_string(imageSize) + " is not a positive multiple of 32");
  return config;
}

Sam2Model loadSam2(const std::string& path, torch::Device device, int64_t imageSize) {
  Sam2Model model(sam2ConfigFromFile(path, imageSize));
  nn::loadStateDict(*model, path, torch::kFloat32, device);
  model->eval();
  return model;
}

}  // namespace permanence::sam2
