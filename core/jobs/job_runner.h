#pragma once
// Runs jobs off the caller's thread: one inference worker (it owns the torch device,
// so model stages run one at a time) and a small pool for CPU-only stages.
// cancel() is called directly on the handle, never queued behind the job.
#include "jobs/job.h"

#include <condition_variable>
#include <deque>
#include <thread>
#include <vector>

namespace permanence {

enum class JobLane { Inference, Cpu };

class JobHandle {
 public:
  struct State;
  explicit JobHandle(std::shared_ptr<State> state) : state_(std::move(state)) {}

  void cancel();
  // Blocks until the job has finished (succeeded, failed or cancelled).
  JobOutcome wait() const;
  JobOutcome outcome() const;
  Progress progress() const;
  const std::string& name() const;

 private:
  std::shared_ptr<State> state_;
};

struct JobCallbacks {
  ProgressCallback onProgress;                        // called on the job's thread
  std::function<void(const JobOutcome&)> onFinished;  // called on the job's thread
};

class JobRunner {
 public:
  explicit JobRunner(int cpuThreads = 1);
  ~JobRunner();  // cancels what is queued or running, then joins
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  JobHandle submit(std::string name, JobFunction function, JobLane lane = JobLane::Cpu,
                   JobCallbacks callbacks = {});

 private:
  struct Queue {
    std::deque<std::shared_ptr<JobHandle::State>> jobs;
    std::vector<std::thread> threads;
  };
  void workerLoop(Queue& queue);

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Queue inference_;
  Queue cpu_;
  std::vector<std::shared_ptr<JobHandle::State>> running_;
};

// Runs a function as a job on the calling thread and returns its outcome: the same
// error and cancel handling as the runner, for the CLI and tests.
JobOutcome runJobInline(const JobFunction& function, JobContext& context);

}  // namespace permanence
