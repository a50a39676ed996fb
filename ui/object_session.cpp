#include "object_session.h"

#include "media/image_codec.h"

#include <algorithm>

namespace permanence::ui {
namespace {

QColor paletteColour(int index) {
  static const QColor colours[] = {QColor(60, 200, 255), QColor(255, 80, 80), QColor(120, 230, 90),
                                   QColor(255, 190, 60), QColor(200, 110, 255), QColor(255, 120, 200)};
  return colours[index % 6];
}

}  // namespace

bool FramePrompt::locatesObject() const {
  return box || std::any_of(clicks.begin(), clicks.end(), [](const Click& c) { return c.positive; });
}

QImage ObjectSample::layer(int frame) const {
  const std::vector<uchar>& png = layers.at(frame);
  if (png.empty()) return {};
  const cv::Mat bgra = decodeImage(png, ImageLayout::Bgra, "completed layer");
  // BGRA bytes are QImage's ARGB32 on little-endian machines.
  return QImage(bgra.data, bgra.cols, bgra.rows, static_cast<int>(bgra.step), QImage::Format_ARGB32).copy();
}

ObjectSession::ObjectSession(QObject* parent) : QObject(parent) {
  connect(&worker_, &SegmentationWorker::segmented, this, &ObjectSession::onSegmented);
  connect(&worker_, &SegmentationWorker::learnedTrackerFailed, this, &ObjectSession::learnedTrackerFailed);
}

void ObjectSession::reset(FrameSource* frames, FrameCache* cache) {
  cancelSegmentation();
  worker_.setSource(frames, cache);
  frames_ = frames;
  objects_.clear();
  Q_EMIT changed();
}

bool ObjectSession::isSegmentingObject(int index) const {
  return std::any_of(pending_.begin(), pending_.end(), [index](const auto& entry) { return entry.first.first == index; });
}

void ObjectSession::cancelSegmentation() {
  worker_.cancelAll();
  pending_.clear();
}

int ObjectSession::appendObject() {
  const int index = objectCount();
  objects_.push_back({tr("Object %1").arg(index + 1), paletteColour(index), true, {},
                      MaskTrack(frames_->frameCount(), frames_->frameSize()), nullptr, 0, ++revisions_});
  Q_EMIT changed();
  return index;
}

void ObjectSession::removeLastObject() {
  const int index = objectCount() - 1;
  for (auto it = pending_.begin(); it != pending_.end();) it = it->first.first == index ? pending_.erase(it) : std::next(it);
  objects_.pop_back();
  Q_EMIT changed();
}

void ObjectSession::setVisible(int index, bool visible) {
  objects_.at(index).visible = visible;
  Q_EMIT changed();
}

void ObjectSession::setAppearance(int index, const QString& name, const QColor& colour) {
  EditorObject& object = objects_.at(index);
  object.name = name;
  object.colour = colour;
  Q_EMIT changed();
}

const FramePrompt& ObjectSession::promptOn(int index, int frame) const {
  static const FramePrompt none;
  const auto& prompts = objects_.at(index).prompts;
  const auto found = prompts.find(frame);
  return found == prompts.end() ? none : found->second;
}

void ObjectSession::setPrompt(int index, int frame, const FramePrompt& prompt) {
  EditorObject& object = objects_.at(index);
  if (prompt.isEmpty()) object.prompts.erase(frame); else object.prompts[frame] = prompt;
  if (!prompt.locatesObject()) {
    // Negative clicks alone say nothing about where the object is: keep them, drop the mask.
    pending_.erase({index, frame});
    clearRange(object, object.track.removeKeyframe(frame));
    clearRange(object, {frame, frame});
  } else {
    // The frame is a keyframe from now on, showing its old mask until the new one comes.
    object.track.setKeyframe(frame, object.track.mask(frame));
    SegmentationJob job{index, frame, ++generation_, {}};
    job.prompt.clicks = prompt.clicks;
    job.prompt.box = prompt.box;
    pending_[{index, frame}] = job.generation;
    worker_.request(std::move(job));
  }
  touch(object);
  Q_EMIT changed();
}

ObjectTrackState ObjectSession::trackState(int index) const {
  const EditorObject& object = objects_.at(index);
  return {object.prompts, object.track};
}

void ObjectSession::restoreTrackState(int index, const ObjectTrackState& state) {
  for (auto it = pending_.begin(); it != pending_.end();) it = it->first.first == index ? pending_.erase(it) : std::next(it);
  EditorObject& object = objects_.at(index);
  object.prompts = state.prompts;
  object.track = state.track;
  touch(object);
  Q_EMIT changed();
}

void ObjectSession::restoreKeyframe(int index, int frame, const FramePrompt& prompt, const Mask& mask) {
  EditorObject& object = objects_.at(index);
  pending_.erase({index, frame});
  object.prompts[frame] = prompt;
  if (prompt.locatesObject()) object.track.setKeyframe(frame, mask);
  touch(object);
  Q_EMIT changed();
}

void ObjectSession::onSegmented(int index, int frame, quint64 generation, const Mask& mask, const QString& error) {
  const auto found = pending_.find({index, frame});
  if (found == pending_.end() || found->second != generation) return;  // a newer edit came first
  pending_.erase(found);
  if (mask.isNull()) {
    Q_EMIT segmentationFailed(error);
    Q_EMIT changed();
    return;
  }
  EditorObject& object = objects_.at(index);
  object.track.setKeyframe(frame, mask);
  touch(object);
  Q_EMIT changed();
  Q_EMIT keyframeSegmented(index, frame);
}

void ObjectSession::setMasks(int index, int first, const std::vector<Mask>& masks) {
  EditorObject& object = objects_.at(index);
  object.track.setMasks(first, masks);
  touch(object);
  Q_EMIT changed();
}

bool ObjectSession::hasTrackedMasks(int index, FrameRange range) const {
  const MaskTrack& track = objects_.at(index).track;
  for (int frame = std::max(range.first, 0); frame <= std::min(range.last, track.frameCount() - 1); ++frame)
    if (!track.isKeyframe(frame) && !track.mask(frame).isEmpty()) return true;
  return false;
}

std::vector<Mask> ObjectSession::masks(int index) const {
  const MaskTrack& track = objects_.at(index).track;
  std::vector<Mask> result;
  result.reserve(track.frameCount());
  for (int frame = 0; frame < track.frameCount(); ++frame) result.push_back(track.mask(frame));
  return result;
}

void ObjectSession::setSamples(int index, ObjectSamples samples, int chosen) {
  EditorObject& object = objects_.at(index);
  object.samples = std::move(samples);
  object.chosenSample = chosen;
  Q_EMIT changed();
}

void ObjectSession::chooseSample(int index, int sample) {
  objects_.at(index).chosenSample = sample;
  Q_EMIT changed();
}

void ObjectSession::clearRange(EditorObject& object, FrameRange range) {
  if (range.isEmpty()) return;
  const cv::Size size = object.track.frameSize();
  object.track.setMasks(range.first, std::vector<Mask>(range.size(), Mask(size.width, size.height)));
}

}  // namespace permanence::ui
