#pragma once

namespace permanence {

// Keeps large buffers (frames, masks, flow fields) in the process's heap once freed,
// instead of handing each back to the system and mapping a fresh one on the next
// allocation: every frame allocates and frees dozens of them, and faulting their
// pages in again cost the `amodal` command ~30 % of its time (1.05 s -> 0.75 s for
// 25 frames at 854x480). The heap then stays at its peak size until the process
// ends. Call once, first thing in main().
void keepLargeAllocationsInHeap();

}  // namespace permanence
