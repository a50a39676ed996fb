#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace permanence {

// A frame rate or time base as FFmpeg keeps it (30000/1001 for 29.97 fps).
struct Rational {
  std::int64_t num = 0;
  std::int64_t den = 1;

  double toDouble() const { return den == 0 ? 0.0 : static_cast<double>(num) / den; }
  std::string toString() const { return std::to_string(num) + "/" + std::to_string(den); }
  bool operator==(const Rational& o) const { return num == o.num && den == o.den; }
};

// "30000/1001", "25" or "29.97" (taken to 1/1000) as a positive rational at most
// 1000; nullopt for anything else.
std::optional<Rational> parseFrameRate(const std::string& text);

}  // namespace permanence
