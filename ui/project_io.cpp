#include "project_io.h"

#include "errors.h"
#include "mask/mask_io.h"
#include "project/project_paths.h"

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace permanence::ui {
namespace {

void writeMasks(const std::vector<Mask>& masks, const FrameSource& frames, const fs::path& dir) {
  fs::create_directories(dir);
  for (std::size_t f = 0; f < masks.size(); ++f)
    saveMaskPng((dir / (frames.frameName(static_cast<int>(f)) + ".png")).string(), masks[f]);
}

std::vector<Mask> readMasks(const FrameSource& frames, const fs::path& dir) {
  std::vector<Mask> masks;
  for (int f = 0; f < frames.frameCount(); ++f) {
    const fs::path file = dir / (frames.frameName(f) + ".png");
    Mask mask = loadMaskPng(file.string());
    if (mask.size() != frames.frameSize())
      throw InputError(file.string() + ": mask size differs from the frames of " + frames.path());
    masks.push_back(std::move(mask));
  }
  return masks;
}

void writeLayers(const ObjectSample& sample, const FrameSource& frames, const fs::path& dir) {
  fs::create_directories(dir);
  for (std::size_t f = 0; f < sample.layers.size(); ++f) {
    std::ofstream out(dir / (frames.frameName(static_cast<int>(f)) + ".png"), std::ios::binary);
    out.write(reinterpret_cast<const char*>(sample.layers[f].data()), static_cast<std::streamsize>(sample.layers[f].size()));
    if (!out) throw InputError((dir / frames.frameName(static_cast<int>(f))).string() + ".png: cannot write");
  }
}

std::vector<std::vector<uchar>> readLayers(const FrameSource& frames, const fs::path& dir) {
  std::vector<std::vector<uchar>> layers;
  for (int f = 0; f < frames.frameCount(); ++f) {
    std::ifstream in(dir / (frames.frameName(f) + ".png"), std::ios::binary);
    if (!in) throw InputError((dir / frames.frameName(f)).string() + ".png: missing layer");
    layers.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return layers;
}

}  // namespace

Project sessionToProject(const ObjectSession& session, const fs::path& folder, bool writePixels) {
  Project project;
  const FrameSource& frames = *session.frames();
  project.source = storedSourcePath(folder, frames.path());
  for (int i = 0; i < session.objectCount(); ++i) {
    const EditorObject& object = session.object(i);
    ObjectTrack track;
    track.id = "obj" + std::to_string(i + 1);
    track.name = object.name.toStdString();
    track.colour = object.colour.name().toStdString();
    for (const auto& [frame, prompt] : object.prompts) {
      for (const Click& c : prompt.clicks) track.clicks.push_back({frame, double(c.point.x), double(c.point.y), c.positive});
      if (prompt.box)
        track.boxes.push_back({frame, double(prompt.box->x), double(prompt.box->y), double(prompt.box->width),
                               double(prompt.box->height)});
    }
    track.keyframes = object.track.keyframes();
    track.chosenSample = object.chosenSample;
    if (writePixels) {
      track.modalDir = track.id + "/modal";
      writeMasks(session.masks(i), frames, folder / track.modalDir);
      for (std::size_t k = 0; object.samples && k < object.samples->size(); ++k) {
        const ObjectSample& sample = object.samples->at(k);
        const std::string dir = track.id + "/sample" + std::to_string(k + 1);
        writeMasks(sample.amodal, frames, folder / dir / "amodal");
        writeLayers(sample, frames, folder / dir / "rgba");
        track.samples.push_back({sample.score, dir + "/amodal", dir + "/rgba"});
      }
    }
    project.objects.push_back(std::move(track));
    project.layers.push_back({project.objects.back().id, object.visible, {}});
  }
  return project;
}

void projectToSession(const Project& project, const fs::path& folder, ObjectSession& session) {
  const std::string file = (folder / "project.json").string();
  const FrameSource& frames = *session.frames();
  for (const ObjectTrack& track : project.objects) {
    const int index = session.appendObject();
    session.setAppearance(index, QString::fromStdString(track.name), QColor(QString::fromStdString(track.colour)));
    std::map<int, FramePrompt> prompts;
    for (const ClickPrompt& c : track.clicks)
      prompts[c.frame].clicks.push_back({{static_cast<int>(c.x), static_cast<int>(c.y)}, c.positive});
    for (const BoxPrompt& b : track.boxes)
      prompts[b.frame].box = cv::Rect(static_cast<int>(b.x), static_cast<int>(b.y), static_cast<int>(b.width),
                                      static_cast<int>(b.height));
    if (track.modalDir.empty()) {
      for (const auto& [frame, prompt] : prompts) session.setPrompt(index, frame, prompt);
    } else {
      const std::vector<Mask> masks = readMasks(frames, resolveInProject(folder, track.modalDir, false, file));
      for (const auto& [frame, prompt] : prompts) session.restoreKeyframe(index, frame, prompt, masks.at(frame));
      session.setMasks(index, 0, masks);
    }
    if (track.samples.empty()) continue;
    auto samples = std::make_shared<std::vector<ObjectSample>>();
    for (const SampleInfo& info : track.samples)
      samples->push_back({info.score, {}, readMasks(frames, resolveInProject(folder, info.amodalDir, false, file)),
                          info.rgbaDir.empty() ? std::vector<std::vector<uchar>>(frames.frameCount())
                                               : readLayers(frames, resolveInProject(folder, info.rgbaDir, false, file))});
    session.setSamples(index, samples, std::clamp(track.chosenSample, 0, static_cast<int>(samples->size()) - 1));
  }
}

}  // namespace permanence::ui
