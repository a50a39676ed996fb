#pragma once
// Every subcommand of permanence-cli, one file each.
#include "cli_common.h"

namespace permanence::cli {

void registerInfoCommand(CLI::App& app, CommandAction& action);

}  // namespace permanence::cli
