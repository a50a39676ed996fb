#include "project_io.h"

#include "errors.h"
#include "mask/mask_io.h"
#include "mask/mask_sequence.h"
#include "media/image_codec.h"
#include "media/patch_file.h"
#include "project/project_paths.h"
#include "project/project_store.h"

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace permanence::ui {
namespace {

constexpr const char* kWriting = "writing the project";
constexpr const char* kReading = "reading the project";

// Counts the frames of a save or an open for its progress.
class FrameProgress {
 public:
  FrameProgress(JobContext& context, std::int64_t total, const char* label)
      : context_(context), total_(total), label_(label) {}
  void framesDone(std::int64_t frames) { context_.report(done_ += frames, total_, label_); }

 private:
  JobContext& context_;
  std::int64_t total_;
  std::int64_t done_ = 0;
  const char* label_;
};

std::string patchFile(const std::string& stem) { return stem + kPatchFileExtension; }

// Schema 1 kept every frame as a PNG in a folder: these read that layout.
namespace schema1 {

fs::path fileOf(const fs::path& dir, const FrameNaming& frames, std::size_t frame) {
  return dir / (frames.names->at(frame) + ".png");
}

std::vector<uchar> readBytes(const fs::path& file, const char* what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": missing " + what);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<Mask> readMasks(const FrameNaming& frames, const fs::path& dir, FrameProgress& progress) {
  std::vector<Mask> masks;
  for (std::size_t f = 0; f < frames.names->size(); ++f) {
    const fs::path file = fileOf(dir, frames, f);
    Mask mask = loadMaskPng(file.string());
    if (mask.size() != frames.size) throw InputError(file.string() + ": mask size differs from the frames of " + frames.clip);
    masks.push_back(std::move(mask));
    progress.framesDone(1);
  }
  return masks;
}

std::vector<std::vector<uchar>> readEncoded(const FrameNaming& frames, const fs::path& dir, const char* what,
                                            FrameProgress& progress) {
  std::vector<std::vector<uchar>> images;
  for (std::size_t f = 0; f < frames.names->size(); ++f) {
    images.push_back(readBytes(fileOf(dir, frames, f), what));
    progress.framesDone(1);
  }
  return images;
}

}  // namespace schema1

void checkFits(const PatchSequence& sequence, const FrameNaming& frames, const fs::path& file) {
  if (sequence.frameSize != frames.size || sequence.patches.size() != frames.names->size())
    throw InputError(file.string() + ": frame count or size differs from the frames of " + frames.clip);
}

void writeMasks(const std::vector<Mask>& masks, const FrameNaming& frames, const fs::path& file,
                FrameProgress& progress) {
  fs::create_directories(file.parent_path());
  saveMaskSequence(file, masks, *frames.names);
  progress.framesDone(static_cast<std::int64_t>(masks.size()));
}

std::vector<Mask> readMasks(const FrameNaming& frames, const fs::path& path, FrameProgress& progress) {
  if (fs::is_directory(path)) return schema1::readMasks(frames, path, progress);
  std::vector<Mask> masks = loadMaskSequence(path.string());
  if (masks.size() != frames.names->size() || (!masks.empty() && masks.front().size() != frames.size))
    throw InputError(path.string() + ": frame count or size differs from the frames of " + frames.clip);
  progress.framesDone(static_cast<std::int64_t>(masks.size()));
  return masks;
}

// The editor holds layers as full-frame PNGs (an empty one: fully transparent); the
// project stores each cropped to what is not transparent black.
void writeLayers(const std::vector<std::vector<uchar>>& layers, const FrameNaming& frames, const fs::path& file,
                 FrameProgress& progress) {
  PatchSequence sequence{frames.size, 4, PatchBase::Zero, *frames.names, {}};
  for (std::size_t f = 0; f < layers.size(); ++f) {
    sequence.patches.push_back(
        layers[f].empty() ? FramePatch{}
                          : patchOf(decodeImage(layers[f], ImageLayout::Bgra, file.string() + ": frame " + frames.names->at(f)), {}));
    progress.framesDone(1);
  }
  fs::create_directories(file.parent_path());
  writePatchFile(file, sequence);
}

std::vector<std::vector<uchar>> readLayers(const FrameNaming& frames, const fs::path& path, FrameProgress& progress) {
  if (fs::is_directory(path)) return schema1::readEncoded(frames, path, "layer", progress);
  const PatchSequence sequence = readPatchFile(path);
  checkFits(sequence, frames, path);
  if (sequence.channels != 4 || sequence.base != PatchBase::Zero) throw InputError(path.string() + ": not a layer patch file");
  std::vector<std::vector<uchar>> layers;
  for (std::size_t f = 0; f < sequence.patches.size(); ++f) {
    const FramePatch& patch = sequence.patches[f];
    layers.push_back(patch.box.empty() ? std::vector<uchar>()
                                       : encodePng(applyPatch(patch, {}, frames.size, 4, path.string() + ": frame " + sequence.names[f])));
    progress.framesDone(1);
  }
  return layers;
}

// The plate is stored where it differs from the clip's frame (read here in order).
void writePlate(const std::vector<std::vector<uchar>>& plate, const FrameNaming& frames, const fs::path& file,
                FrameProgress& progress) {
  const auto clip = openFrameSource(frames.clip);
  PatchSequence sequence{frames.size, 3, PatchBase::Source, *frames.names, {}};
  for (std::size_t f = 0; f < plate.size(); ++f) {
    const cv::Mat frame = decodeImage(plate[f], ImageLayout::Bgr, file.string() + ": frame " + frames.names->at(f));
    sequence.patches.push_back(patchOf(frame, clip->readFrame(static_cast<int>(f))));
    progress.framesDone(1);
  }
  writePatchFile(file, sequence);
}

std::vector<std::vector<uchar>> readPlate(const FrameNaming& frames, const fs::path& path, FrameProgress& progress) {
  if (fs::is_directory(path)) return schema1::readEncoded(frames, path, "background plate frame", progress);
  const PatchSequence sequence = readPatchFile(path);
  checkFits(sequence, frames, path);
  if (sequence.channels != 3 || sequence.base != PatchBase::Source) throw InputError(path.string() + ": not a plate patch file");
  const auto clip = openFrameSource(frames.clip);
  std::vector<std::vector<uchar>> plate;
  for (std::size_t f = 0; f < sequence.patches.size(); ++f) {
    plate.push_back(encodePng(applyPatch(sequence.patches[f], clip->readFrame(static_cast<int>(f)), frames.size, 3,
                                         path.string() + ": frame " + sequence.names[f])));
    progress.framesDone(1);
  }
  return plate;
}

}  // namespace

FrameNaming frameNamingOf(const FrameSource& frames) { return {frameNamesOf(frames), frames.frameSize(), frames.path()}; }

Project sessionToProject(const ObjectSession& session, const fs::path& folder) {
  Project project;
  project.source = storedSourcePath(folder, session.frames()->path());
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
    project.objects.push_back(std::move(track));
    project.layers.push_back({project.objects.back().id, object.visible, {}});
  }
  return project;
}

