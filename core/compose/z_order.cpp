#include "compose/z_order.h"

#include "errors.h"

#include <opencv2/core.hpp>

namespace permanence {
namespace {

// Pixels of a's hidden part that b's visible mask covers, summed over frames.
long long hiddenUnder(const ObjectMasks& a, const ObjectMasks& b) {
  long long total = 0;
  for (size_t f = 0; f < a.modal.size() && f < b.modal.size(); ++f) {
    if (a.amodal[f].isEmpty() || b.modal[f].isEmpty()) continue;
    const cv::Mat hidden = a.amodal[f].toMat() & ~a.modal[f].toMat();
    total += cv::countNonZero(hidden & b.modal[f].toMat());
  }
  return total;
}

}  // namespace

std::vector<int> inferZOrder(const std::vector<ObjectMasks>& objects) {
  const int n = static_cast<int>(objects.size());
  for (const ObjectMasks& o : objects)
    if (o.modal.size() != o.amodal.size() || o.modal.size() != objects.front().modal.size())
      throw InputError("z-order: every object needs one modal and one amodal mask per frame");
  // behind[i][j]: i lies behind j.
  std::vector<std::vector<bool>> behind(n, std::vector<bool>(n, false));
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      const long long ij = hiddenUnder(objects[i], objects[j]);
      const long long ji = hiddenUnder(objects[j], objects[i]);
      if (ij > ji) behind[i][j] = true;
      if (ji > ij) behind[j][i] = true;
    }
  // Back to front: repeatedly take the first remaining object nothing remaining
  // lies behind; when every remaining one has something behind it (a cycle), take
  // the first remaining.
  std::vector<int> order;
  std::vector<bool> placed(n, false);
  while (static_cast<int>(order.size()) < n) {
    int pick = -1;
    for (int i = 0; i < n && pick < 0; ++i) {
      if (placed[i]) continue;
      bool free = true;
      for (int j = 0; j < n; ++j)
        if (!placed[j] && behind[j][i]) free = false;
      if (free) pick = i;
    }
    for (int i = 0; i < n && pick < 0; ++i)
      if (!placed[i]) pick = i;
    placed[pick] = true;
    order.push_back(pick);
  }
  return order;
}

}  // namespace permanence
