// permanence-cli track --backend sam2 on the first DAVIS frames of ../shared/data,
// with random-weight SAM 2.1 tiny weights the test writes, and the fall-back to the
// classic tier when the weights are missing.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "nn/safetensors_writer.h"
#include "sam2/sam2_model.h"
#include "test_paths.h"

using namespace permanence;
using namespace permanence::test;
namespace fs = std::filesystem;

namespace {

// Tiny runs its 1024 x 1024 encoder on every frame (seconds each on the CPU): two
// frames, the first given as a mask, the second as a box and a click.
constexpr int kFrames = 2;

class CliSam2 : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path davis = sharedDir() / "data/davis2016";
    ASSERT_TRUE(fs::is_directory(davis)) << "../shared/data/davis2016 is missing";
    fs::create_directories(dir_.path() / "frames");
    for (int i = 0; i < kFrames; ++i) {
      char name[16];
      std::snprintf(name, sizeof name, "%05d", i);
      fs::copy_file(davis / "JPEGImages/480p/blackswan" / (std::string(name) + ".jpg"),
                    dir_.path() / "frames" / (std::string(name) + ".jpg"));
    }
    truth_ = loadMaskPng((davis / "Annotations/480p/blackswan/00000.png").string());
    saveMaskPng(dir_ / "mask0.png", truth_);
  }

  CommandResult track(const std::string& arguments) {
    return runCommand(cliPath() + " track --frames " + (dir_ / "frames") + " --out " + (dir_ / "out") + " " +
                      arguments);
  }

  static std::string writeTinyWeights(const std::string& path) {
    torch::manual_seed(3);
    sam2::Sam2Model model(sam2::Sam2Config::forSize("tiny"));
    nn::saveSafetensors(path, nn::moduleStateDict(*model));
    return path;
  }

  TempDir dir_;
  Mask truth_;
};

}  // namespace

TEST_F(CliSam2, TracksWithRandomTinyWeights) {
  const std::string weights = writeTinyWeights(dir_ / "sam2.1_tiny_random.safetensors");
  const CommandResult r = track("--backend sam2 --weights " + weights + " --keyframe 0:" + (dir_ / "mask0.png") +
                                " --box 200,100,700,450@1 --click 400,250@1");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["backend"], "sam2 (tiny)");
  EXPECT_EQ(summary["frames"], kFrames);
  EXPECT_EQ(summary["keyframes"], (std::vector<int>{0, 1}));
  for (int i = 0; i < kFrames; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "out/%05d.png", i);
    EXPECT_EQ(loadMaskPng(dir_ / name).size(), truth_.size()) << name;
  }
  // A mask prompt is the output on its frame (at the model's 256 x 256 mask resolution).
  EXPECT_GT(iou(loadMaskPng(dir_ / "out/00000.png"), truth_), 0.9);
}

TEST_F(CliSam2, WithoutWeightsTheClassicTierTracksAndSaysWhy) {
  CommandResult r = track("--backend sam2 --keyframe 0:" + (dir_ / "mask0.png"));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("sam2: no --weights file given; tracking with the classic tier"), std::string::npos) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["backend"], "classic");
  EXPECT_TRUE(fs::exists(dir_ / "out/00001.png"));

  const std::string missing = dir_ / "absent.safetensors";
  r = track("--backend sam2 --weights " + missing + " --keyframe 0:" + (dir_ / "mask0.png") + " --force");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("sam2: weights file " + missing + " not found; tracking with the classic tier"),
            std::string::npos)
      << r.err;
}

TEST_F(CliSam2, RunFallsBackTheSameWay) {
  const CommandResult r = runCommand(cliPath() + " run --video " + (dir_ / "frames") + " --keyframe 0:" +
                                     (dir_ / "mask0.png") + " --out " + (dir_ / "run") + " --track-backend sam2");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("sam2: no --sam2-weights file given; tracking with the classic tier"), std::string::npos) << r.err;
  const CommandResult bad = runCommand(cliPath() + " run --video " + (dir_ / "frames") + " --keyframe 0:" +
                                       (dir_ / "mask0.png") + " --out " + (dir_ / "run2") + " --track-backend sam3");
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.err.find("--track-backend 'sam3': expected classic or sam2"), std::string::npos) << bad.err;
}

TEST_F(CliSam2, AWrongWeightsFileIsAnErrorNamingIt) {
  // The golden vectors' model is a reduced trunk, not a published size.
  const std::string golden = (sharedDir() / "golden/sam2.weights.safetensors").string();
  const CommandResult r = track("--backend sam2 --weights " + golden + " --keyframe 0:" + (dir_ / "mask0.png"));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find(golden), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not a published SAM 2.1 size"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}
