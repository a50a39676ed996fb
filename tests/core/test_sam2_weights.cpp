// SAM 2.1 checkpoints: the published sizes' architectures, their inference from a
// file's shapes, and loading by the official names with clear refusals.
#include <gtest/gtest.h>

#include "diffusion_golden.h"
#include "errors.h"
#include "nn/safetensors_writer.h"
#include "sam2/sam2_file.h"
#include "test_paths.h"

namespace permanence::sam2 {
namespace {

int64_t tensorCount(torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  for (const auto& b : module.buffers()) n += b.numel();
  return n;
}

// Expects `action` to throw an InputError whose message holds every fragment.
template <typename F>
void expectInputError(F action, const std::vector<std::string>& fragments) {
  try {
    action();
    FAIL() << "no error";
  } catch (const InputError& e) {
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
}

TEST(Sam2Sizes, ParameterCountsAreTheReferences) {
  // facebookresearch/sam2 @ 2b90b9f built from configs/sam2.1/*.yaml: parameters plus
  // the prompt encoder's 256-value random-frequency buffer.
  for (auto [size, count] : {std::pair{"tiny", 38962498 + 256}, {"small", 46060354 + 256}, {"base_plus", 80850178 + 256}}) {
    Sam2Model model(Sam2Config::forSize(size));
    EXPECT_EQ(tensorCount(*model), count) << size;
  }
  EXPECT_THROW(Sam2Config::forSize("huge"), std::invalid_argument);
}

// A file holding just the tensors sam2ConfigFromFile reads, with a size's shapes.
void writeShapeProbe(const std::string& path, const Sam2Config& c) {
  nn::TensorMap t;
  const std::string trunk = "image_encoder.trunk.";
  t[trunk + "patch_embed.proj.weight"] = torch::zeros({c.trunk.embedDim, 3, 7, 7});
  int64_t block = 0, dim = c.trunk.embedDim;
  for (size_t stage = 0; stage < c.trunk.stages.size(); ++stage)
    for (int64_t i = 0; i < c.trunk.stages[stage]; ++i, ++block) {
      const int64_t dimOut = c.trunk.embedDim << stage;
      if (dimOut != dim) t[trunk + "blocks." + std::to_string(block) + ".proj.weight"] = torch::zeros({dimOut, dim});
      t[trunk + "blocks." + std::to_string(block) + ".norm1.weight"] = torch::zeros({dim});
      dim = dimOut;
    }
  t["image_encoder.neck.convs.0.conv.weight"] = torch::zeros({c.hiddenDim, dim, 1, 1});
  t["memory_encoder.out_proj.weight"] = torch::zeros({c.memoryDim, c.hiddenDim, 1, 1});
  t["maskmem_tpos_enc"] = torch::zeros({c.numMaskMemories, 1, 1, c.memoryDim});
  for (int64_t i = 0; i < c.memoryAttentionLayers; ++i)
    t["memory_attention.layers." + std::to_string(i) + ".linear1.weight"] =
        torch::zeros({c.memoryAttentionFeedForward, c.hiddenDim});
  nn::saveSafetensors(path, t);
}

TEST(Sam2Sizes, InferredFromTheShapes) {
  test::TempDir dir;
  for (const std::string& size : Sam2Config::sizeNames()) {
    const Sam2Config published = Sam2Config::forSize(size);
    writeShapeProbe(dir / (size + ".safetensors"), published);
    const Sam2Config c = sam2ConfigFromFile(dir / (size + ".safetensors"), 512);
    EXPECT_EQ(c.name, size);
    EXPECT_EQ(c.trunk.embedDim, published.trunk.embedDim) << size;
    EXPECT_EQ(c.trunk.stages, published.trunk.stages) << size;
    EXPECT_EQ(c.trunk.numHeads, published.trunk.numHeads) << size;
    EXPECT_EQ(c.trunk.globalAttentionBlocks, published.trunk.globalAttentionBlocks) << size;
    EXPECT_EQ(c.trunk.windowSpec, published.trunk.windowSpec) << size;
    EXPECT_EQ(c.hiddenDim, 256);
    EXPECT_EQ(c.memoryDim, 64);
    EXPECT_EQ(c.memoryAttentionLayers, 4);
    EXPECT_EQ(c.memoryAttentionFeedForward, 2048);
    EXPECT_EQ(c.imageSize, 512);
  }
  expectInputError([&] { sam2ConfigFromFile(dir / "tiny.safetensors", 500); }, {"image size 500", "multiple of 32"});
}

TEST(Sam2Sizes, OtherFilesAreRefusedByName) {
  // The golden model is a reduced trunk: not one of the published sizes.
  const std::string golden = (test::goldenDir() / "sam2.weights.safetensors").string();
  expectInputError([&] { sam2ConfigFromFile(golden); }, {golden, "width 16", "[1, 2, 3, 1]", "not a published SAM 2.1 size"});
  const std::string depth = (test::goldenDir() / "depth_anything_v2.weights.safetensors").string();
  expectInputError([&] { loadSam2(depth); }, {depth, "not a SAM 2.1 checkpoint", "image_encoder.trunk.patch_embed.proj.weight"});
}

TEST(Sam2Weights, TinyLoadsByTheOfficialNamesAndWrongKeysAreNamed) {
  test::TempDir dir;
  torch::manual_seed(5);
  Sam2Model source(Sam2Config::forSize("tiny"));
  nn::TensorMap state = nn::moduleStateDict(*source);
  nn::saveSafetensors(dir / "tiny.safetensors", state);
  Sam2Model loaded = loadSam2(dir / "tiny.safetensors");
  EXPECT_EQ(loaded->config.name, "tiny");
  EXPECT_TRUE(torch::equal(loaded->image_encoder->trunk->pos_embed, source->image_encoder->trunk->pos_embed));
  EXPECT_TRUE(torch::equal(loaded->memory_attention->norm->weight, source->memory_attention->norm->weight));
  EXPECT_FALSE(loaded->is_training());

  state.erase("no_obj_ptr");
  state["no_mem_embed"] = torch::zeros({1, 1, 128});
  nn::saveSafetensors(dir / "broken.safetensors", state);
  expectInputError([&] { loadSam2(dir / "broken.safetensors"); },
                   {dir / "broken.safetensors", "missing keys: no_obj_ptr", "no_mem_embed (file [1, 1, 128], module [1, 1, 256])"});
}

}  // namespace
}  // namespace permanence::sam2
