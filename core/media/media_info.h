#pragma once
// What `permanence-cli info` reports about a source.
#include "media/rational.h"

#include <nlohmann/json.hpp>

#include <string>

namespace permanence {

struct MediaInfo {
  std::string path;
  std::string container;  // demuxer name, or "image_sequence"
  std::string codec;
  std::string pixelFormat;
  int width = 0;   // as displayed, after rotation
  int height = 0;  // as displayed, after rotation
  int rotation = 0;  // clockwise degrees applied to the coded frames: 0, 90, 180, 270
  Rational fps;
  int frameCount = 0;
  double durationSeconds = 0;
  bool hasAudio = false;
  bool hasAlpha = false;
};

nlohmann::json toJson(const MediaInfo& info);

}  // namespace permanence
