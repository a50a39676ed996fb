#pragma once
// The mean and the worst clip of a score over a set of development clips, and the
// tuning objective over two sets (the real clips and the generated ones weigh the same).
#include <string>

namespace permanence::bench {

struct Summary {
  double sum = 0;
  int count = 0;
  double worst = 1e9;  // above any score (J, IoU, PSNR) until a clip is added
  std::string worstName;
  void add(const std::string& name, double value);
  double mean() const { return count ? sum / count : 0; }
};

// The mean of the two sets' means (or the one set that has clips).
double objective(const Summary& real, const Summary& generated);

}  // namespace permanence::bench
