#include "jobs/job_runner.h"

#include "errors.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace permanence {

struct JobHandle::State {
  std::string name;
  JobFunction function;
  JobCallbacks callbacks;
  std::shared_ptr<CancelToken> token = std::make_shared<CancelToken>();
  mutable std::mutex mutex;
  mutable std::condition_variable finished;
  JobOutcome outcome;
  Progress progress;
};

void JobHandle::cancel() { state_->token->cancel(); }

JobOutcome JobHandle::wait() const {
  std::unique_lock lock(state_->mutex);
  state_->finished.wait(lock, [&] {
    const JobStatus s = state_->outcome.status;
    return s != JobStatus::Pending && s != JobStatus::Running;
  });
  return state_->outcome;
}

JobOutcome JobHandle::outcome() const {
  std::lock_guard lock(state_->mutex);
  return state_->outcome;
}

Progress JobHandle::progress() const {
  std::lock_guard lock(state_->mutex);
  return state_->progress;
}

const std::string& JobHandle::name() const { return state_->name; }

JobOutcome runJobInline(const JobFunction& function, JobContext& context) {
  JobOutcome outcome;
  try {
    context.throwIfCancelled();
    function(context);
    outcome.status = JobStatus::Succeeded;
  } catch (const Cancelled&) {
    outcome.status = JobStatus::Cancelled;
  } catch (const std::exception& e) {
    outcome.status = JobStatus::Failed;
    outcome.error = e.what();
  } catch (...) {
    outcome.status = JobStatus::Failed;
    outcome.error = "unknown error";
  }
  return outcome;
}

JobRunner::JobRunner(int cpuThreads) {
  inference_.threads.emplace_back([this] { workerLoop(inference_); });
  for (int i = 0; i < std::max(1, cpuThreads); ++i)
    cpu_.threads.emplace_back([this] { workerLoop(cpu_); });
}

JobRunner::~JobRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (Queue* q : {&inference_, &cpu_})
      for (auto& job : q->jobs) job->token->cancel();
    for (auto& job : running_) job->token->cancel();
  }
  wake_.notify_all();
  for (Queue* q : {&inference_, &cpu_})
    for (auto& t : q->threads) t.join();
}

JobHandle JobRunner::submit(std::string name, JobFunction function, JobLane lane,
                            JobCallbacks callbacks) {
  auto state = std::make_shared<JobHandle::State>();
  state->name = std::move(name);
  state->function = std::move(function);
  state->callbacks = std::move(callbacks);
  {
    std::lock_guard lock(mutex_);
    (lane == JobLane::Inference ? inference_ : cpu_).jobs.push_back(state);
  }
  wake_.notify_all();
  return JobHandle(state);
}

void JobRunner::workerLoop(Queue& queue) {
  for (;;) {
    std::shared_ptr<JobHandle::State> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;  // stopping with nothing left
      job = queue.jobs.front();
      queue.jobs.pop_front();
      running_.push_back(job);
    }
    {
      std::lock_guard lock(job->mutex);
      job->outcome.status = JobStatus::Running;
    }
    JobContext context(job->token, [job](const Progress& p) {
      {
        std::lock_guard lock(job->mutex);
        job->progress = p;
      }
      if (job->callbacks.onProgress) job->callbacks.onProgress(p);
    });
    const JobOutcome outcome = runJobInline(job->function, context);
    if (outcome.status == JobStatus::Failed)
      spdlog::error("job '{}' failed: {}", job->name, outcome.error);
    // Callbacks run before waiters wake, so whoever waits sees their effects.
    if (job->callbacks.onFinished) job->callbacks.onFinished(outcome);
    {
      std::lock_guard lock(job->mutex);
      job->outcome = outcome;
      job->function = nullptr;  // release captured state early
    }
    job->finished.notify_all();
    std::lock_guard lock(mutex_);
    running_.erase(std::find(running_.begin(), running_.end(), job));
  }
}

}  // namespace permanence
