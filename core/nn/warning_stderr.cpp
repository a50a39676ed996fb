#include <cstdio>

#include "nn/warning.h"

namespace permanence::nn {

void warn(const std::string& message) { std::fprintf(stderr, "warning: %s\n", message.c_str()); }

}  // namespace permanence::nn
