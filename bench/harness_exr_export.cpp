// OpenEXR export speed and size against the PNG layers, on a saved project (for
// example the one `permanence-cli run` makes of `permanence-cli sample`):
//   harness_exr_export PROJECT [ROUNDS]
// Per object: its EXR sequence (layer + mattes, cropped to its box) and its PNG
// layers; then the plate's EXR sequence. Prints frames/s (the fastest of ROUNDS,
// default 3: the machine is shared) and the mean file size.
#include "compose/compose_export.h"
#include "compose/scene.h"
#include "project/project_paths.h"
#include "project/project_store.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

using namespace permanence;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
  double framesPerSecond = 0;
  double meanKb = 0;
};

// Runs `write` into a fresh `folder` ROUNDS times; the fastest round and the files it left.
Result measure(const fs::path& folder, int frames, int rounds, const std::function<void()>& write) {
  Result result;
  for (int r = 0; r < rounds; ++r) {
    fs::remove_all(folder);
    const auto start = Clock::now();
    write();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.framesPerSecond = std::max(result.framesPerSecond, frames / seconds);
  }
  std::uintmax_t bytes = 0;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    bytes += entry.file_size();
    ++files;
  }
  result.meanKb = files ? bytes / 1024.0 / files : 0;
  return result;
}

void print(const std::string& what, const Result& r) {
  std::printf("%-28s %8.1f frames/s %9.1f KB/frame\n", what.c_str(), r.framesPerSecond, r.meanKb);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: harness_exr_export PROJECT [ROUNDS]\n");
    return 1;
  }
  const fs::path projectFolder = argv[1];
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 3;
  const Project project = loadProject(projectFolder);
  const Scene scene = sceneFromProject(project, projectFolder);
  const fs::path out = fs::temp_directory_path() / "permanence-harness-exr";
  const int frames = scene.frameCount();
  const cv::Size size = scene.plate->frameSize();
  std::printf("%s: %d frames of %dx%d\n", projectFolder.string().c_str(), frames, size.width, size.height);
  JobContext job = JobContext::detached();
  const auto dir = [&](const std::string& stored) { return resolveInProject(projectFolder, stored, false, "").string(); };
  for (const Layer& layer : project.layers) {
    const ObjectTrack& object = *project.findObject(layer.objectId);
    const int index = scene.layerIndex(layer.objectId);
    const std::string modal = dir(object.modalPath), amodal = dir(object.samples.at(object.chosenSample).amodalPath);
    print(object.name + " OpenEXR (layer+mattes)", measure(out / "exr", frames, rounds, [&] {
            exportLayerExr(scene, index, modal, amodal, (out / "exr").string(), object.name, {}, job);
          }));
    print(object.name + " PNG layer", measure(out / "png", frames, rounds, [&] {
            exportLayerPngs(scene, index, (out / "png").string(), {}, job);
          }));
  }
  print("plate OpenEXR", measure(out / "plate", frames, rounds, [&] {
          exportPlateExr(scene, (out / "plate").string(), {}, job);
        }));
  fs::remove_all(out);
  return 0;
}
