#include "composition.h"

#include "compose/z_order.h"
#include "errors.h"

#include <algorithm>

namespace permanence::ui {
namespace {

// Occlusion evidence from at most this many frames, spread over the clip: enough
// to order objects, and quick enough for the GUI thread on long 720p clips.
constexpr int kOrderFrames = 32;

}  // namespace

std::string objectIdOf(int index) { return "obj" + std::to_string(index + 1); }

std::vector<TransformKeyframe> withKeyAt(std::vector<TransformKeyframe> keyframes, int frame,
                                         const LayerTransform& transform, Interpolation interpolation) {
  TransformKeyframe key;
  key.frame = frame;
  key.translateX = transform.translateX;
  key.translateY = transform.translateY;
  key.scale = transform.scale;
  key.rotationDegrees = transform.rotationDegrees;
  key.opacity = transform.opacity;
  key.interpolation = interpolation;
  const auto at = std::lower_bound(keyframes.begin(), keyframes.end(), frame,
                                   [](const TransformKeyframe& k, int f) { return k.frame < f; });
  if (at != keyframes.end() && at->frame == frame) *at = key;
  else keyframes.insert(at, key);
  return keyframes;
}

Composition::Composition(const ObjectSession& session, QObject* parent) : QObject(parent), session_(session) {
  connect(&session_, &ObjectSession::changed, this, &Composition::onSessionChanged);
}

void Composition::reset() {
  layers_.clear();
  plate_ = {};
  exportSettings_ = {};
  names_ = session_.frames() ? frameNamesOf(*session_.frames()) : nullptr;
  touch();
}

const CompositionLayer* Composition::layerOf(int object) const {
  for (const CompositionLayer& layer : layers_)
    if (layer.object == object) return &layer;
  return nullptr;
}

std::vector<int> Composition::order() const {
  std::vector<int> objects;
  for (const CompositionLayer& layer : layers_) objects.push_back(layer.object);
  return objects;
}

void Composition::setOrder(const std::vector<int>& objects) {
  std::vector<CompositionLayer> ordered;
  for (int object : objects)
    if (const CompositionLayer* layer = layerOf(object)) ordered.push_back(*layer);
  if (ordered.size() != layers_.size()) return;  // not a permutation of the layers
  layers_ = std::move(ordered);
  touch();
}

void Composition::setVisible(int object, bool visible) {
  for (CompositionLayer& layer : layers_)
    if (layer.object == object) layer.visible = visible;
  touch();
}

void Composition::setKeyframes(int object, std::vector<TransformKeyframe> keyframes) {
  for (CompositionLayer& layer : layers_)
    if (layer.object == object) layer.keyframes = keyframes;
  touch();
}

std::vector<int> Composition::keyedFrames(int object) const {
  std::vector<int> frames;
  if (const CompositionLayer* layer = layerOf(object))
    for (const TransformKeyframe& key : layer->keyframes) frames.push_back(key.frame);
  return frames;
}

void Composition::setLayers(std::vector<CompositionLayer> layers) {
  layers_ = std::move(layers);
  onSessionChanged();  // drops layers of objects without samples, adds missing ones
  touch();
}

std::vector<int> Composition::deoccludedObjects() const {
  std::vector<int> objects;
  for (int i = 0; i < session_.objectCount(); ++i)
    if (session_.object(i).samples && !session_.object(i).samples->empty()) objects.push_back(i);
  return objects;
}

void Composition::setPlate(BackgroundPlate plate) {
  plate_ = std::move(plate);
  touch();
}

void Composition::onSessionChanged() {
  const std::vector<int> wanted = deoccludedObjects();
  layers_.erase(std::remove_if(layers_.begin(), layers_.end(),
                               [&](const CompositionLayer& l) {
                                 return !std::binary_search(wanted.begin(), wanted.end(), l.object);
                               }),
                layers_.end());
  for (int object : wanted)
    if (!layerOf(object)) insertInferredPlace(object);
  // Any session change may change the pixels of a layer (a newly chosen sample).
  touch();
}

void Composition::insertInferredPlace(int object) {
  std::vector<int> objects = order();
  objects.push_back(object);
  const int frameCount = session_.frames() ? session_.frames()->frameCount() : 0;
  const int stride = std::max(1, frameCount / kOrderFrames);
  std::vector<ObjectMasks> masks;
  for (int o : objects) {
    const EditorObject& editorObject = session_.object(o);
    const std::vector<Mask>& amodal = editorObject.samples->at(editorObject.chosenSample).amodal;
    ObjectMasks m;
    for (int f = 0; f < frameCount && f < static_cast<int>(amodal.size()); f += stride) {
      m.modal.push_back(editorObject.track.mask(f));
      m.amodal.push_back(amodal[f]);
    }
    masks.push_back(std::move(m));
  }
  const std::vector<int> inferred = inferZOrder(masks);  // indices into `objects`, back to front
  const auto newAt = std::find(inferred.begin(), inferred.end(), static_cast<int>(objects.size()) - 1);
  // In front of every layer the inference puts behind it.
  auto insertAt = layers_.begin();
  for (auto it = inferred.begin(); it != newAt; ++it) {
    const auto layer = std::find_if(layers_.begin(), layers_.end(),
                                    [&](const CompositionLayer& l) { return l.object == objects[*it]; });
    insertAt = std::max(insertAt, layer + 1);
  }
  layers_.insert(insertAt, CompositionLayer{object, true, {}});
}

void Composition::touch() {
  ++revision_;
  Q_EMIT changed();
}

Scene Composition::scene() const {
  if (!hasPlate() || !session_.frames()) throw InputError("the background plate has not been computed yet");
  const FrameSource& clip = *session_.frames();
  Scene scene;
  scene.plate = std::make_shared<EncodedFrameSource>("background plate", plate_.frames, names_, clip.frameSize(),
                                                     clip.frameRate(), false);
  for (const CompositionLayer& layer : layers_) {
    // The session tells its views about a change before this model drops the
    // layer of an object that lost its samples: skip such a layer until then.
    if (layer.object >= session_.objectCount() || !session_.object(layer.object).samples) continue;
    const EditorObject& object = session_.object(layer.object);
    const EncodedFrames frames(object.samples, &object.samples->at(object.chosenSample).layers);
    SceneLayer sceneLayer;
    sceneLayer.objectId = objectIdOf(layer.object);
    sceneLayer.rgba = std::make_shared<EncodedFrameSource>(object.name.toStdString(), frames, names_,
                                                           clip.frameSize(), clip.frameRate(), true);
    sceneLayer.keyframes = layer.keyframes;
    sceneLayer.visible = layer.visible;
    scene.layers.push_back(std::move(sceneLayer));
  }
  return scene;
}

}  // namespace permanence::ui
