#include "project/project_json.h"

#include "errors.h"

namespace permanence {
namespace {

using nlohmann::json;

const char* toString(Interpolation i) {
  switch (i) {
    case Interpolation::Linear: return "linear";
    case Interpolation::EaseInOut: return "ease_in_out";
    case Interpolation::Hold: return "hold";
  }
  return "linear";
}

Interpolation interpolationFrom(const std::string& s) {
  if (s == "linear") return Interpolation::Linear;
  if (s == "ease_in_out") return Interpolation::EaseInOut;
  if (s == "hold") return Interpolation::Hold;
  throw std::invalid_argument("unknown interpolation '" + s + "'");
}

// Reads an optional field, keeping the default when it is absent.
template <typename T>
void read(const json& j, const char* key, T& value) {
  if (auto it = j.find(key); it != j.end()) value = it->get<T>();
}

json toJson(const ObjectTrack& o) {
  json clicks = json::array(), boxes = json::array(), samples = json::array();
  for (const auto& c : o.clicks)
    clicks.push_back({{"frame", c.frame}, {"x", c.x}, {"y", c.y}, {"positive", c.positive}});
  for (const auto& b : o.boxes)
    boxes.push_back({{"frame", b.frame}, {"x", b.x}, {"y", b.y}, {"width", b.width}, {"height", b.height}});
  for (const auto& s : o.samples)
    samples.push_back({{"score", s.score}, {"amodal", s.amodalPath}, {"rgba", s.rgbaPath}, {"label", s.label}});
  return {{"id", o.id},           {"name", o.name},         {"colour", o.colour},
          {"clicks", clicks},     {"boxes", boxes},         {"keyframes", o.keyframes},
          {"modal", o.modalPath}, {"samples", samples}, {"chosen_sample", o.chosenSample}};
}

ObjectTrack objectFrom(const json& j) {
  ObjectTrack o;
  o.id = j.at("id").get<std::string>();
  read(j, "name", o.name);
  read(j, "colour", o.colour);
  for (const auto& c : j.value("clicks", json::array()))
    o.clicks.push_back({c.at("frame").get<int>(), c.at("x").get<double>(), c.at("y").get<double>(),
                        c.value("positive", true)});
  for (const auto& b : j.value("boxes", json::array()))
    o.boxes.push_back({b.at("frame").get<int>(), b.at("x").get<double>(), b.at("y").get<double>(),
                       b.at("width").get<double>(), b.at("height").get<double>()});
  read(j, "keyframes", o.keyframes);
  read(j, "modal", o.modalPath);
  for (const auto& s : j.value("samples", json::array()))
    o.samples.push_back(
        {s.value("score", 0.0), s.value("amodal", ""), s.value("rgba", ""), s.value("label", "")});
  read(j, "chosen_sample", o.chosenSample);
  if (!o.samples.empty() && (o.chosenSample < 0 || o.chosenSample >= static_cast<int>(o.samples.size())))
    throw std::invalid_argument("object '" + o.id + "': chosen_sample out of range");
  return o;
}

json toJson(const Layer& l) {
  json keys = json::array();
  for (const auto& k : l.keyframes)
    keys.push_back({{"frame", k.frame},
                    {"translate_x", k.translateX},
                    {"translate_y", k.translateY},
                    {"scale", k.scale},
                    {"rotation_degrees", k.rotationDegrees},
                    {"opacity", k.opacity},
                    {"interpolation", toString(k.interpolation)}});
  return {{"object_id", l.objectId}, {"visible", l.visible}, {"keyframes", keys}};
}

Layer layerFrom(const json& j) {
  Layer l;
  l.objectId = j.at("object_id").get<std::string>();
  read(j, "visible", l.visible);
  for (const auto& k : j.value("keyframes", json::array())) {
    TransformKeyframe t;
    t.frame = k.at("frame").get<int>();
    read(k, "translate_x", t.translateX);
    read(k, "translate_y", t.translateY);
    read(k, "scale", t.scale);
    read(k, "rotation_degrees", t.rotationDegrees);
    read(k, "opacity", t.opacity);
    t.interpolation = interpolationFrom(k.value("interpolation", "linear"));
    l.keyframes.push_back(t);
  }
  return l;
}

}  // namespace

json toJson(const Project& p) {
  json objects = json::array(), layers = json::array();
  for (const auto& o : p.objects) objects.push_back(toJson(o));
  for (const auto& l : p.layers) layers.push_back(toJson(l));
  const auto& e = p.exportSettings;
  const auto& b = p.backends;
  return {{"schema_version", kProjectSchemaVersion},
          {"application", "permanence"},
          {"source", p.source},
          {"source_frame_rate", p.sourceFrameRate},
          {"objects", objects},
          {"layers", layers},
          {"background", p.backgroundPath},
          {"export",
           {{"composite_path", e.compositePath},
            {"crf", e.crf},
            {"first_frame", e.firstFrame},
            {"last_frame", e.lastFrame},
            {"copy_audio", e.copyAudio},
            {"prores_per_object", e.proresPerObject},
            {"png_layers", e.pngLayers},
            {"masks", e.masks},
            {"openexr", e.openExr}}},
          {"backends", {{"track", b.track}, {"amodal", b.amodal}, {"complete", b.complete}, {"top_k", b.topK}}}};
}

Project projectFromJson(const json& document, const std::string& file) {
  json doc = document;
  migrateDocument(doc, projectMigrations(), kProjectSchemaVersion, file);
  try {
    Project p;
    p.source = doc.at("source").get<std::string>();
    for (const auto& o : doc.value("objects", json::array())) p.objects.push_back(objectFrom(o));
    for (const auto& l : doc.value("layers", json::array())) p.layers.push_back(layerFrom(l));
    read(doc, "background", p.backgroundPath);
    read(doc, "source_frame_rate", p.sourceFrameRate);
    if (auto e = doc.find("export"); e != doc.end()) {
      auto& s = p.exportSettings;
      read(*e, "composite_path", s.compositePath);
      read(*e, "crf", s.crf);
      read(*e, "first_frame", s.firstFrame);
      read(*e, "last_frame", s.lastFrame);
      read(*e, "copy_audio", s.copyAudio);
      read(*e, "prores_per_object", s.proresPerObject);
      read(*e, "png_layers", s.pngLayers);
      read(*e, "masks", s.masks);
      read(*e, "openexr", s.openExr);
    }
    if (auto b = doc.find("backends"); b != doc.end()) {
      read(*b, "track", p.backends.track);
      read(*b, "amodal", p.backends.amodal);
      read(*b, "complete", p.backends.complete);
      read(*b, "top_k", p.backends.topK);
    }
    for (const auto& l : p.layers)
      if (!p.findObject(l.objectId))
        throw std::invalid_argument("layer refers to unknown object '" + l.objectId + "'");
    return p;
  } catch (const json::exception& e) {
    throw InputError(file + ": invalid project file (" + e.what() + ")");
  } catch (const std::invalid_argument& e) {
    throw InputError(file + ": invalid project file (" + e.what() + ")");
  }
}

namespace {

// Renames `from` to `to` in `j` when it is there.
void renameKey(json& j, const char* from, const char* to) {
  if (auto it = j.find(from); it != j.end()) {
    j[to] = *it;
    j.erase(from);
  }
}

// Schema 2 stores each mask, layer and plate sequence as one patch file
// (media/patch_file.h) where schema 1 had a folder of full-frame PNGs, so the keys
// no longer say "dir". A migrated project still names its folders: the readers
// (loadMaskSequence, openStoredFrames) read a folder in the layout of schema 1.
void upgradeToPatchFiles(json& document) {
  renameKey(document, "background_dir", "background");
  if (auto objects = document.find("objects"); objects != document.end() && objects->is_array())
    for (auto& object : *objects) {
      renameKey(object, "modal_dir", "modal");
      if (auto samples = object.find("samples"); samples != object.end() && samples->is_array())
        for (auto& sample : *samples) {
          renameKey(sample, "amodal_dir", "amodal");
          renameKey(sample, "rgba_dir", "rgba");
        }
    }
}

}  // namespace

const Migrations& projectMigrations() {
  // Keyed by the version each step upgrades from.
  static const Migrations migrations = {{1, upgradeToPatchFiles}};
  return migrations;
}

void migrateDocument(json& document, const Migrations& migrations, int target, const std::string& file) {
  if (!document.is_object() || !document.contains("schema_version") ||
      !document["schema_version"].is_number_integer())
    throw InputError(file + ": not a Permanence project (no schema_version)");
  int version = document["schema_version"].get<int>();
  if (version > target)
    throw InputError(file + ": written by a newer Permanence (schema version " + std::to_string(version) +
                     ", this version reads up to " + std::to_string(target) + ")");
  while (version < target) {
    const auto step = migrations.find(version);
    if (step == migrations.end())
      throw InputError(file + ": schema version " + std::to_string(version) + " cannot be upgraded");
    step->second(document);
    document["schema_version"] = ++version;
  }
}

}  // namespace permanence
