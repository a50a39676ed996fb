#pragma once
// Scores of the stage harnesses over the development set (occlusion_set.h): the
// mean and the worst clip of each group, the tuning objective (the real and the
// generated group weigh the same), and the leave-one-out choice of a setting over
// the real objects.
#include "occlusion_set.h"
#include "summary.h"

#include <functional>
#include <string>
#include <vector>

namespace permanence::bench {

// The summaries of one per-clip score over the real and the generated clips.
struct GroupSummaries {
  Summary real, generated;
};
GroupSummaries summarise(const std::vector<OcclusionClip>& clips, const std::vector<double>& score,
                         const std::function<bool(size_t)>& include = {});

// "  LABEL  real 0.912 (worst 0.701 NAME)  generated ..." with `digits` decimals.
void printGroups(const char* label, const GroupSummaries& s, int digits = 3);

// The mean of the two groups' means (or the one group there is).
double objective(const GroupSummaries& s);

// "NAME=V1,V2,..." into the name and its values; exits 2 on a malformed one.
std::pair<std::string, std::vector<double>> parseSetting(const std::string& text);

// Leave-one-out over the real objects: for each DAVIS object, the value (index into
// score[value][clip]) with the best objective on the clips not made from it, and
// that value's score on the real clips of that object. Prints each choice and the
// held-out summary.
void leaveOneOut(const std::vector<OcclusionClip>& clips, const std::string& setting, const std::vector<double>& values,
                 const std::vector<std::vector<double>>& score);

}  // namespace permanence::bench
