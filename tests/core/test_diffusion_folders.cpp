// The diffusers folder layouts: a component folder (config + one file, a variant or
// shards) and a pipeline folder (model_index.json naming its components).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "diffusion/diffusers_folder.h"
#include "errors.h"
#include "safetensors_test_files.h"
#include "test_paths.h"

namespace permanence::diffusion {
namespace {

using test::paramsOf;
using test::TwoLayers;
using test::writeSafetensorsAs;

void writeConfig(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "config.json") << R"({"_class_name": "TwoLayers"})";
}

TEST(ComponentFolder, ReadsSingleFileVariantAndShards) {
  test::TempDir dir;
  TwoLayers source;
  auto params = paramsOf(source);

  writeConfig(dir.path() / "single");
  writeSafetensorsAs(dir / "single/diffusion_pytorch_model.safetensors", params);
  writeConfig(dir.path() / "half");
  writeSafetensorsAs(dir / "half/model.fp16.safetensors", params, "F16");
  writeConfig(dir.path() / "sharded");
  writeSafetensorsAs(dir / "sharded/diffusion_pytorch_model-00001-of-00002.safetensors", {params[0], params[1]});
  writeSafetensorsAs(dir / "sharded/diffusion_pytorch_model-00002-of-00002.safetensors", {params[2], params[3]});
  nlohmann::json index = {{"metadata", {{"total_size", 0}}}, {"weight_map", nlohmann::json::object()}};
  for (size_t i = 0; i < params.size(); ++i)
    index["weight_map"][params[i].first] = i < 2 ? "diffusion_pytorch_model-00001-of-00002.safetensors"
                                                 : "diffusion_pytorch_model-00002-of-00002.safetensors";
  std::ofstream(dir / "sharded/diffusion_pytorch_model.safetensors.index.json") << index.dump();

  for (auto [name, variant] : {std::pair{"single", ""}, {"half", "fp16"}, {"sharded", ""}}) {
    auto folder = ComponentFolder::open(dir.path() / name, variant);
    EXPECT_EQ(folder.config()["_class_name"], "TwoLayers");
    TwoLayers target;
    folder.load(target);
    EXPECT_TRUE(torch::allclose(target.a->weight, source.a->weight, 1e-3, 1e-3)) << name;
  }
  EXPECT_THROW(ComponentFolder::open(dir.path() / "single", "fp16"), InputError);
}

TEST(ComponentFolder, SaysWhatIsMissing) {
  test::TempDir dir;
  writeConfig(dir.path() / "empty");
  try {
    ComponentFolder::open(dir.path() / "empty");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("diffusion_pytorch_model.safetensors"), std::string::npos) << e.what();
  }
  std::filesystem::create_directories(dir.path() / "noconfig");
  EXPECT_THROW(ComponentFolder::open(dir.path() / "noconfig"), InputError);

  writeConfig(dir.path() / "sharded");
  std::ofstream(dir / "sharded/diffusion_pytorch_model.safetensors.index.json")
      << R"({"weight_map": {"a.weight": "part-1.safetensors"}})";
  try {
    ComponentFolder::open(dir.path() / "sharded");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("shard part-1.safetensors is missing"), std::string::npos) << e.what();
  }
}

TEST(PipelineFolder, ListsComponentsAndNamesMissingFolders) {
  test::TempDir dir;
  std::ofstream(dir / "model_index.json") << R"({"_class_name": "StableVideoDiffusionPipeline",
      "unet": ["diffusers", "UNetSpatioTemporalConditionModel"], "vae": ["diffusers", "AutoencoderKLTemporalDecoder"]})";
  writeConfig(dir.path() / "unet");
  try {
    PipelineFolder::open(dir.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("missing: vae"), std::string::npos) << e.what();
  }
  writeConfig(dir.path() / "vae");
  auto pipeline = PipelineFolder::open(dir.path());
  EXPECT_EQ(pipeline.componentNames(), (std::vector<std::string>{"unet", "vae"}));
  EXPECT_EQ(pipeline.className("unet"), "UNetSpatioTemporalConditionModel");
  EXPECT_THROW(pipeline.component("unet"), InputError);  // config but no weights
}

}  // namespace
}  // namespace permanence::diffusion
