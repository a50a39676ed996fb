// The project `run` writes keeps its masks, layers and plate as patch files (schema
// 2): on the generated sample clip it is at least 5x smaller than the same pixels as
// schema 1's full-frame PNGs, and what it exports comes back from it exactly.
#include "folder_size.h"
#include "mask/mask_io.h"
#include "mask/mask_sequence.h"
#include "media/image_codec.h"
#include "media/image_sequence_source.h"
#include "media/patch_sequence_source.h"
#include "project/project_store.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace permanence;
using permanence::test::folderBytes;
using permanence::test::inBlocks;
namespace fs = std::filesystem;

namespace {

// The target: projects at least 5x smaller.
constexpr double kSmallerAtLeast = 5.0;

// Schema 1 wrote one full-frame PNG per frame of every sequence.
std::uintmax_t fullFrameBytes(FrameSource& frames, bool alpha) {
  std::uintmax_t total = 0;
  for (int i = 0; i < frames.frameCount(); ++i)
    total += inBlocks(encodePng(alpha ? frames.readFrameWithAlpha(i) : frames.readFrame(i)).size());
  return total;
}

std::uintmax_t fullFrameBytes(const std::vector<Mask>& masks) {
  std::uintmax_t total = 0;
  for (const Mask& mask : masks) total += inBlocks(encodePng(mask.toMat()).size());
  return total;
}

}  // namespace

TEST(CliProjectSize, RunProjectIsFiveTimesSmallerAndExportsExactly) {
  test::TempDir dir;
  auto r = test::runCommand(test::cliPath() + " sample --out " + dir / "clip" + " --frames 24");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string click = nlohmann::json::parse(r.out)["click"];
  r = test::runCommand(test::cliPath() + " run --video " + dir / "clip/sample.mp4" + " --click " + click +
                       "@0 --topk 2 --out " + dir / "out");
  ASSERT_EQ(r.exitCode, 0) << r.err;

  const fs::path folder = dir.path() / "out/sample.permanence";
  const Project project = loadProject(folder);
  ASSERT_EQ(project.objects.size(), 1u);
  const ObjectTrack& object = project.objects[0];
  ASSERT_EQ(object.samples.size(), 2u);
  const auto clip = openFrameSource(dir / "clip/sample.mp4");
  const std::vector<Mask> modal = loadMaskSequence((folder / object.modalPath).string(), *clip);

  std::uintmax_t schemaOne = fullFrameBytes(modal);
  for (const SampleInfo& sample : object.samples) {
    schemaOne += fullFrameBytes(loadMaskSequence((folder / sample.amodalPath).string(), *clip));
    PatchSequenceSource layer((folder / sample.rgbaPath).string(), clip->frameRate(), nullptr);
    schemaOne += fullFrameBytes(layer, true);
  }
  PatchSequenceSource plate((folder / project.backgroundPath).string(), clip->frameRate(),
                            openFrameSource(dir / "clip/sample.mp4"));
  schemaOne += fullFrameBytes(plate, false);
  const std::uintmax_t stored = folderBytes(folder);
  std::cout << "project " << stored << " bytes; as full-frame PNGs " << schemaOne << " bytes ("
            << double(schemaOne) / double(stored) << "x)\n";
  EXPECT_GE(double(schemaOne), kSmallerAtLeast * double(stored)) << stored << " bytes stored";

  // The exported full-frame masks and layer are the project's, exactly.
  PatchSequenceSource chosen((folder / object.samples.at(object.chosenSample).rgbaPath).string(), clip->frameRate(),
                             nullptr);
  for (int t = 0; t < clip->frameCount(); ++t) {
    const std::string png = indexedFrameName(t) + ".png";
    EXPECT_EQ(loadMaskPng(dir / ("out/objects/obj1/modal/" + png)), modal[t]) << "frame " << t;
    cv::Mat diff;
    cv::absdiff(readImageFile(dir / ("out/objects/obj1/rgba/" + png), ImageLayout::Bgra), chosen.readFrameWithAlpha(t),
                diff);
    EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0) << "layer, frame " << t;
  }
}
