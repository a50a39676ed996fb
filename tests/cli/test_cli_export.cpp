// permanence-cli export end to end: a project made by `run` on the generated sample
// is rendered again with OpenEXR for compositors, staged and published like every
// command's output; bad projects and a full disk fail with one line.
#include "exr_file.h"
#include "mask/mask_io.h"
#include "mask/mask_sequence.h"
#include "media/frame_source.h"
#include "media/video_reader.h"
#include "project/project_store.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

constexpr int kFrames = 16;

// Lines of stderr that report a failure (progress lines are not).
std::vector<std::string> errorLines(const std::string& err) {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("error:", 0) == 0) lines.push_back(line);
  return lines;
}

int filesIn(const fs::path& folder) {
  if (!fs::exists(folder)) return 0;
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::recursive_directory_iterator(folder)) ++n;
  return n;
}

// One `run` project on the generated sample, shared by the tests (it takes seconds).
class CliExport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    auto r = test::runCommand(test::cliPath() + " sample --width 192 --height 108 --frames " +
                              std::to_string(kFrames) + " --out " + *dir_ / "clip");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string click = nlohmann::json::parse(r.out)["click"];
    r = test::runCommand(test::cliPath() + " run --video " + *dir_ / "clip/sample.mp4" + " --click " + click +
                         "@0 --out " + *dir_ / "run");
    ASSERT_EQ(r.exitCode, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path project() { return dir_->path() / "run" / "sample.permanence"; }
  static test::TempDir* dir_;
};

test::TempDir* CliExport::dir_ = nullptr;

}  // namespace

TEST_F(CliExport, RendersARunProjectWithOpenExrLayersMattesAndPlate) {
  test::TempDir out;
  const std::string exportCommand = test::cliPath() + " export " + project().string() + " --exr --out " + out / "exp";
  auto r = test::runCommand(exportCommand);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["command"], "export");
  EXPECT_EQ(summary["composite"], out / "exp/composite.mp4");

  EXPECT_EQ(VideoReader(out / "exp/composite.mp4").frameCount(), kFrames);
  const fs::path exr = out.path() / "exp/objects/obj1/exr";
  EXPECT_EQ(filesIn(exr), kFrames);
  EXPECT_EQ(filesIn(out.path() / "exp/plate"), kFrames);
  EXPECT_TRUE(fs::exists(out.path() / "exp/objects/obj1/rgba"));  // `run` asked for PNG layers too
  EXPECT_TRUE(fs::exists(out.path() / "exp/.permanence-manifest.json"));

  // The object's file holds the layer and the project's own masks, cropped to them.
  const Project saved = loadProject(project());
  const ObjectTrack& object = saved.objects.at(0);
  const std::vector<Mask> modalMasks = loadMaskSequence((project() / object.modalPath).string());
  const std::vector<Mask> amodalMasks = loadMaskSequence((project() / object.samples.at(0).amodalPath).string());
  for (int frame : {0, kFrames / 2, kFrames - 1}) {
    const test::ExrFile file = test::readExrFile((exr / ("obj1." + indexedFrameName(frame) + ".exr")).string());
    EXPECT_TRUE(file.allHalf);
    EXPECT_EQ(file.displayWindow, cv::Rect(0, 0, 192, 108));
    const cv::Mat modal = modalMasks.at(frame).toMat();
    const cv::Mat amodal = amodalMasks.at(frame).toMat();
    ASSERT_GT(cv::countNonZero(amodal), 0) << "frame " << frame;
    EXPECT_EQ(file.dataWindow, cv::boundingRect(amodal)) << "frame " << frame;
    cv::Mat expectModal, expectAmodal;
    modal(file.dataWindow).convertTo(expectModal, CV_32F, 1.0 / 255);
    amodal(file.dataWindow).convertTo(expectAmodal, CV_32F, 1.0 / 255);
    EXPECT_EQ(cv::countNonZero(file.channels.at("modal.A") != expectModal), 0) << "frame " << frame;
    EXPECT_EQ(cv::countNonZero(file.channels.at("amodal.A") != expectAmodal), 0) << "frame " << frame;
    for (const char* c : {"R", "G", "B"})
      EXPECT_EQ(cv::countNonZero(file.channels.at(c) > file.channels.at("A") + 1e-3f), 0) << c << " <= A";
  }

  // Again without --force: refused before any work, nothing replaced.
  const auto before = fs::last_write_time(exr / "obj1.00000.exr");
  r = test::runCommand(exportCommand);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(fs::last_write_time(exr / "obj1.00000.exr"), before);
  r = test::runCommand(exportCommand + " --force");
  EXPECT_EQ(r.exitCode, 0) << r.err;
}

TEST_F(CliExport, NeverReplacesWhatRunWroteNextToTheProject) {
  // Without --out the export goes next to the project, where `run` wrote composite.mp4.
  const auto before = fs::last_write_time(dir_->path() / "run/composite.mp4");
  const auto r = test::runCommand(test::cliPath() + " export " + (project() / "project.json").string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("run/composite.mp4: exists already"), std::string::npos) << r.err;
  EXPECT_EQ(fs::last_write_time(dir_->path() / "run/composite.mp4"), before);
}

TEST_F(CliExport, BadProjectOrFullDiskFailsWithOneLineAndLeavesNothing) {
  test::TempDir out;
  fs::create_directories(out.path() / "bad.permanence");
  std::ofstream(out / "bad.permanence/project.json") << "{ not json";
  auto r = test::runCommand(test::cliPath() + " export " + out / "bad.permanence" + " --out " + out / "a");
  EXPECT_EQ(r.exitCode, 1);
  ASSERT_EQ(errorLines(r.err).size(), 1u) << r.err;
  EXPECT_NE(errorLines(r.err)[0].find("bad.permanence/project.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out.path() / "a"));

  // A full disk while the OpenEXR plate is written: files limited to 30 KB, which the
  // composite (18 KB), the PNGs and the objects' EXRs (6 KB) fit in and a plate EXR
  // (66 KB) does not (the shell ignores SIGXFSZ, so writes fail with EFBIG).
  r = test::runCommand("sh -c \"trap '' XFSZ; ulimit -f 60; " + test::cliPath() + " export " + project().string() +
                       " --exr --out " + out / "full" + "\"");
  EXPECT_EQ(r.exitCode, 3) << r.err;
  ASSERT_EQ(errorLines(r.err).size(), 1u) << r.err;
  EXPECT_NE(errorLines(r.err)[0].find("plate.00000.exr: cannot write the OpenEXR image"), std::string::npos) << r.err;
  EXPECT_EQ(filesIn(out.path() / "full"), 0) << "no partial output";

  r = test::runCommand(test::cliPath() + " export " + project().string() + " --out /proc/permanence-export");
  EXPECT_EQ(r.exitCode, 3);
  EXPECT_NE(r.err.find("/proc/permanence-export: cannot create the folder"), std::string::npos) << r.err;
}
