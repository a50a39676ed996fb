#pragma once
// Subcommands register themselves: each cmd_*.cpp defines a registrar and adds it
// with a static CommandRegistration, so a new command is one new file.
#include "cli_common.h"

#include <vector>

namespace permanence::cli {

struct CommandEntry {
  const char* name;  // sorts the commands in --help
  CommandRegistrar registrar;
};

std::vector<CommandEntry>& commandRegistry();

struct CommandRegistration {
  CommandRegistration(const char* name, CommandRegistrar registrar) {
    commandRegistry().push_back({name, std::move(registrar)});
  }
};

}  // namespace permanence::cli
