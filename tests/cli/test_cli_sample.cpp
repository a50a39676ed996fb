#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "media/image_sequence_source.h"
#include "media/video_reader.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace permanence;

TEST(CliSample, WritesAClipWithItsGroundTruth) {
  test::TempDir dir;
  const auto r = test::runCommand(test::cliPath() + " sample --out " + dir / "s" + " --frames 12 --width 320 --height 180");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  VideoReader video(summary["video"].get<std::string>());
  EXPECT_EQ(video.frameCount(), 12);
  EXPECT_EQ(video.frameSize(), cv::Size(320, 180));
  EXPECT_EQ(ImageSequenceSource(dir / "s/truth/modal").frameCount(), 12);
  EXPECT_EQ(ImageSequenceSource(dir / "s/truth/amodal").frameCount(), 12);
  // The suggested click lies on the object in frame 0.
  const std::string click = summary["click"];
  const int x = std::stoi(click.substr(0, click.find(','))), y = std::stoi(click.substr(click.find(',') + 1));
  const cv::Mat mask = ImageSequenceSource(dir / "s/truth/modal").readFrame(0);
  EXPECT_GT(mask.at<cv::Vec3b>(y, x)[0], 0);
}

// The main job's first step: the click the sample suggests segments the object
// (its texture is close to the background's, so a weak cut takes the background).
TEST(CliSample, TheSuggestedClickSegmentsTheObject) {
  test::TempDir dir;
  const auto r = test::runCommand(test::cliPath() + " sample --out " + dir / "s");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string click = nlohmann::json::parse(r.out)["click"];
  const std::string video = nlohmann::json::parse(r.out)["video"];
  const auto t = test::runCommand(test::cliPath() + " track --frames " + video + " --click " + click + "@0 --out " +
                                  dir / "track");
  ASSERT_EQ(t.exitCode, 0) << t.err;
  const Mask found = loadMaskPng(dir / "track/00000.png");
  const Mask truth = loadMaskPng(dir / "s/truth/modal/00000.png");
  EXPECT_GT(iou(found, truth), 0.8);
}
