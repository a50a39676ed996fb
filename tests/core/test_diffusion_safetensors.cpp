// The safetensors reader, strict state-dict loading, diffusers folders and attention.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "diffusion/attention.h"
#include "diffusion/safetensors.h"
#include "diffusion/state_dict.h"
#include "errors.h"
#include "test_paths.h"

namespace permanence::diffusion {
namespace {

// Writes a safetensors file from a header text and a data area, byte for byte.
void writeRaw(const std::string& path, const std::string& header, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xff));
  out << header << data;
}

std::string bytesOf(const torch::Tensor& t) {
  torch::Tensor c = t.contiguous();
  return std::string(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
}

// A well-formed file holding the given float32 tensors.
void writeTensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                  const std::string& dtype = "F32") {
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  std::string data;
  for (const auto& [name, t] : tensors) {
    torch::Tensor cast = t.to(dtype == "F32" ? torch::kFloat32 : dtype == "F16" ? torch::kFloat16 : torch::kBFloat16);
    std::string bytes = bytesOf(cast);
    header[name] = {{"dtype", dtype}, {"shape", t.sizes().vec()}, {"data_offsets", {data.size(), data.size() + bytes.size()}}};
    data += bytes;
  }
  writeRaw(path, header.dump(), data);
}

// Expects open() to throw an InputError whose message holds every fragment.
void expectOpenError(const std::string& path, const std::vector<std::string>& fragments) {
  try {
    SafetensorsFile::open(path);
    FAIL() << "no error for " << path;
  } catch (const InputError& e) {
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
}

struct TwoLayers : torch::nn::Module {
  TwoLayers() {
    register_module("a", a);
    register_module("b", b);
  }
  torch::nn::Linear a{2, 3};
  torch::nn::Linear b{3, 1};
};

TEST(Safetensors, ReadsF32F16Bf16AndMetadata) {
  test::TempDir dir;
  torch::Tensor x = torch::arange(6, torch::kFloat32).reshape({2, 3}) / 4;
  for (std::string dtype : {"F32", "F16", "BF16"}) {
    writeTensors(dir / "t.safetensors", {{"x", x}, {"y", x.sum()}}, dtype);
    auto file = SafetensorsFile::open(dir / "t.safetensors");
    EXPECT_EQ(file.names(), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(file.info("x").dtype, dtype);
    EXPECT_EQ(file.info("x").shape, (std::vector<int64_t>{2, 3}));
    EXPECT_TRUE(torch::equal(file.load("x"), x)) << dtype;
    EXPECT_EQ(file.load("y").dim(), 0);
    EXPECT_EQ(file.load("x", torch::kFloat64).dtype(), torch::kFloat64);
  }
}

TEST(Safetensors, RefusesTruncatedFile) {
  test::TempDir dir;
  std::ofstream(dir / "t.safetensors") << "abc";
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "truncated"});
}

TEST(Safetensors, RefusesHeaderLengthPastTheEnd) {
  test::TempDir dir;
  writeRaw(dir / "t.safetensors", "{}", "");
  std::fstream f(dir / "t.safetensors", std::ios::in | std::ios::out | std::ios::binary);
  f.put(static_cast<char>(200));
  f.close();
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "header length 200"});
}

TEST(Safetensors, RefusesMalformedJson) {
  test::TempDir dir;
  writeRaw(dir / "t.safetensors", "{\"x\": {\"dtype\": ", "");
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "not valid JSON"});
  writeRaw(dir / "t.safetensors", "[1, 2]", "");
  expectOpenError(dir / "t.safetensors", {"not a JSON object"});
  writeRaw(dir / "t.safetensors", R"({"x": {"dtype": "F32", "shape": [1]}})", "abcd");
  expectOpenError(dir / "t.safetensors", {"tensor 'x'", "data_offsets"});
}

