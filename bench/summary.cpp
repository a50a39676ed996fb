#include "summary.h"

namespace permanence::bench {

void Summary::add(const std::string& name, double value) {
  sum += value;
  ++count;
  if (value < worst) {
    worst = value;
    worstName = name;
  }
}

double objective(const Summary& real, const Summary& generated) {
  if (!real.count) return generated.mean();
  if (!generated.count) return real.mean();
  return 0.5 * (real.mean() + generated.mean());
}

}  // namespace permanence::bench
