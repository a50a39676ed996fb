// permanence_diffusion_backend.so: the diffusion tier as a plugin, so that programs
// which do not ask for it never load libtorch (see backends/backend_registry.h).
#include "diffusion/diffusion_backends.h"

extern "C" __attribute__((visibility("default"))) void permanence_register_backends(
    permanence::BackendRegistry* registry) {
  permanence::diffusion::registerDiffusionBackends(*registry);
}
