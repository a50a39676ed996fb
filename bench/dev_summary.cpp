#include "dev_summary.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace permanence::bench {

GroupSummaries summarise(const std::vector<OcclusionClip>& clips, const std::vector<double>& score,
                         const std::function<bool(size_t)>& include) {
  GroupSummaries s;
  for (size_t c = 0; c < clips.size(); ++c)
    if (!include || include(c)) (clips[c].real ? s.real : s.generated).add(clips[c].name, score[c]);
  return s;
}

void printGroups(const char* label, const GroupSummaries& s, int digits) {
  std::printf("  %-22s", label);
  for (const auto& [group, summary] : {std::pair<const char*, const Summary&>{"real", s.real}, {"generated", s.generated}})
    if (summary.count)
      std::printf("  %s %.*f (worst %.*f %s)", group, digits, summary.mean(), digits, summary.worst,
                  summary.worstName.c_str());
  std::printf("\n");
}

double objective(const GroupSummaries& s) { return objective(s.real, s.generated); }

std::pair<std::string, std::vector<double>> parseSetting(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    std::fprintf(stderr, "'%s': expected NAME=V1,V2,...\n", text.c_str());
    std::exit(2);
  }
  std::vector<double> values;
  std::stringstream list(text.substr(eq + 1));
  std::string item;
  while (std::getline(list, item, ',')) {
    char* end = nullptr;
    values.push_back(std::strtod(item.c_str(), &end));
    if (item.empty() || *end != '\0') {
      std::fprintf(stderr, "'%s': '%s' is not a number\n", text.c_str(), item.c_str());
      std::exit(2);
    }
  }
  if (values.empty()) {
    std::fprintf(stderr, "'%s': no values\n", text.c_str());
    std::exit(2);
  }
  return {text.substr(0, eq), values};
}

namespace {

bool madeFrom(const OcclusionClip& clip, const std::string& sequence) {
  return std::find(clip.madeFrom.begin(), clip.madeFrom.end(), sequence) != clip.madeFrom.end();
}

}  // namespace

void leaveOneOut(const std::vector<OcclusionClip>& clips, const std::string& setting, const std::vector<double>& values,
                 const std::vector<std::vector<double>>& score) {
  Summary held;
  for (const std::string& object : davisSequences()) {
    const auto isHeld = [&](size_t c) { return clips[c].real && clips[c].madeFrom.front() == object; };
    if (std::none_of(clips.begin(), clips.end(), [&](const OcclusionClip& c) { return c.real && c.madeFrom.front() == object; }))
      continue;
    size_t best = 0;
    double bestObjective = -1e9;
    for (size_t v = 0; v < values.size(); ++v) {
      const double o = objective(summarise(clips, score[v], [&](size_t c) { return !madeFrom(clips[c], object); }));
      if (o > bestObjective) {
        bestObjective = o;
        best = v;
      }
    }
    Summary there;
    for (size_t c = 0; c < clips.size(); ++c)
      if (isHeld(c)) there.add(clips[c].name, score[best][c]);
    std::printf("  leave out %-16s chosen %s=%g, its real clips %.3f (worst %.3f %s)\n", object.c_str(),
                setting.c_str(), values[best], there.mean(), there.worst, there.worstName.c_str());
    for (size_t c = 0; c < clips.size(); ++c)
      if (isHeld(c)) held.add(clips[c].name, score[best][c]);
  }
  std::printf("  held-out real clips: mean %.3f over %d, worst %.3f (%s)\n", held.mean(), held.count, held.worst,
              held.worstName.c_str());
}

}  // namespace permanence::bench
