#pragma once
// The default stacking order of objects, inferred from occlusion: an object whose
// hidden part (amodal minus modal) is covered by another object's visible (modal)
// mask lies behind that object.
#include "mask/mask.h"

#include <vector>

namespace permanence {

// One object's masks over the frames considered (same frames, same order for
// every object; a frame may be an empty Mask when the object is absent).
struct ObjectMasks {
  std::vector<Mask> modal;
  std::vector<Mask> amodal;
};

// Indices into `objects`, back to front. Object i goes behind j when more of i's
// hidden pixels lie under j's visible pixels than the other way round, summed over
// the frames. Objects with no evidence keep their given order; a cycle of
// evidence is broken in favour of the given order.
std::vector<int> inferZOrder(const std::vector<ObjectMasks>& objects);

}  // namespace permanence
