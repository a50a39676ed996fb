// libFuzzer target for the safetensors header parser: any byte string as header JSON,
// against a data area as long as the input. The parser must either return entries that
// lie inside the data area or throw; crashes, hangs and sanitizer reports are failures.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "nn/safetensors_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string header(reinterpret_cast<const char*>(data), size);
  try {
    const auto entries = permanence::nn::parseSafetensorsHeader(header, size, "fuzz input");
    for (const auto& [name, info] : entries)
      if (info.begin > info.end || info.end > size) __builtin_trap();
  } catch (const std::exception&) {
    // Rejected with a message: the expected outcome for most inputs.
  }
  return 0;
}
