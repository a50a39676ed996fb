#pragma once
// Background threads of the editor (frame prefetch, thumbnails, previews) yield the
// CPU to the GUI thread: on a machine with few cores a decoder at full priority
// preempts the event loop for tens of milliseconds at a time.
namespace permanence::ui {

// Lowers the calling thread's scheduling priority (and that of threads it starts,
// such as a decoder's); does nothing where the system does not allow it.
void lowerCurrentThreadPriority();

}  // namespace permanence::ui
