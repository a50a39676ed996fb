#include "mask/mask_sequence.h"
#include "mask/metrics.h"
#include "media/image_sequence_source.h"
#include "synth/synthetic_scene.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace permanence;
namespace fs = std::filesystem;

TEST(CliAmodal, WritesRankedSamplesAndTheBest) {
  test::TempDir dir;
  SyntheticSceneSpec spec;
  spec.frames = 20;
  const SyntheticScene scene = makeSyntheticScene(spec);
  writeSyntheticScene(scene, dir / "scene");
  const auto r = test::runCommand(test::cliPath() + " amodal --frames " + dir / "scene/frames" + " --masks " +
                                  dir / "scene/modal" + " --out " + dir / "out" + " --topk 3");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["topk"], 3);
  EXPECT_GE(summary["samples"][0]["score"].get<double>(), summary["samples"][2]["score"].get<double>());
  ImageSequenceSource frames(dir / "scene/frames");
  const auto best = loadMaskSequence(dir / "out", frames);
  for (int k = 1; k <= 3; ++k) EXPECT_TRUE(fs::exists(dir / ("out/sample_" + std::to_string(k) + "/00019.png")));
  const auto occ = meanIouOccluded(best, scene.target.amodal, scene.target.modal);
  ASSERT_TRUE(occ.has_value());
  EXPECT_GT(*occ, 0.4);
}

TEST(CliAmodal, BadMasksFailCleanly) {
  test::TempDir dir;
  SyntheticSceneSpec spec;
  spec.frames = 6;
  writeSyntheticScene(makeSyntheticScene(spec), dir / "scene");
  fs::remove(dir / "scene/modal/00003.png");
  auto r = test::runCommand(test::cliPath() + " amodal --frames " + dir / "scene/frames" + " --masks " +
                            dir / "scene/modal" + " --out " + dir / "out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("00003.png"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  cv::imwrite(dir / "scene/modal/00003.png", cv::Mat(7, 9, CV_8U, cv::Scalar(255)));
  r = test::runCommand(test::cliPath() + " amodal --frames " + dir / "scene/frames" + " --masks " +
                       dir / "scene/modal" + " --out " + dir / "out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("9x7"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}
