// permanence_sam2_backend.so: the SAM 2.1 tracking tier as a plugin, so that programs
// which do not ask for it never load libtorch (see backends/backend_registry.h).
#include "sam2/sam2_backends.h"

extern "C" __attribute__((visibility("default"))) void permanence_register_backends(
    permanence::BackendRegistry* registry) {
  permanence::sam2::registerSam2Backends(*registry);
}
