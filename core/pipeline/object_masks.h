#pragma once
// Masks of a project's objects taken together, per frame: what the background plate
// removes, and where stage 1 may find one object hidden behind the others.
#include "mask/mask.h"

#include <cstddef>
#include <vector>

namespace permanence {

// One mask sequence per object, all of the same length and frame size.
using ObjectsMasks = std::vector<std::vector<Mask>>;

// Per frame, the union of every object's mask (empty when there is no object).
std::vector<Mask> unionOfMasks(const ObjectsMasks& objects);

// Per frame, the union of every object's mask but object `except`'s; empty when there
// is no other object (stage 1 then has no occluder cue).
std::vector<Mask> otherObjectsMasks(const ObjectsMasks& objects, std::size_t except);

}  // namespace permanence
