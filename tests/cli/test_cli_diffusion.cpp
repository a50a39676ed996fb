// permanence-cli with --backend diffusion: the plugin is loaded only then, on tiny
// random weights written in the published layout.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "mask/mask_io.h"
#include "mask/mask_sequence.h"
#include "media/image_sequence_source.h"
#include "synth/synthetic_scene.h"
#include "test_paths.h"
#include "diffusion/vas_random_weights.h"

using namespace permanence;
namespace fs = std::filesystem;

namespace {

struct DiffusionCli : ::testing::Test {
  void SetUp() override {
    SyntheticSceneSpec spec;
    spec.width = 128;
    spec.height = 96;
    spec.frames = 4;
    scene = makeSyntheticScene(spec);
    writeSyntheticScene(scene, dir / "scene");
    diffusion::writeRandomVasWeights(dir.path() / "weights", diffusion::VasArchitecture::Tiny);
  }
  std::string amodal(const std::string& extra) const {
    return test::cliPath() + " amodal --frames " + dir / "scene/frames" + " --masks " + dir / "scene/modal" +
           " --out " + dir / "out" + " --backend diffusion --device cpu --steps 2 --work-size 128x64 " + extra;
  }
  test::TempDir dir;
  SyntheticScene scene;
};

TEST_F(DiffusionCli, AmodalWritesMasksThatContainTheModalOnes) {
  const auto r = test::runCommand(amodal("--topk 2 --weights-dir " + dir / "weights"));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["backend"], "diffusion");
  EXPECT_EQ(summary["topk"], 2);
  ImageSequenceSource frames(dir / "scene/frames");
  const auto best = loadMaskSequence(dir / "out", frames);
  ASSERT_EQ(best.size(), 4u);
  for (size_t i = 0; i < best.size(); ++i)
    EXPECT_EQ(cv::countNonZero(scene.target.modal[i].toMat() & ~best[i].toMat()), 0) << "frame " << i;
  EXPECT_TRUE(fs::exists(dir / "out/sample_2/00003.png"));
}

TEST_F(DiffusionCli, RunUsesTheDiffusionBackendForEveryStage) {
  // run reads a video (its audio goes into the composite): the sample command's clip.
  ASSERT_EQ(test::runCommand(test::cliPath() + " sample --out " + dir / "clip" + " --width 128 --height 96 --frames 4")
                .exitCode,
            0);
  const cv::Rect box = loadMaskPng(dir / "clip/truth/modal/00000.png").boundingBox();
  const std::string click = std::to_string(box.x + box.width / 2) + "," + std::to_string(box.y + box.height / 2);
  const auto r = test::runCommand(test::cliPath() + " run --video " + dir / "clip/sample.mp4" + " --click " + click +
                                  " --out " + dir / "run" + " --backend diffusion --device cpu --steps 2 " +
                                  "--work-size 128x64 --weights-dir " + dir / "weights");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  std::ifstream projectFile(summary["project"].get<std::string>() + "/project.json");
  const auto project = nlohmann::json::parse(projectFile);
  EXPECT_EQ(project["backends"]["amodal"], "diffusion");
  EXPECT_EQ(project["backends"]["complete"], "diffusion");
}

TEST_F(DiffusionCli, CompleteWritesRgbaLayers) {
  const auto r = test::runCommand(test::cliPath() + " complete --frames " + dir / "scene/frames" + " --masks " +
                                  dir / "scene/modal" + " --amodal " + dir / "scene/amodal" + " --out " +
                                  dir / "layers" + " --backend diffusion --device cpu --steps 2 --work-size 128x64 " +
                                  "--weights-dir " + dir / "weights");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["backend"], "diffusion");
  const cv::Mat layer = cv::imread(dir / "layers/00003.png", cv::IMREAD_UNCHANGED);
  ASSERT_EQ(layer.type(), CV_8UC4);
  std::vector<cv::Mat> planes;
  cv::split(layer, planes);
  EXPECT_EQ(cv::countNonZero(planes[3] != scene.target.amodal[3].toMat()), 0);
}

TEST_F(DiffusionCli, MissingWeightsFailWithAMessageAndNoOutput) {
  auto r = test::runCommand(amodal(""));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("--weights-dir"), std::string::npos) << r.err;
  fs::remove_all(dir.path() / "weights" / "diffusion-vas-amodal-segmentation" / "unet");
  r = test::runCommand(amodal("--weights-dir " + dir / "weights"));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("component folders missing: unet"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(DiffusionCli, MissingPluginIsExplained) {
  fs::copy_file(test::cliPath(), dir / "permanence-cli");
  const auto moved = test::runCommand(dir / "permanence-cli" + " amodal --frames " + dir / "scene/frames" +
                                      " --masks " + dir / "scene/modal" + " --out " + dir / "out" +
                                      " --backend diffusion --weights-dir " + dir / "weights");
  EXPECT_EQ(moved.exitCode, 1);
  EXPECT_NE(moved.err.find("permanence_diffusion_backend.so"), std::string::npos) << moved.err;
}

// The classic path must not pay for libtorch: the CLI does not link it.
TEST(DiffusionCliLinking, TheCliDoesNotLinkLibtorch) {
  const auto r = test::runCommand("ldd " + test::cliPath());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out.find("libtorch"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("libc10"), std::string::npos) << r.out;
}

}  // namespace
