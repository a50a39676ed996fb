#include "project_io.h"

#include "errors.h"
#include "mask/mask_io.h"
#include "project/project_paths.h"
#include "project/project_store.h"

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace permanence::ui {
namespace {

constexpr const char* kWriting = "writing the project";
constexpr const char* kReading = "reading the project";

// Counts the files of a save or an open for its progress.
class FileProgress {
 public:
  FileProgress(JobContext& context, std::int64_t total, const char* label)
      : context_(context), total_(total), label_(label) {}
  void fileDone() { context_.report(++done_, total_, label_); }

 private:
  JobContext& context_;
  std::int64_t total_;
  std::int64_t done_ = 0;
  const char* label_;
};

fs::path fileOf(const fs::path& dir, const FrameNaming& frames, std::size_t frame) {
  return dir / (frames.names->at(frame) + ".png");
}

void writeBytes(const fs::path& file, const std::vector<uchar>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw InputError(file.string() + ": cannot write");
}

std::vector<uchar> readBytes(const fs::path& file, const char* what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": missing " + what);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeMasks(const std::vector<Mask>& masks, const FrameNaming& frames, const fs::path& dir,
                FileProgress& progress) {
  fs::create_directories(dir);
  for (std::size_t f = 0; f < masks.size(); ++f) {
    saveMaskPng(fileOf(dir, frames, f).string(), masks[f]);
    progress.fileDone();
  }
}

std::vector<Mask> readMasks(const FrameNaming& frames, const fs::path& dir, FileProgress& progress) {
  std::vector<Mask> masks;
  for (std::size_t f = 0; f < frames.names->size(); ++f) {
    const fs::path file = fileOf(dir, frames, f);
    Mask mask = loadMaskPng(file.string());
    if (mask.size() != frames.size) throw InputError(file.string() + ": mask size differs from the frames of " + frames.clip);
    masks.push_back(std::move(mask));
    progress.fileDone();
  }
  return masks;
}

void writeEncoded(const std::vector<std::vector<uchar>>& images, const FrameNaming& frames, const fs::path& dir,
                  FileProgress& progress) {
  fs::create_directories(dir);
  for (std::size_t f = 0; f < images.size(); ++f) {
    writeBytes(fileOf(dir, frames, f), images[f]);
    progress.fileDone();
  }
}

std::vector<std::vector<uchar>> readEncoded(const FrameNaming& frames, const fs::path& dir, const char* what,
                                            FileProgress& progress) {
  std::vector<std::vector<uchar>> images;
  for (std::size_t f = 0; f < frames.names->size(); ++f) {
    images.push_back(readBytes(fileOf(dir, frames, f), what));
    progress.fileDone();
  }
  return images;
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
  std::int64_t files = pixels.plate ? static_cast<std::int64_t>(pixels.plate->size()) : 0;
  for (const ObjectPixels& object : pixels.objects)
    files += static_cast<std::int64_t>(object.modal.size()) +
             (object.samples ? 2 * static_cast<std::int64_t>(object.samples->size() * frames.names->size()) : 0);
  FileProgress progress(context, files, kWriting);
  for (std::size_t i = 0; i < pixels.objects.size(); ++i) {
    const ObjectPixels& object = pixels.objects[i];
    ObjectTrack& track = project.objects.at(i);
    track.modalDir = track.id + "/modal";
    writeMasks(object.modal, frames, folder / track.modalDir, progress);
    track.samples.clear();
    for (std::size_t k = 0; object.samples && k < object.samples->size(); ++k) {
      const ObjectSample& sample = object.samples->at(k);
      const std::string dir = track.id + "/sample" + std::to_string(k + 1);
      writeMasks(sample.amodal, frames, folder / dir / "amodal", progress);
      writeEncoded(sample.layers, frames, folder / dir / "rgba", progress);
      track.samples.push_back({sample.score, dir + "/amodal", dir + "/rgba", sample.label.toStdString()});
    }
  }
  if (pixels.plate) {
    writeEncoded(*pixels.plate, frames, folder / kBackgroundDir, progress);
    project.backgroundDir = kBackgroundDir;
  }
}

ProjectPixels readProjectPixels(const Project& project, const FrameNaming& frames, const fs::path& folder,
                                JobContext& context) {
  const std::string file = (folder / kProjectFileName).string();
  const std::int64_t perFolder = static_cast<std::int64_t>(frames.names->size());
  std::int64_t files = project.backgroundDir.empty() ? 0 : perFolder;
  for (const ObjectTrack& track : project.objects)
    files += perFolder * ((track.modalDir.empty() ? 0 : 1) + 2 * static_cast<std::int64_t>(track.samples.size()));
  FileProgress progress(context, files, kReading);
  ProjectPixels pixels;
  for (const ObjectTrack& track : project.objects) {
    ObjectPixels object;
    if (!track.modalDir.empty()) object.modal = readMasks(frames, resolveInProject(folder, track.modalDir, false, file), progress);
    if (!track.samples.empty()) {
      auto samples = std::make_shared<std::vector<ObjectSample>>();
      for (const SampleInfo& info : track.samples) {
        ObjectSample sample{info.score, QString::fromStdString(info.label),
                            readMasks(frames, resolveInProject(folder, info.amodalDir, false, file), progress), {}};
        sample.layers = info.rgbaDir.empty()
                            ? std::vector<std::vector<uchar>>(frames.names->size())
                            : readEncoded(frames, resolveInProject(folder, info.rgbaDir, false, file), "layer", progress);
        samples->push_back(std::move(sample));
      }
      object.samples = std::move(samples);
    }
    pixels.objects.push_back(std::move(object));
  }
  if (!project.backgroundDir.empty()) {
    const fs::path dir = resolveInProject(folder, project.backgroundDir, false, file);
    pixels.plate = std::make_shared<const std::vector<std::vector<uchar>>>(
        readEncoded(frames, dir, "background plate frame", progress));
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
