#include "media/image_sequence_source.h"
#include "synth/synthetic_scene.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace permanence;
namespace fs = std::filesystem;

TEST(CliComplete, WritesRgbaLayersSamplesAndThePlate) {
  test::TempDir dir;
  SyntheticSceneSpec spec;
  spec.frames = 12;
  writeSyntheticScene(makeSyntheticScene(spec), dir / "s");
  const std::string common = test::cliPath() + " complete --frames " + dir / "s/frames" + " --masks " + dir / "s/modal";
  auto r = test::runCommand(common + " --amodal " + dir / "s/amodal" + " --out " + dir / "rgba --topk 2");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["topk"], 2);
  ImageSequenceSource layers(dir / "rgba");
  EXPECT_EQ(layers.frameCount(), 12);
  EXPECT_EQ(layers.readFrameWithAlpha(0).type(), CV_8UC4);
  EXPECT_TRUE(fs::exists(dir / "rgba/sample_1/00011.png"));
  EXPECT_TRUE(fs::exists(dir / "rgba/sample_2/00011.png"));

  r = test::runCommand(common + " --amodal " + dir / "s/amodal" + " --background --out " + dir / "plate");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(ImageSequenceSource(dir / "plate").frameCount(), 12);
}

TEST(CliComplete, MissingAmodalMasksFailWithoutOutput) {
  test::TempDir dir;
  SyntheticSceneSpec spec;
  spec.frames = 5;
  writeSyntheticScene(makeSyntheticScene(spec), dir / "s");
  fs::remove(dir / "s/amodal/00002.png");
  const auto r = test::runCommand(test::cliPath() + " complete --frames " + dir / "s/frames" + " --masks " +
                                  dir / "s/modal --amodal " + dir / "s/amodal --out " + dir / "out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("00002.png"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}
