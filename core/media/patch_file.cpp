#include "media/patch_file.h"

#include "errors.h"
#include "project/atomic_file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace permanence {
namespace {

constexpr const char* kMagicLine = "permanence-patches 1";

const char* toString(PatchBase base) { return base == PatchBase::Source ? "source" : "zero"; }

PatchBase baseFrom(const std::string& text) {
  if (text == "zero") return PatchBase::Zero;
  if (text == "source") return PatchBase::Source;
  throw std::invalid_argument("unknown base '" + text + "'");
}

}  // namespace

void writePatchFile(const fs::path& file, const PatchSequence& sequence) {
  if (sequence.names.size() != sequence.patches.size())
    throw std::logic_error("writePatchFile: one name per patch expected");
  nlohmann::json frames = nlohmann::json::array();
  std::string pixels;
  for (std::size_t i = 0; i < sequence.patches.size(); ++i) {
    const FramePatch& p = sequence.patches[i];
    frames.push_back({{"name", sequence.names[i]},
                      {"x", p.box.x},
                      {"y", p.box.y},
                      {"width", p.box.width},
                      {"height", p.box.height},
                      {"bytes", p.png.size()}});
    pixels.append(p.png.begin(), p.png.end());
  }
  const nlohmann::json header = {{"width", sequence.frameSize.width},
                                 {"height", sequence.frameSize.height},
                                 {"channels", sequence.channels},
                                 {"base", toString(sequence.base)},
                                 {"frames", frames}};
  writeFileAtomically(file, std::string(kMagicLine) + "\n" + header.dump() + "\n" + pixels);
}

PatchSequence readPatchFile(const fs::path& file) {
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(name + ": cannot open the patch file");
  std::string magic, headerLine;
  if (!std::getline(in, magic) || magic != kMagicLine) throw InputError(name + ": not a Permanence patch file");
  if (!std::getline(in, headerLine)) throw InputError(name + ": patch file has no header");
  const std::string pixels{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  PatchSequence sequence;
  std::size_t offset = 0;
  try {
    const nlohmann::json header = nlohmann::json::parse(headerLine);
    sequence.frameSize = {header.at("width").get<int>(), header.at("height").get<int>()};
    sequence.channels = header.at("channels").get<int>();
    sequence.base = baseFrom(header.at("base").get<std::string>());
    if (sequence.channels != 1 && sequence.channels != 3 && sequence.channels != 4)
      throw std::invalid_argument("channels must be 1, 3 or 4");
    const cv::Rect frame({}, sequence.frameSize);
    for (const auto& f : header.at("frames")) {
      FramePatch patch;
      patch.box = {f.at("x").get<int>(), f.at("y").get<int>(), f.at("width").get<int>(), f.at("height").get<int>()};
      const auto bytes = f.at("bytes").get<std::size_t>();
      if (!patch.box.empty() && (patch.box & frame) != patch.box)
        throw std::invalid_argument("frame '" + f.at("name").get<std::string>() + "': box leaves the frame");
      if (bytes > pixels.size() - offset) throw std::invalid_argument("truncated (frame data missing)");
      patch.png.assign(pixels.begin() + offset, pixels.begin() + offset + bytes);
      offset += bytes;
      sequence.names.push_back(f.at("name").get<std::string>());
      sequence.patches.push_back(std::move(patch));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(name + ": invalid patch file header (" + e.what() + ")");
  } catch (const std::invalid_argument& e) {
    throw InputError(name + ": invalid patch file (" + e.what() + ")");
  }
  if (offset != pixels.size()) throw InputError(name + ": invalid patch file (data after the last frame)");
  return sequence;
}

}  // namespace permanence