ProjectPixels pixelsOf(const ObjectSession& session) {
  ProjectPixels pixels;
  for (int i = 0; i < session.objectCount(); ++i) pixels.objects.push_back({session.masks(i), session.object(i).samples});
  return pixels;
}

void writeProjectPixels(const ProjectPixels& pixels, const FrameNaming& frames, const fs::path& folder,
                        Project& project, JobContext& context) {
  const auto perSequence = static_cast<std::int64_t>(frames.names->size());
  std::int64_t total = pixels.plate ? perSequence : 0;
  for (const ObjectPixels& object : pixels.objects)
    total += perSequence * (1 + (object.samples ? 2 * static_cast<std::int64_t>(object.samples->size()) : 0));
  FrameProgress progress(context, total, kWriting);
  for (std::size_t i = 0; i < pixels.objects.size(); ++i) {
    const ObjectPixels& object = pixels.objects[i];
    ObjectTrack& track = project.objects.at(i);
    track.modalPath = patchFile(track.id + "/modal");
    writeMasks(object.modal, frames, folder / track.modalPath, progress);
    track.samples.clear();
    for (std::size_t k = 0; object.samples && k < object.samples->size(); ++k) {
      const ObjectSample& sample = object.samples->at(k);
      const std::string dir = track.id + "/sample" + std::to_string(k + 1);
      const std::string amodal = patchFile(dir + "/amodal"), rgba = patchFile(dir + "/rgba");
      writeMasks(sample.amodal, frames, folder / amodal, progress);
      writeLayers(sample.layers, frames, folder / rgba, progress);
      track.samples.push_back({sample.score, amodal, rgba, sample.label.toStdString()});
    }
  }
  if (pixels.plate) {
    project.backgroundPath = kBackgroundFile;
    writePlate(*pixels.plate, frames, folder / project.backgroundPath, progress);
  }
}

