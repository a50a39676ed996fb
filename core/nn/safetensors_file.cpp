#include "nn/safetensors_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "errors.h"

namespace permanence::nn {
namespace {

std::string where(const std::string& source, const std::string& tensorName) {
  return tensorName.empty() ? source : source + ": tensor '" + tensorName + "'";
}

[[noreturn]] void fail(const std::string& source, const std::string& tensorName,
                       const std::string& problem) {
  throw InputError(where(source, tensorName) + ": " + problem);
}

uint64_t readOffset(const nlohmann::json& value, const std::string& source,
                    const std::string& name) {
  if (!value.is_number_unsigned()) fail(source, name, "data_offsets must be non-negative integers");
  return value.get<uint64_t>();
}

TensorInfo parseTensorEntry(const std::string& name, const nlohmann::json& entry,
                            uint64_t dataSize, const std::string& source) {
  if (!entry.is_object()) fail(source, name, "header entry is not an object");
  for (const char* field : {"dtype", "shape", "data_offsets"})
    if (!entry.contains(field)) fail(source, name, std::string("header entry lacks '") + field + "'");
  TensorInfo info;
  info.name = name;
  if (!entry["dtype"].is_string()) fail(source, name, "dtype is not a string");
  info.dtype = entry["dtype"].get<std::string>();
  uint64_t bytes = safetensorsDtypeSize(info.dtype, source, name);

  const auto& shape = entry["shape"];
  if (!shape.is_array()) fail(source, name, "shape is not an array");
  for (const auto& dim : shape) {
    if (!dim.is_number_unsigned()) fail(source, name, "shape holds a value that is not a non-negative integer");
    uint64_t d = dim.get<uint64_t>();
    if (d > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
        (d != 0 && bytes > std::numeric_limits<uint64_t>::max() / d))
      fail(source, name, "shape is too large");
    bytes *= d;
    info.shape.push_back(static_cast<int64_t>(d));
  }

  const auto& offsets = entry["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2) fail(source, name, "data_offsets is not a pair");
  info.begin = readOffset(offsets[0], source, name);
  info.end = readOffset(offsets[1], source, name);
  if (info.begin > info.end || info.end > dataSize)
    fail(source, name, "data_offsets [" + std::to_string(info.begin) + ", " + std::to_string(info.end) +
                           ") lie outside the data area of " + std::to_string(dataSize) + " bytes");
  if (info.end - info.begin != bytes)
    fail(source, name, "data_offsets span " + std::to_string(info.end - info.begin) +
                           " bytes but shape x dtype needs " + std::to_string(bytes));
  return info;
}

void checkNoOverlap(const std::map<std::string, TensorInfo>& tensors, const std::string& source) {
  std::vector<const TensorInfo*> byOffset;
  for (const auto& [name, info] : tensors)
    if (info.end > info.begin) byOffset.push_back(&info);
  std::sort(byOffset.begin(), byOffset.end(),
            [](const TensorInfo* a, const TensorInfo* b) { return a->begin < b->begin; });
  for (size_t i = 1; i < byOffset.size(); ++i)
    if (byOffset[i]->begin < byOffset[i - 1]->end)
      fail(source, byOffset[i]->name, "data overlaps tensor '" + byOffset[i - 1]->name + "'");
}

}  // namespace

size_t safetensorsDtypeSize(const std::string& dtype, const std::string& source,
                            const std::string& tensorName) {
  if (dtype == "F32") return 4;
  if (dtype == "F16" || dtype == "BF16") return 2;
  if (dtype == "I64") return 8;
  fail(source, tensorName, "unsupported dtype '" + dtype + "' (only F32, F16, BF16 and I64 are read)");
}

std::map<std::string, TensorInfo> parseSafetensorsHeader(const std::string& headerJson,
                                                         uint64_t dataSize,
                                                         const std::string& source) {
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(headerJson);
  } catch (const nlohmann::json::exception& e) {
    fail(source, "", std::string("header is not valid JSON (") + e.what() + ")");
  }
  if (!header.is_object()) fail(source, "", "header is not a JSON object");
  std::map<std::string, TensorInfo> tensors;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) fail(source, "", "__metadata__ is not an object");
      continue;
    }
    tensors.emplace(name, parseTensorEntry(name, entry, dataSize, source));
  }
  checkNoOverlap(tensors, source);
  return tensors;
}

// A read-only mapping of the whole file, unmapped when the last SafetensorsFile
// sharing it goes away.
class SafetensorsFile::Mapping {
 public:
  explicit Mapping(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(path, "", std::string("cannot open (") + std::strerror(errno) + ")");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      fail(path, "", "not a regular file");
    }
    size_ = static_cast<uint64_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        fail(path, "", std::string("cannot map (") + std::strerror(errno) + ")");
      }
      data_ = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
  }
  ~Mapping() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;

  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
};

SafetensorsFile::SafetensorsFile(std::string path, std::shared_ptr<const Mapping> mapping,
                                 uint64_t dataStart, std::map<std::string, TensorInfo> tensors)
    : path_(std::move(path)),
      mapping_(std::move(mapping)),
      dataStart_(dataStart),
      tensors_(std::move(tensors)) {}

SafetensorsFile SafetensorsFile::open(const std::string& path) {
  auto mapping = std::make_shared<const Mapping>(path);
  if (mapping->size() < 8)
    fail(path, "", "truncated: " + std::to_string(mapping->size()) + " bytes, less than the 8-byte header length");
  uint64_t headerLength = 0;
  for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | mapping->data()[i];
  if (headerLength > mapping->size() - 8)
    fail(path, "", "header length " + std::to_string(headerLength) + " runs past the end of the " +
                       std::to_string(mapping->size()) + "-byte file");
  if (headerLength > kMaxSafetensorsHeaderBytes)
    fail(path, "", "header length " + std::to_string(headerLength) + " exceeds the " +
                       std::to_string(kMaxSafetensorsHeaderBytes) + "-byte limit");
  std::string header(reinterpret_cast<const char*>(mapping->data() + 8), headerLength);
  uint64_t dataStart = 8 + headerLength;
  auto tensors = parseSafetensorsHeader(header, mapping->size() - dataStart, path);
  return SafetensorsFile(path, std::move(mapping), dataStart, std::move(tensors));
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  for (const auto& entry : tensors_) out.push_back(entry.first);
  return out;
}

bool SafetensorsFile::contains(const std::string& name) const { return tensors_.count(name) > 0; }

const TensorInfo& SafetensorsFile::info(const std::string& name) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) fail(path_, name, "no such tensor in the file");
  return it->second;
}

const uint8_t* SafetensorsFile::bytes(const std::string& name) const {
  return mapping_->data() + dataStart_ + info(name).begin;
}

}  // namespace permanence::nn
