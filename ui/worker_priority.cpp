#include "worker_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace permanence::ui {

void lowerCurrentThreadPriority(WorkerRole role) {
  // On Linux a nice value belongs to the thread, and threads it creates inherit it.
  // Weights of nice 10 and 19 are 110 and 15: a display worker gets about seven
  // times the CPU of a job thread it competes with.
  constexpr int kDisplayNice = 10;
  constexpr int kJobNice = 19;
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), role == WorkerRole::Job ? kJobNice : kDisplayNice);
}

}  // namespace permanence::ui
