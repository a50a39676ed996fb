#include "heap_policy.h"

#include <malloc.h>

namespace permanence {

void keepLargeAllocationsInHeap() {
  // glibc: blocks below the threshold come from the heap, and the heap's top is given
  // back only above the trim threshold.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}

}  // namespace permanence
