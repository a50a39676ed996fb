// The safetensors reader, strict state-dict loading and attention of the torch tier's
// foundation (core/nn).
#include <gtest/gtest.h>

#include <fstream>

#include "errors.h"
#include "nn/attention.h"
#include "nn/safetensors_file.h"
#include "nn/state_dict.h"
#include "safetensors_test_files.h"
#include "test_paths.h"

namespace permanence::nn {
namespace {

using test::TwoLayers;
using test::writeRawSafetensors;
using test::writeSafetensorsAs;

// Expects open() to throw an InputError whose message holds every fragment.
void expectOpenError(const std::string& path, const std::vector<std::string>& fragments) {
  try {
    SafetensorsFile::open(path);
    FAIL() << "no error for " << path;
  } catch (const InputError& e) {
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
}

TEST(Safetensors, ReadsF32F16Bf16I64AndMetadata) {
  test::TempDir dir;
  torch::Tensor x = torch::arange(6, torch::kFloat32).reshape({2, 3}) / 4;
  for (std::string dtype : {"F32", "F16", "BF16"}) {
    writeSafetensorsAs(dir / "t.safetensors", {{"x", x}, {"y", x.sum()}}, dtype);
    auto file = SafetensorsFile::open(dir / "t.safetensors");
    EXPECT_EQ(file.names(), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(file.info("x").dtype, dtype);
    EXPECT_EQ(file.info("x").shape, (std::vector<int64_t>{2, 3}));
    EXPECT_TRUE(torch::equal(loadTensor(file, "x"), x)) << dtype;
    EXPECT_EQ(loadTensor(file, "y").dim(), 0);
    EXPECT_EQ(loadTensor(file, "x", torch::kFloat64).dtype(), torch::kFloat64);
  }
  // Integer tensors (indices, counts) keep their values, in any requested dtype.
  torch::Tensor ids = torch::tensor(std::vector<int64_t>{-3, 0, int64_t{1} << 40});
  writeSafetensorsAs(dir / "i.safetensors", {{"ids", ids}}, "I64");
  auto file = SafetensorsFile::open(dir / "i.safetensors");
  EXPECT_TRUE(torch::equal(loadTensor(file, "ids", torch::kInt64), ids));
  EXPECT_EQ(loadTensor(file, "ids")[0].item<float>(), -3.0f) << "converted to float32 by default";
}

TEST(Safetensors, RefusesTruncatedFile) {
  test::TempDir dir;
  std::ofstream(dir / "t.safetensors") << "abc";
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "truncated"});
}

TEST(Safetensors, RefusesHeaderLengthPastTheEnd) {
  test::TempDir dir;
  writeRawSafetensors(dir / "t.safetensors", "{}", "");
  std::fstream f(dir / "t.safetensors", std::ios::in | std::ios::out | std::ios::binary);
  f.put(static_cast<char>(200));
  f.close();
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "header length 200"});
}

TEST(Safetensors, RefusesMalformedJson) {
  test::TempDir dir;
  writeRawSafetensors(dir / "t.safetensors", "{\"x\": {\"dtype\": ", "");
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "not valid JSON"});
  writeRawSafetensors(dir / "t.safetensors", "[1, 2]", "");
  expectOpenError(dir / "t.safetensors", {"not a JSON object"});
  writeRawSafetensors(dir / "t.safetensors", R"({"x": {"dtype": "F32", "shape": [1]}})", "abcd");
  expectOpenError(dir / "t.safetensors", {"tensor 'x'", "data_offsets"});
}

TEST(Safetensors, RefusesOverlappingOffsets) {
  test::TempDir dir;
  writeRawSafetensors(dir / "t.safetensors",
           R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
               "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
           std::string(12, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'b'", "overlaps tensor 'a'"});
}

TEST(Safetensors, RefusesOffsetsOutsideTheData) {
  test::TempDir dir;
  writeRawSafetensors(dir / "t.safetensors", R"({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})",
           std::string(8, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'a'", "outside the data area"});
  writeRawSafetensors(dir / "t.safetensors", R"({"a": {"dtype": "F32", "shape": [0], "data_offsets": [9, 8]}})",
           std::string(8, '\0'));
  expectOpenError(dir / "t.safetensors", {"tensor 'a'", "outside the data area"});
}

TEST(Safetensors, RefusesUnknownDtypeByName) {
  test::TempDir dir;
  writeRawSafetensors(dir / "t.safetensors", R"({"ids": {"dtype": "U16", "shape": [1], "data_offsets": [0, 2]}})",
           std::string(2, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'ids'", "unsupported dtype 'U16'"});
}

TEST(Safetensors, RefusesSizeThatDisagreesWithShape) {
  test::TempDir dir;
  writeRawSafetensors(dir / "t.safetensors", R"({"w": {"dtype": "F16", "shape": [3, 2], "data_offsets": [0, 8]}})",
           std::string(8, '\0'));
  expectOpenError(dir / "t.safetensors", {dir / "t.safetensors", "tensor 'w'", "shape x dtype needs 12"});
}

TEST(Safetensors, MissingTensorIsNamed) {
  test::TempDir dir;
  writeSafetensorsAs(dir / "t.safetensors", {{"x", torch::ones({1})}});
  auto file = SafetensorsFile::open(dir / "t.safetensors");
  EXPECT_FALSE(file.contains("z"));
  try {
    loadTensor(file, "z");
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
  writeSafetensorsAs(dir / "m.safetensors", tensors);
  TwoLayers target;
  loadStateDict(target, dir / "m.safetensors", torch::kFloat64);
  EXPECT_EQ(target.a->weight.dtype(), torch::kFloat64);
  EXPECT_TRUE(torch::allclose(target.b->bias, source.b->bias.to(torch::kFloat64)));
}

TEST(StateDict, ReportsMissingUnexpectedAndMismatchedKeysTogether) {
  test::TempDir dir;
  writeSafetensorsAs(dir / "m.safetensors", {{"a.weight", torch::zeros({3, 2})},
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

TEST(Attention, ChunkedEqualsSoftmaxFormula) {
  torch::manual_seed(3);
  torch::Tensor q = torch::randn({4, 37, 8}), k = torch::randn({4, 11, 8}), v = torch::randn({4, 11, 5});
  torch::Tensor reference = torch::softmax(torch::matmul(q, k.transpose(1, 2)) / std::sqrt(8.0), -1).matmul(v);
  EXPECT_TRUE(torch::allclose(attention(q, k, v), reference, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(attention(q, k, v, 5), reference, 1e-5, 1e-6));
}

}  // namespace
}  // namespace permanence::nn
