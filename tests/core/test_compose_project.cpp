#include "compose/project_export.h"
#include "compose/scene.h"
#include "errors.h"
#include "media/frame_source.h"
#include "media/image_sequence_source.h"
#include "project/project_store.h"
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

const cv::Size kSize{96, 64};
const int kFrames = 6;
const cv::Rect kBallModal{20, 20, 8, 16};  // the ball's left half; the cup hides the rest
const cv::Rect kBallAmodal{20, 20, 16, 16};
const cv::Rect kCup{28, 12, 24, 40};

void writeFolder(const fs::path& folder, const std::function<cv::Mat(int)>& frame) {
  fs::create_directories(folder);
  for (int i = 0; i < kFrames; ++i) cv::imwrite((folder / (indexedFrameName(i) + ".png")).string(), frame(i));
}

cv::Mat rectMask(cv::Rect r) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8UC1);
  m(r).setTo(255);
  return m;
}

cv::Mat rgba(cv::Rect r, cv::Scalar colour) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8UC4);
  m(r).setTo(colour);
  return m;
}

ObjectTrack object(const std::string& id, const std::string& name) {
  ObjectTrack o;
  o.id = id;
  o.name = name;
  o.modalPath = "objects/" + id + "/modal";
  o.samples.push_back({0.9, "objects/" + id + "/sample_0/amodal", "objects/" + id + "/sample_0/rgba"});
  return o;
}

// DIR/scene.permanence with a plate, a ball partly behind a cup, the project saved.
fs::path makeProject(const test::TempDir& dir, Project& project) {
  const fs::path folder = dir.path() / "scene.permanence";
  test::ClipSpec spec;
  spec.size = kSize;
  spec.frames = kFrames;
  spec.withAudio = true;
  fs::create_directories(folder);
  test::makeClip((folder / "source.mp4").string(), spec);
  project.source = "source.mp4";
  project.backgroundPath = "background";
  writeFolder(folder / "background", [](int i) { return cv::Mat(kSize, CV_8UC3, cv::Scalar(90, 90, 10 * i)); });
  project.objects = {object("obj1", "cup"), object("obj2", "ball")};
  writeFolder(folder / "objects/obj1/modal", [](int) { return rectMask(kCup); });
  writeFolder(folder / "objects/obj1/sample_0/amodal", [](int) { return rectMask(kCup); });
  writeFolder(folder / "objects/obj1/sample_0/rgba", [](int) { return rgba(kCup, {200, 0, 0, 255}); });
  writeFolder(folder / "objects/obj2/modal", [](int) { return rectMask(kBallModal); });
  writeFolder(folder / "objects/obj2/sample_0/amodal", [](int) { return rectMask(kBallAmodal); });
  writeFolder(folder / "objects/obj2/sample_0/rgba", [](int) { return rgba(kBallAmodal, {0, 0, 200, 255}); });
  saveProject(project, folder);
  return folder;
}

}  // namespace

TEST(ComposeProject, InfersThatTheHiddenBallLiesBehindTheCup) {
  test::TempDir dir;
  Project project;
  const fs::path folder = makeProject(dir, project);
  EXPECT_EQ(inferLayerOrder(project, folder), (std::vector<std::string>{"obj2", "obj1"}));
}

TEST(ComposeProject, ExportsEverythingTheSettingsAskFor) {
  test::TempDir dir;
  Project project;
  const fs::path folder = makeProject(dir, project);
  for (const std::string& id : inferLayerOrder(project, folder)) project.layers.push_back({id, true, {}});
  project.exportSettings.proresPerObject = true;
  project.exportSettings.pngLayers = true;
  JobContext job = JobContext::detached();
  exportProject(project, folder, job);

  const auto composite = openFrameSource((dir.path() / "composite.mp4").string());
  EXPECT_EQ(composite->frameCount(), kFrames);
  EXPECT_TRUE(composite->describe().hasAudio);
  for (const std::string name : {"cup", "ball"}) {
    const fs::path objectFolder = dir.path() / "objects" / name;
    EXPECT_EQ(ImageSequenceSource((objectFolder / "modal").string()).frameCount(), kFrames) << name;
    EXPECT_EQ(ImageSequenceSource((objectFolder / "amodal").string()).frameCount(), kFrames) << name;
    EXPECT_EQ(ImageSequenceSource((objectFolder / "rgba").string()).frameCount(), kFrames) << name;
    EXPECT_TRUE(openFrameSource((objectFolder / (name + ".mov")).string())->hasAlpha()) << name;
  }
}

TEST(ComposeProject, RefusesAProjectWithoutPlateOrSample) {
  test::TempDir dir;
  Project project;
  const fs::path folder = makeProject(dir, project);
  project.layers.push_back({"obj1", true, {}});
  Project noPlate = project;
  noPlate.backgroundPath.clear();
  EXPECT_THROW(sceneFromProject(noPlate, folder), InputError);
  Project noSample = project;
  noSample.objects[0].samples.clear();
  EXPECT_THROW(sceneFromProject(noSample, folder), InputError);
  Project badName = project;
  badName.objects[0].name = "../evil";
  JobContext job = JobContext::detached();
  EXPECT_THROW(exportProject(badName, folder, job), InputError);
  EXPECT_FALSE(fs::exists(dir.path() / "evil"));
  EXPECT_FALSE(fs::exists(dir.path() / "composite.mp4"));
}

TEST(ComposeProject, ExportsOpenExrPerObjectAndOfThePlateWhenAsked) {
  test::TempDir dir;
  Project project;
  const fs::path folder = makeProject(dir, project);
  for (const std::string& id : inferLayerOrder(project, folder)) project.layers.push_back({id, true, {}});
  project.exportSettings.masks = false;
  project.exportSettings.openExr = true;
  project.exportSettings.firstFrame = 1;
  EXPECT_EQ(exportOutputs(project),
            (std::vector<std::string>{"composite.mp4", "objects/ball/exr", "objects/cup/exr", "plate"}));
  JobContext job = JobContext::detached();
  exportProject(project, folder, job);
  for (const std::string name : {"cup", "ball"}) {
    const fs::path exr = dir.path() / "objects" / name / "exr";
    EXPECT_FALSE(fs::exists(exr / (name + ".00000.exr"))) << "before the range";
    for (int i = 1; i < kFrames; ++i) EXPECT_TRUE(fs::exists(exr / (name + "." + indexedFrameName(i) + ".exr")));
  }
  for (int i = 1; i < kFrames; ++i)
    EXPECT_TRUE(fs::exists(dir.path() / "plate" / ("plate." + indexedFrameName(i) + ".exr")));
  // Saved with the project and read back.
  saveProject(project, folder);
  EXPECT_TRUE(loadProject(folder).exportSettings.openExr);
}