TEST(Safetensors, RefusesOverlappingOffsets) {
  test::TempDir dir;
  writeRaw(dir / "t.safetensors",
           R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
               "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
           std::string(12, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'b'", "overlaps tensor 'a'"});
}

TEST(Safetensors, RefusesOffsetsOutsideTheData) {
  test::TempDir dir;
  writeRaw(dir / "t.safetensors", R"({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})",
           std::string(8, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'a'", "outside the data area"});
  writeRaw(dir / "t.safetensors", R"({"a": {"dtype": "F32", "shape": [0], "data_offsets": [9, 8]}})",
           std::string(8, '\0'));
  expectOpenError(dir / "t.safetensors", {"tensor 'a'", "outside the data area"});
}

TEST(Safetensors, RefusesUnknownDtypeByName) {
  test::TempDir dir;
  writeRaw(dir / "t.safetensors", R"({"ids": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}})",
           std::string(8, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'ids'", "unsupported dtype 'I64'"});
}

TEST(Safetensors, RefusesSizeThatDisagreesWithShape) {
  test::TempDir dir;
  writeRaw(dir / "t.safetensors", R"({"w": {"dtype": "F16", "shape": [3, 2], "data_offsets": [0, 8]}})",
           std::string(8, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'w'", "shape x dtype needs 12"});
}

TEST(Safetensors, MissingTensorIsNamed) {
  test::TempDir dir;
  writeTensors(dir / "t.safetensors", {{"x", torch::ones({1})}});
  auto file = SafetensorsFile::open(dir / "t.safetensors");
  EXPECT_FALSE(file.contains("z"));
  try {
    file.load("z");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("tensor 'z'"), std::string::npos) << e.what();
  }
}

TEST(StateDict, LoadsByNameAndConvertsDtype) {
  test::TempDir dir;
  TwoLayers source;
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (const auto& p : source.named_parameters()) tensors.emplace_back(p.key(), p.value().detach());
  writeTensors(dir / "m.safetensors", tensors);
  TwoLayers target;
  loadStateDict(target, dir / "m.safetensors", torch::kFloat64);
  EXPECT_EQ(target.a->weight.dtype(), torch::kFloat64);
  EXPECT_TRUE(torch::allclose(target.b->bias, source.b->bias.to(torch::kFloat64)));
}

TEST(StateDict, ReportsMissingUnexpectedAndMismatchedKeysTogether) {
  test::TempDir dir;
  writeTensors(dir / "m.safetensors", {{"a.weight", torch::zeros({3, 2})},
                                       {"a.bias", torch::zeros({4})},
                                       {"b.weight", torch::zeros({1, 3})},
                                       {"c.weight", torch::zeros({1})}});
  TwoLayers target;
  torch::Tensor before = target.a->weight.clone();
  try {
    loadStateDict(target, dir / "m.safetensors");
    FAIL();
  } catch (const InputError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find(dir / "m.safetensors"), std::string::npos) << m;
    EXPECT_NE(m.find("missing keys: b.bias"), std::string::npos) << m;
    EXPECT_NE(m.find("unexpected keys: c.weight"), std::string::npos) << m;
    EXPECT_NE(m.find("a.bias (file [4], module [3])"), std::string::npos) << m;
  }
  EXPECT_TRUE(torch::equal(before, target.a->weight)) << "a failed load must not change the module";
}

void writeConfig(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "config.json") << R"({"_class_name": "TwoLayers"})";
}

std::vector<std::pair<std::string, torch::Tensor>> paramsOf(TwoLayers& m) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : m.named_parameters()) out.emplace_back(p.key(), p.value().detach());
  return out;
}

TEST(ComponentFolder, ReadsSingleFileVariantAndShards) {
  test::TempDir dir;
  TwoLayers source;
  auto params = paramsOf(source);

  writeConfig(dir.path() / "single");
  writeTensors(dir / "single/diffusion_pytorch_model.safetensors", params);
  writeConfig(dir.path() / "half");
  writeTensors(dir / "half/model.fp16.safetensors", params, "F16");
  writeConfig(dir.path() / "sharded");
  writeTensors(dir / "sharded/diffusion_pytorch_model-00001-of-00002.safetensors", {params[0], params[1]});
  writeTensors(dir / "sharded/diffusion_pytorch_model-00002-of-00002.safetensors", {params[2], params[3]});
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

TEST(Attention, ChunkedEqualsSoftmaxFormula) {
  torch::manual_seed(3);
  torch::Tensor q = torch::randn({4, 37, 8}), k = torch::randn({4, 11, 8}), v = torch::randn({4, 11, 5});
  torch::Tensor reference = torch::softmax(torch::matmul(q, k.transpose(1, 2)) / std::sqrt(8.0), -1).matmul(v);
  EXPECT_TRUE(torch::allclose(attention(q, k, v), reference, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(attention(q, k, v, 5), reference, 1e-5, 1e-6));
}

}  // namespace
}  // namespace permanence::diffusion
