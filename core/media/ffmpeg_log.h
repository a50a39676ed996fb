#pragma once

namespace permanence {

// FFmpeg prints its own warnings to stderr ("moov atom not found"); the engine
// reports problems in its own words, so FFmpeg stays quiet unless debugging.
void setFfmpegLogVerbose(bool verbose);

}  // namespace permanence
