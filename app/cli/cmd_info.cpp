// permanence-cli info SRC: what the source is, as one line of JSON.
#include "commands.h"
#include "media/frame_source.h"
#include "media/image_sequence_source.h"

namespace permanence::cli {
namespace {

void registerInfoCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("info", "describe a video file or a folder of frames");
  auto path = std::make_shared<std::string>();
  cmd->add_option("source", *path, "video file or folder of frames")->required();
  cmd->callback([&action, path] {
    action = [path] {
      auto source = openFrameSource(*path);
      // A folder is only usable when every frame has the first one's size.
      if (auto* folder = dynamic_cast<ImageSequenceSource*>(source.get())) folder->checkUniformSize();
      printSummary(toJson(source->describe()));
      return 0;
    };
  });
}

const CommandRegistration registration("info", registerInfoCommand);

}  // namespace
}  // namespace permanence::cli
