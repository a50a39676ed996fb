// permanence-cli track end to end on a synthetic clip written as a frame folder.
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "synthetic_track_clip.h"
#include "test_paths.h"

#include <opencv2/imgcodecs.hpp>

#include <gtest/gtest.h>

#include <filesystem>

using namespace permanence;
using namespace permanence::test;
namespace fs = std::filesystem;

namespace {

class CliTrack : public ::testing::Test {
 protected:
  void SetUp() override {
    scene_.frameCount = 20;
    clip_ = makeTrackClip(scene_);
    writeFrames(clip_, dir_ / "frames");
    saveMaskPng(dir_ / "mask0.png", clip_.visible[0]);
  }

  CommandResult track(const std::string& arguments) {
    return runCommand(cliPath() + " track --frames " + (dir_ / "frames") + " --out " + (dir_ / "out") + " " +
                      arguments);
  }

  double meanIouOfOutput() {
    double sum = 0;
    for (int i = 1; i < scene_.frameCount; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "out/%05d.png", i);
      sum += iou(loadMaskPng(dir_ / name), clip_.visible[i]);
    }
    return sum / (scene_.frameCount - 1);
  }

  void expectNoOutput() {
    EXPECT_FALSE(fs::exists(dir_ / "out"));
    for (const auto& entry : fs::directory_iterator(dir_.path()))
      EXPECT_EQ(entry.path().filename().string().find(".out"), std::string::npos) << entry.path();
  }

  TrackScene scene_;
  TrackClip clip_;
  TempDir dir_;
};

}  // namespace

TEST_F(CliTrack, FromAnInitialMask) {
  const CommandResult r = track("--init-mask " + (dir_ / "mask0.png"));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("\"command\":\"track\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"frames\":20"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("tracking"), std::string::npos) << r.err;
  for (int i = 0; i < 20; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "out/%05d.png", i);
    const cv::Mat png = cv::imread(dir_ / name, cv::IMREAD_UNCHANGED);
    ASSERT_FALSE(png.empty()) << name;
    EXPECT_EQ(png.type(), CV_8UC1);
    EXPECT_EQ(cv::countNonZero((png != 0) & (png != 255)), 0) << "mask must be 0/255";
  }
  EXPECT_GT(meanIouOfOutput(), 0.85);
}

TEST_F(CliTrack, FromClicksOnTwoFrames) {
  const cv::Rect a = clip_.visible[0].boundingBox(), b = clip_.visible[19].boundingBox();
  const std::string clicks = "--click " + std::to_string(a.x + a.width / 2) + "," + std::to_string(a.y + a.height / 2) +
                             " --click " + std::to_string(b.x + b.width / 2) + "," +
                             std::to_string(b.y + b.height / 2) + "@19 --neg-click 5,5";
  const CommandResult r = track(clicks);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("\"keyframes\":[0,19]"), std::string::npos) << r.out;
  EXPECT_GT(meanIouOfOutput(), 0.8);
}

TEST_F(CliTrack, FromABox) {
  const cv::Rect a = clip_.visible[0].boundingBox();
  constexpr int kMargin = 4;  // a box drawn loosely around the object
  const std::string box = std::to_string(a.x - kMargin) + "," + std::to_string(a.y - kMargin) + "," +
                          std::to_string(a.x + a.width + kMargin) + "," + std::to_string(a.y + a.height + kMargin);
  const CommandResult r = track("--box " + box);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("\"keyframes\":[0]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"backend\":\"classic\""), std::string::npos) << r.out;
  EXPECT_GT(meanIouOfOutput(), 0.8);
}

TEST_F(CliTrack, BadInputFailsWithoutOutput) {
  saveMaskPng(dir_ / "small.png", Mask::fromMat(cv::Mat(10, 10, CV_8UC1, cv::Scalar(255))));
  saveMaskPng(dir_ / "empty.png", Mask(320, 240));
  struct Case {
    std::string arguments;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"--init-mask " + (dir_ / "small.png"), "10x10"},
      {"--init-mask " + (dir_ / "empty.png"), "empty"},
      {"--click 400,10", "outside"},
      {"--click 10,10@99", "outside"},
      {"--click ten,10", "expected X,Y"},
      {"--neg-click 10,10", "--click"},
      {"", "--init-mask"},
      {"--box 10,10,5,20", "X0 < X1"},
      {"--box 300,200,400,230", "outside"},
      {"--box 10,10,50,50 --box 20,20,60,60", "two boxes"},
      {"--backend sam3 --click 10,10", "expected classic or sam2"},
  };
  for (const Case& c : cases) {
    const CommandResult r = track(c.arguments);
    EXPECT_EQ(r.exitCode, 1) << c.arguments;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.arguments << ": " << r.err;
    expectNoOutput();
  }
}

TEST_F(CliTrack, MixedFrameSizesFailWithoutOutput) {
  cv::imwrite(dir_ / "frames/00020.png", cv::Mat(100, 100, CV_8UC3, cv::Scalar(1, 2, 3)));
  const CommandResult r = track("--init-mask " + (dir_ / "mask0.png"));
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("00020.png"), std::string::npos) << r.err;
  expectNoOutput();
}
