#pragma once
// Mask metrics exactly as Diffusion-VAS defines them.
#include "mask/mask.h"

#include <optional>
#include <vector>

namespace permanence {

// |A ∩ B| / |A ∪ B|; two empty masks agree perfectly (1). Sizes must match.
double iou(const Mask& a, const Mask& b);

// Mean IoU over all frames.
double meanIou(const std::vector<Mask>& predicted, const std::vector<Mask>& truth);

// IoU of the occluded part only: (pred − modal) against (truth − modal), averaged
// over the frames where the true occluded part (truth − modal) is non-empty.
// nullopt when no frame has an occluded part.
std::optional<double> meanIouOccluded(const std::vector<Mask>& predicted,
                                      const std::vector<Mask>& truth,
                                      const std::vector<Mask>& modal);

// DAVIS' J (region similarity): mean IoU over frames [first, T).
// DAVIS counts a frame where both are empty as 1.
double davisJ(const std::vector<Mask>& predicted, const std::vector<Mask>& truth, size_t first = 1);

}  // namespace permanence