ProjectPixels readProjectPixels(const Project& project, const FrameNaming& frames, const fs::path& folder,
                                JobContext& context) {
  const std::string file = (folder / kProjectFileName).string();
  const auto perSequence = static_cast<std::int64_t>(frames.names->size());
  std::int64_t total = project.backgroundPath.empty() ? 0 : perSequence;
  for (const ObjectTrack& track : project.objects)
    total += perSequence * ((track.modalPath.empty() ? 0 : 1) + 2 * static_cast<std::int64_t>(track.samples.size()));
  FrameProgress progress(context, total, kReading);
  ProjectPixels pixels;
  for (const ObjectTrack& track : project.objects) {
    ObjectPixels object;
    if (!track.modalPath.empty()) object.modal = readMasks(frames, resolveInProject(folder, track.modalPath, false, file), progress);
    if (!track.samples.empty()) {
      auto samples = std::make_shared<std::vector<ObjectSample>>();
      for (const SampleInfo& info : track.samples) {
        ObjectSample sample{info.score, QString::fromStdString(info.label),
                            readMasks(frames, resolveInProject(folder, info.amodalPath, false, file), progress), {}};
        sample.layers = info.rgbaPath.empty()
                            ? std::vector<std::vector<uchar>>(frames.names->size())
                            : readLayers(frames, resolveInProject(folder, info.rgbaPath, false, file), progress);
        samples->push_back(std::move(sample));
      }
      object.samples = std::move(samples);
    }
    pixels.objects.push_back(std::move(object));
  }
  if (!project.backgroundPath.empty()) {
    const fs::path path = resolveInProject(folder, project.backgroundPath, false, file);
    pixels.plate = std::make_shared<const std::vector<std::vector<uchar>>>(readPlate(frames, path, progress));
  }
  return pixels;
}

void projectToSession(const Project& project, const ProjectPixels& pixels, ObjectSession& session) {
  for (std::size_t i = 0; i < project.objects.size(); ++i) {
    const ObjectTrack& track = project.objects[i];
    const ObjectPixels& stored = pixels.objects.at(i);
    const int index = session.appendObject();
    session.setAppearance(index, QString::fromStdString(track.name), QColor(QString::fromStdString(track.colour)));
    std::map<int, FramePrompt> prompts;
    for (const ClickPrompt& c : track.clicks)
      prompts[c.frame].clicks.push_back({{static_cast<int>(c.x), static_cast<int>(c.y)}, c.positive});
    for (const BoxPrompt& b : track.boxes)
      prompts[b.frame].box = cv::Rect(static_cast<int>(b.x), static_cast<int>(b.y), static_cast<int>(b.width),
                                      static_cast<int>(b.height));
    if (stored.modal.empty()) {
      for (const auto& [frame, prompt] : prompts) session.setPrompt(index, frame, prompt);
    } else {
      for (const auto& [frame, prompt] : prompts) session.restoreKeyframe(index, frame, prompt, stored.modal.at(frame));
      session.setMasks(index, 0, stored.modal);
    }
    if (stored.samples && !stored.samples->empty())
      session.setSamples(index, stored.samples,
                         std::clamp(track.chosenSample, 0, static_cast<int>(stored.samples->size()) - 1));
  }
}

}  // namespace permanence::ui
