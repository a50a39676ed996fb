#include "sam2/sam2_config.h"

#include <numeric>
#include <stdexcept>

namespace permanence::sam2 {

int64_t HieraConfig::depth() const { return std::accumulate(stages.begin(), stages.end(), int64_t{0}); }

std::vector<int64_t> HieraConfig::stageEnds() const {
  std::vector<int64_t> ends;
  int64_t sum = 0;
  for (int64_t blocks : stages) ends.push_back((sum += blocks) - 1);
  return ends;
}

std::vector<int64_t> HieraConfig::stageChannels() const {
  std::vector<int64_t> channels;
  for (size_t i = 0; i < stages.size(); ++i) channels.push_back(embedDim << i);
  return channels;
}

Sam2Config Sam2Config::forSize(const std::string& size) {
  Sam2Config c;
  c.name = size;
  if (size == "tiny") {
    c.trunk = {96, 1, {1, 2, 7, 2}, {5, 7, 9}, {8, 4, 14, 7}, {7, 7}};
  } else if (size == "small") {
    c.trunk = {96, 1, {1, 2, 11, 2}, {7, 10, 13}, {8, 4, 14, 7}, {7, 7}};
  } else if (size == "base_plus") {
    c.trunk = {112, 2, {2, 3, 16, 3}, {12, 16, 20}, {8, 4, 14, 7}, {14, 14}};
  } else if (size == "large") {
    c.trunk = {144, 2, {2, 6, 36, 4}, {23, 33, 43}, {8, 4, 16, 8}, {7, 7}};
  } else {
    throw std::invalid_argument("SAM 2.1 size '" + size + "' (expected tiny, small, base_plus or large)");
  }
  return c;
}

std::vector<std::string> Sam2Config::sizeNames() { return {"tiny", "small", "base_plus", "large"}; }

}  // namespace permanence::sam2
