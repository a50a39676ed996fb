#pragma once
// A safetensors file (8-byte little-endian header length, JSON header, raw data),
// memory-mapped and fully validated when opened, so that a bad file is refused
// before any tensor is allocated. Free of libtorch: tensors are made from it by
// nn/tensor_io.h; the header parser is fuzzed on its own.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace permanence::nn {

struct TensorInfo {
  std::string name;
  std::string dtype;  // "F32", "F16", "BF16" or "I64"
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;  // byte offsets in the data area (after the header)
};

// Largest JSON header accepted; real checkpoints have a few hundred kB.
constexpr uint64_t kMaxSafetensorsHeaderBytes = 100ull * 1024 * 1024;

class SafetensorsFile {
 public:
  // Throws InputError naming the file (and the tensor) on any problem.
  static SafetensorsFile open(const std::string& path);

  const std::string& path() const { return path_; }
  std::vector<std::string> names() const;  // sorted
  bool contains(const std::string& name) const;
  const TensorInfo& info(const std::string& name) const;
  // The tensor's raw little-endian bytes inside the mapping (info(name).end - begin
  // of them); possibly unaligned for the element type.
  const uint8_t* bytes(const std::string& name) const;

 private:
  class Mapping;
  SafetensorsFile(std::string path, std::shared_ptr<const Mapping> mapping,
                  uint64_t dataStart, std::map<std::string, TensorInfo> tensors);

  std::string path_;
  std::shared_ptr<const Mapping> mapping_;
  uint64_t dataStart_ = 0;
  std::map<std::string, TensorInfo> tensors_;
};

// Validates a header (the JSON text) against a data area of dataSize bytes and returns
// its tensors by name. `source` names the file in error messages. Exposed for tests
// and the header fuzzer.
std::map<std::string, TensorInfo> parseSafetensorsHeader(const std::string& headerJson,
                                                         uint64_t dataSize,
                                                         const std::string& source);

// Bytes per element of a safetensors dtype name; throws InputError for other names.
size_t safetensorsDtypeSize(const std::string& dtype, const std::string& source,
                            const std::string& tensorName);

}  // namespace permanence::nn
