#include "media/ffmpeg_log.h"

extern "C" {
#include <libavutil/log.h>
}

namespace permanence {

void setFfmpegLogVerbose(bool verbose) { av_log_set_level(verbose ? AV_LOG_INFO : AV_LOG_FATAL); }

}  // namespace permanence
