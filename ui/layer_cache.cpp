#include "layer_cache.h"

#include "worker_priority.h"

namespace permanence::ui {
namespace {
// Half a second ahead at 30 fps, and the frame on screen with a few behind it for
// repaints and stepping back: 24 720p layers are 88 MB.
constexpr std::size_t kKept = 24;
}  // namespace

LayerCache::LayerCache() : thread_([this] { run(); }) {}

LayerCache::~LayerCache() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

QImage LayerCache::decode(const ObjectSamples& samples, int sample, int frame) {
  const QImage layer = samples->at(sample).layer(frame);
  // Premultiplied once here: the painter would convert a straight-alpha image on
  // every repaint.
  return layer.isNull() ? layer : layer.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

const QImage* LayerCache::find(const ObjectSamples& samples, int sample, int frame) const {
  for (const Entry& e : entries_)
    if (e.samples == samples && e.sample == sample && e.frame == frame) return &e.image;
  return nullptr;
}

void LayerCache::store(Entry entry) {
  if (find(entry.samples, entry.sample, entry.frame)) return;
  entries_.push_back(std::move(entry));
  while (entries_.size() > kKept) entries_.pop_front();
}

QImage LayerCache::layer(const ObjectSamples& samples, int sample, int frame) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const QImage* cached = find(samples, sample, frame)) return *cached;
  }
  QImage image = decode(samples, sample, frame);
  const std::lock_guard<std::mutex> lock(mutex_);
  store({samples, sample, frame, image});
  return image;
}

void LayerCache::prefetch(const ObjectSamples& samples, int sample, int first, int last) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    wanted_ = samples;
    wantedSample_ = sample;
    next_ = std::max(first, 0);
    last_ = samples ? std::min(last, static_cast<int>(samples->at(sample).layers.size()) - 1) : -1;
  }
  wake_.notify_one();
}

void LayerCache::run() {
  lowerCurrentThreadPriority();
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || (wanted_ && next_ <= last_); });
    if (stopping_) return;
    const ObjectSamples samples = wanted_;
    const int sample = wantedSample_, frame = next_++;
    if (find(samples, sample, frame)) continue;
    lock.unlock();
    QImage image = decode(samples, sample, frame);
    lock.lock();
    store({samples, sample, frame, std::move(image)});
  }
}

}  // namespace permanence::ui
