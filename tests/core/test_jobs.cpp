#include "jobs/job_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

using namespace permanence;

TEST(Jobs, ReportsProgressAndSucceeds) {
  JobRunner runner;
  std::atomic<int> reports{0};
  JobCallbacks callbacks;
  callbacks.onProgress = [&](const Progress& p) {
    EXPECT_EQ(p.total, 5);
    ++reports;
  };
  std::vector<int> result;
  auto handle = runner.submit(
      "count", [&](JobContext& ctx) {
        for (int i = 0; i < 5; ++i) {
          result.push_back(i);
          ctx.report(i + 1, 5, "counting");
        }
      },
      JobLane::Cpu, callbacks);
  const JobOutcome outcome = handle.wait();
  EXPECT_EQ(outcome.status, JobStatus::Succeeded);
  EXPECT_EQ(reports.load(), 5);
  EXPECT_EQ(result.size(), 5u);
  EXPECT_EQ(handle.progress().done, 5);
}

TEST(Jobs, CancelStopsWithinOneStepAndLeavesStateUntouched) {
  JobRunner runner;
  std::vector<int> committed = {42};
  std::atomic<int> steps{0};
  std::atomic<bool> started{false};
  auto handle = runner.submit(
      "long", [&](JobContext& ctx) {
        std::vector<int> work;  // computed privately, committed only on success
        for (int i = 0; i < 1000000; ++i) {
          started = true;
          work.push_back(i);
          ++steps;
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          ctx.report(i + 1, 1000000);
        }
        committed = work;
      },
      JobLane::Inference);
  while (!started) std::this_thread::yield();
  handle.cancel();
  const int stepsAtCancel = steps.load();
  EXPECT_EQ(handle.wait().status, JobStatus::Cancelled);
  EXPECT_LE(steps.load() - stepsAtCancel, 1);
  EXPECT_EQ(committed, std::vector<int>{42});
}

TEST(Jobs, ExceptionBecomesErrorResult) {
  JobRunner runner;
  auto handle = runner.submit("boom", [](JobContext&) { throw std::runtime_error("disk full: out.mp4"); });
  const JobOutcome outcome = handle.wait();
  EXPECT_EQ(outcome.status, JobStatus::Failed);
  EXPECT_EQ(outcome.error, "disk full: out.mp4");
  // The runner is still usable after a failure.
  EXPECT_EQ(runner.submit("ok", [](JobContext&) {}).wait().status, JobStatus::Succeeded);
}

TEST(Jobs, InferenceJobsRunOneAtATimeInOrder) {
  JobRunner runner(2);
  std::vector<int> order;
  std::mutex m;
  std::vector<JobHandle> handles;
  for (int i = 0; i < 4; ++i)
    handles.push_back(runner.submit(
        "j", [&, i](JobContext&) {
          std::lock_guard lock(m);
          order.push_back(i);
        },
        JobLane::Inference));
  for (auto& h : handles) h.wait();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(Jobs, DestructorCancelsRunningJob) {
  std::atomic<bool> started{false};
  std::atomic<int> finalStatus{-1};
  {
    JobRunner runner;
    JobCallbacks callbacks;
    callbacks.onFinished = [&](const JobOutcome& o) { finalStatus = static_cast<int>(o.status); };
    runner.submit(
        "forever", [&](JobContext& ctx) {
          started = true;
          for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ctx.report(0, 1);
          }
        },
        JobLane::Cpu, callbacks);
    while (!started) std::this_thread::yield();
  }  // would hang here if the destructor did not cancel the running job
  EXPECT_EQ(finalStatus.load(), static_cast<int>(JobStatus::Cancelled));
}
