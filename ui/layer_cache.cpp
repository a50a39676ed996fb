#include "layer_cache.h"

#include "worker_priority.h"

namespace permanence::ui {
namespace {
// Half a second ahead at 30 fps, and the frame on screen with a few behind it for
// repaints and stepping back: 24 720p layers are 88 MB.
constexpr std::size_t kKept = 24;
}  // namespace

LayerCache::LayerCache()
    : worker_([this](Request& r, const Superseded& s) { decodeAhead(r, s); }, [] { lowerCurrentThreadPriority(); }) {}

LayerCache::~LayerCache() = default;

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
  if (!samples) return;
  worker_.post({samples, sample, std::max(first, 0), std::min(last, static_cast<int>(samples->at(sample).layers.size()) - 1)});
}

void LayerCache::decodeAhead(const Request& request, const Superseded& superseded) {
  for (int frame = request.first; frame <= request.last && !superseded(); ++frame) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (find(request.samples, request.sample, frame)) continue;
    }
    QImage image = decode(request.samples, request.sample, frame);
    const std::lock_guard<std::mutex> lock(mutex_);
    store({request.samples, request.sample, frame, std::move(image)});
  }
}

}  // namespace permanence::ui
