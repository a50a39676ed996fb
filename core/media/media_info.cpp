#include "media/media_info.h"

namespace permanence {

nlohmann::json toJson(const MediaInfo& info) {
  return {{"path", info.path},
          {"container", info.container},
          {"codec", info.codec},
          {"width", info.width},
          {"height", info.height},
          {"rotation", info.rotation},
          {"fps", info.fps.toDouble()},
          {"fps_rational", info.fps.toString()},
          {"frame_count", info.frameCount},
          {"duration_s", info.durationSeconds},
          {"has_audio", info.hasAudio},
          {"has_alpha", info.hasAlpha},
          {"pix_fmt", info.pixelFormat}};
}

}  // namespace permanence
