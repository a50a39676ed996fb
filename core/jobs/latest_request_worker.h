#pragma once
// One background thread that serves the newest request: the editor's display workers
// (frame prefetch, layer prefetch, thumbnails, Top-K previews, the composite, click
// segmentation) all want "do this off the GUI thread, and if I ask again before you
// start, do only the new one; if you have started, you may stop early".
//
// Requests carry a key (by default all share one): a request waiting for the thread
// is replaced by a newer one with the same key, and a request already started learns
// through its Superseded token that a newer one with its key came (or that cancel()
// was called) - while it is served, and afterwards, so that results it posted to the
// GUI thread and not yet delivered can be dropped there. Requests of different keys wait side by side and are served oldest
// first, so two objects' clicks are both segmented.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace permanence {

// Tells a request's handler (and whatever the handler posts back to the GUI thread)
// whether a newer request has taken its place. Cheap to copy; safe on any thread.
class Superseded {
 public:
  Superseded() = default;
  bool operator()() const { return flag_ && flag_->load(std::memory_order_acquire); }

 private:
  template <class Request, class Key>
  friend class LatestRequestWorker;
  explicit Superseded(std::shared_ptr<std::atomic<bool>> flag) : flag_(std::move(flag)) {}
  std::shared_ptr<std::atomic<bool>> flag_;
};

// The key of requests that all replace each other.
struct OneKey {
  bool operator==(const OneKey&) const { return true; }
};

template <class Request, class Key = OneKey>
class LatestRequestWorker {
 public:
  // Runs on the worker thread; reports its own errors (it must not throw).
  using Handler = std::function<void(Request&, const Superseded&)>;
  using KeyOf = std::function<Key(const Request&)>;

  // `threadStart` runs once on the worker thread before any request (e.g. to lower its
  // priority); `keyOf` is needed only when Key is not OneKey.
  explicit LatestRequestWorker(Handler handler, std::function<void()> threadStart = {}, KeyOf keyOf = {})
      : handler_(std::move(handler)), keyOf_(keyOf ? std::move(keyOf) : [](const Request&) { return Key{}; }) {
    thread_ = std::thread([this, threadStart = std::move(threadStart)] {
      if (threadStart) threadStart();
      run();
    });
  }
  ~LatestRequestWorker() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      waiting_.clear();
      supersedeStarted([](const Key&) { return true; });
    }
    wake_.notify_all();
    thread_.join();
  }
  LatestRequestWorker(const LatestRequestWorker&) = delete;
  LatestRequestWorker& operator=(const LatestRequestWorker&) = delete;

  void post(Request request) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      const Key key = keyOf_(request);
      supersedeStarted([&key](const Key& k) { return k == key; });
      for (auto& waiting : waiting_)
        if (waiting.first == key) {
          waiting.second = std::move(request);
          return;
        }
      waiting_.emplace_back(key, std::move(request));
    }
    wake_.notify_one();
  }

  // Drops the waiting requests, tells the one being served to stop, and waits until it
  // has returned: afterwards the handler runs for nothing posted before.
  void cancel() {
    std::unique_lock<std::mutex> lock(mutex_);
    waiting_.clear();
    supersedeStarted([](const Key&) { return true; });
    idle_.wait(lock, [this] { return !busy_; });
  }

 private:
  // Sets and forgets the flags of the started requests whose key matches. Caller holds mutex_.
  template <class Matches>
  void supersedeStarted(Matches matches) {
    for (auto it = started_.begin(); it != started_.end();) {
      if (!matches(it->first)) {
        ++it;
        continue;
      }
      it->second->store(true, std::memory_order_release);
      it = started_.erase(it);
    }
  }

  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (stopping_) return;
      auto [key, request] = std::move(waiting_.front());
      waiting_.pop_front();
      auto flag = std::make_shared<std::atomic<bool>>(false);
      started_.emplace_back(key, flag);
      busy_ = true;
      lock.unlock();
      handler_(request, Superseded(flag));
      lock.lock();
      busy_ = false;
      idle_.notify_all();
    }
  }

  Handler handler_;
  KeyOf keyOf_;
  std::list<std::pair<Key, Request>> waiting_;  // oldest first, one per key
  // The flags of started requests not yet superseded, one per key.
  std::list<std::pair<Key, std::shared_ptr<std::atomic<bool>>>> started_;
  bool busy_ = false;  // a request is being served
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::thread thread_;
};

}  // namespace permanence
