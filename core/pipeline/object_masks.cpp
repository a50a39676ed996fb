#include "pipeline/object_masks.h"

namespace permanence {
namespace {

std::vector<Mask> unionOfAllBut(const ObjectsMasks& objects, std::size_t except) {
  std::vector<Mask> out;
  for (std::size_t o = 0; o < objects.size(); ++o) {
    if (o == except) continue;
    if (out.empty()) {
      out = objects[o];
      continue;
    }
    for (std::size_t t = 0; t < out.size() && t < objects[o].size(); ++t)
      out[t] = Mask::fromMat(out[t].toMat() | objects[o][t].toMat());
  }
  return out;
}

}  // namespace

std::vector<Mask> unionOfMasks(const ObjectsMasks& objects) { return unionOfAllBut(objects, objects.size()); }

std::vector<Mask> otherObjectsMasks(const ObjectsMasks& objects, std::size_t except) {
  return unionOfAllBut(objects, except);
}

}  // namespace permanence
