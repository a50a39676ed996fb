#include "jobs/latest_request_worker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <vector>

using permanence::LatestRequestWorker;
using permanence::Superseded;

namespace {

// A handler that records what it served and holds the first request until released,
// so a test can post while the thread is busy.
struct Recorder {
  std::mutex mutex;
  std::vector<int> served;
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();

  void serve(int request, const Superseded& superseded) {
    bool first = false;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      first = served.empty();
      served.push_back(request);
    }
    if (!first) return;
    entered.set_value();
    released.wait();
    if (superseded()) {
      const std::lock_guard<std::mutex> lock(mutex);
      served.push_back(-request);  // stopped early
    }
  }
  std::vector<int> result() {
    const std::lock_guard<std::mutex> lock(mutex);
    return served;
  }
};

void waitUntilServed(Recorder& r, std::size_t count) {
  for (int i = 0; i < 2000 && r.result().size() < count; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace

TEST(LatestRequestWorker, ANewerRequestReplacesTheWaitingOneAndSupersedesTheServedOne) {
  Recorder r;
  auto entered = r.entered.get_future();
  LatestRequestWorker<int> worker([&](int& q, const Superseded& s) { r.serve(q, s); });
  worker.post(1);
  entered.wait();  // 1 is being served
  worker.post(2);
  worker.post(3);  // replaces 2, which never runs
  r.release.set_value();
  waitUntilServed(r, 3);
  worker.cancel();
  EXPECT_EQ(r.result(), (std::vector<int>{1, -1, 3}));
}

TEST(LatestRequestWorker, RequestsOfDifferentKeysAreAllServedOldestFirst) {
  Recorder r;
  auto entered = r.entered.get_future();
  // Key: the request's tens (object), as the click segmentation keys by object and frame.
  LatestRequestWorker<int, int> worker([&](int& q, const Superseded& s) { r.serve(q, s); }, {},
                                       [](const int& q) { return q / 10; });
  worker.post(11);
  entered.wait();
  worker.post(21);
  worker.post(31);
  worker.post(22);  // replaces 21, keeps its place before 31
  r.release.set_value();
  waitUntilServed(r, 3);
  worker.cancel();
  EXPECT_EQ(r.result(), (std::vector<int>{11, 22, 31}));  // 11 not superseded: no key-1 request came
}

TEST(LatestRequestWorker, CancelStopsTheServedRequestWaitsForItAndDropsTheOthers) {
  Recorder r;
  auto entered = r.entered.get_future();
  LatestRequestWorker<int> worker([&](int& q, const Superseded& s) { r.serve(q, s); });
  worker.post(1);
  entered.wait();
  worker.post(2);
  auto cancelled = std::async(std::launch::async, [&] { worker.cancel(); });
  EXPECT_EQ(cancelled.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);  // 1 still runs
  r.release.set_value();
  cancelled.wait();
  EXPECT_EQ(r.result(), (std::vector<int>{1, -1}));  // returned before cancel did; 2 never ran
  worker.post(4);
  waitUntilServed(r, 3);
  EXPECT_EQ(r.result(), (std::vector<int>{1, -1, 4}));  // the worker serves again after a cancel
}

TEST(LatestRequestWorker, ThreadStartRunsOnTheWorkerThreadBeforeAnyRequest) {
  std::thread::id started, served;
  std::promise<void> done;
  LatestRequestWorker<int> worker(
      [&](int&, const Superseded&) {
        served = std::this_thread::get_id();
        done.set_value();
      },
      [&] { started = std::this_thread::get_id(); });
  worker.post(0);
  done.get_future().wait();
  EXPECT_EQ(started, served);
  EXPECT_NE(started, std::this_thread::get_id());
}

// A request that has finished is still told when a newer one comes: what it posted to
// the GUI thread and is not delivered yet can be dropped there.
TEST(LatestRequestWorker, AFinishedRequestIsSupersededByTheNextPostOfItsKey) {
  std::mutex mutex;
  std::vector<Superseded> tokens;
  std::promise<void> first;
  LatestRequestWorker<int> worker([&](int& q, const Superseded& s) {
    const std::lock_guard<std::mutex> lock(mutex);
    tokens.push_back(s);
    if (q == 1) first.set_value();
  });
  worker.post(1);
  first.get_future().wait();
  worker.cancel();  // 1 has returned
  Superseded one;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    one = tokens.at(0);
  }
  EXPECT_TRUE(one());  // cancel supersedes what was started
  worker.post(2);
  worker.cancel();
}
