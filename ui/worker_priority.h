#pragma once
// Background threads of the editor yield the CPU: on a machine with few cores a
// decoder at full priority preempts the event loop for tens of milliseconds at a
// time, and a job (tracking, de-occlusion) at the display decoder's priority starved
// it, so the viewer stayed on an old frame for seconds while the playhead moved on.
namespace permanence::ui {

enum class WorkerRole {
  Display,  // frame prefetch, thumbnails, previews: below the GUI thread
  Job,      // long jobs: below the display's workers too
};

// Lowers the calling thread's scheduling priority (and that of threads it starts,
// such as a decoder's or a tracker's); does nothing where the system does not allow it.
void lowerCurrentThreadPriority(WorkerRole role = WorkerRole::Display);

}  // namespace permanence::ui
