#include "worker_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace permanence::ui {

void lowerCurrentThreadPriority() {
  // On Linux a nice value belongs to the thread, and threads it creates inherit it.
  constexpr int kBackgroundNice = 10;
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kBackgroundNice);
}

}  // namespace permanence::ui
