// permanence-cli info SRC: what the source is, as one line of JSON.
#include "commands.h"
#include "media/frame_source.h"

namespace permanence::cli {
namespace {

void registerInfoCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("info", "describe a video file or a folder of frames");
  auto path = std::make_shared<std::string>();
  cmd->add_option("source", *path, "video file or folder of frames")->required();
  cmd->callback([&action, path] {
    action = [path] {
      auto source = openFrameSource(*path);
      const cv::Size size = source->frameSize();
      const Rational fps = source->frameRate();
      nlohmann::json summary = {
          {"path", source->path()},       {"width", size.width},
          {"height", size.height},        {"fps", fps.toDouble()},
          {"fps_rational", fps.toString()}, {"frame_count", source->frameCount()},
      };
      printSummary(summary);
      return 0;
    };
  });
}

const CommandRegistration registration("info", registerInfoCommand);

}  // namespace
}  // namespace permanence::cli
