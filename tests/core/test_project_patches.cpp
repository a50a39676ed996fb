// Projects of schema 2 store masks, layers and the plate as patch files: each frame
// cropped to where it differs from its base. Everything comes back exactly, and a
// project in the layout of schema 1 (folders of full-frame PNGs) still opens and
// renders the same composite.
#include "compose/renderer.h"
#include "compose/scene.h"
#include "errors.h"
#include "mask/mask_io.h"
#include "mask/mask_sequence.h"
#include "media/frame_patch.h"
#include "media/image_codec.h"
#include "media/memory_frame_source.h"
#include "media/patch_file.h"
#include "media/patch_sequence_source.h"
#include "project/project_store.h"
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <fstream>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

const cv::Size kSize{96, 64};
constexpr int kFrames = 6;

bool identical(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return false;
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::countNonZero(diff.reshape(1)) == 0;
}

// An object's layer: noise (every value, alpha included) inside a disc, zero outside.
cv::Mat layerFrame(int i) {
  cv::Mat layer(kSize, CV_8UC4, cv::Scalar::all(0)), noise(kSize, CV_8UC4), disc = cv::Mat::zeros(kSize, CV_8U);
  cv::RNG rng(100 + i);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
  cv::circle(disc, {20 + 8 * i, 30}, 12, 255, cv::FILLED);
  noise.copyTo(layer, disc);
  return layer;
}

Mask maskFrame(int i) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8U);
  if (i == 1) return Mask::fromMat(m);  // an empty mask
  if (i == 2) return Mask::fromMat(m + 255);  // a full one
  cv::ellipse(m, {30 + 5 * i, 25}, {14, 9}, 15.0 * i, 0, 360, 255, cv::FILLED);
  m.at<uchar>(kSize.height - 1, kSize.width - 1) = 255;  // a lone pixel in a corner
  return Mask::fromMat(m);
}

std::vector<std::string> names() {
  std::vector<std::string> out;
  for (int i = 0; i < kFrames; ++i) out.push_back(indexedFrameName(i));
  return out;
}

}  // namespace

TEST(FramePatch, LayerComesBackExactlyAndKeepsOnlyItsBox) {
  for (int i = 0; i < kFrames; ++i) {
    const cv::Mat layer = layerFrame(i);
    const FramePatch patch = patchOf(layer, {});
    EXPECT_EQ(patch.box, cv::Rect(8 + 8 * i, 18, 25, 25)) << "frame " << i;
    EXPECT_TRUE(identical(applyPatch(patch, {}, kSize, 4, "layer"), layer)) << "frame " << i;
  }
  const FramePatch empty = patchOf(cv::Mat(kSize, CV_8UC4, cv::Scalar::all(0)), {});
  EXPECT_TRUE(empty.box.empty());
  EXPECT_TRUE(empty.png.empty());
}

TEST(FramePatch, PlateOverItsSourceComesBackExactly) {
  cv::Mat source(kSize, CV_8UC3);
  cv::RNG(7).fill(source, cv::RNG::UNIFORM, 0, 256);
  cv::Mat plate = source.clone();
  plate(cv::Rect(40, 10, 9, 13)).setTo(cv::Scalar(1, 2, 3));
  plate.at<cv::Vec3b>(50, 70)[1] ^= 1;  // one value off by one, away from the rest
  const FramePatch patch = patchOf(plate, source);
  EXPECT_EQ(patch.box, cv::Rect(40, 10, 31, 41));
  EXPECT_TRUE(identical(applyPatch(patch, source, kSize, 3, "plate"), plate));
  EXPECT_TRUE(patchOf(source, source).box.empty());
}

TEST(MaskSequence, SavedAsPatchesLoadsBitExact) {
  test::TempDir dir;
  std::vector<Mask> masks;
  for (int i = 0; i < kFrames; ++i) masks.push_back(maskFrame(i));
  const fs::path file = dir.path() / "modal.patches";
  saveMaskSequence(file, masks, names());
  std::vector<cv::Mat> frames(kFrames, cv::Mat(kSize, CV_8UC3, cv::Scalar::all(0)));
  const MemoryFrameSource clip(frames);
  const std::vector<Mask> checked = loadMaskSequence(file.string(), clip), stored = loadMaskSequence(file.string());
  ASSERT_EQ(checked.size(), masks.size());
  ASSERT_EQ(stored.size(), masks.size());
  for (int i = 0; i < kFrames; ++i) {
    EXPECT_EQ(checked[i], masks[i]) << "frame " << i;
    EXPECT_EQ(stored[i], masks[i]) << "frame " << i;
  }
  // A clip of another length is refused, naming the file.
  const MemoryFrameSource shorter(std::vector<cv::Mat>(frames.begin(), frames.end() - 1));
  try {
    loadMaskSequence(file.string(), shorter);
    FAIL() << "a mask file longer than the clip was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST(PatchFile, LayersRoundTripThroughTheFileAndItsFrameSource) {
  test::TempDir dir;
  PatchSequence sequence{kSize, 4, PatchBase::Zero, names(), {}};
  for (int i = 0; i < kFrames; ++i) sequence.patches.push_back(patchOf(layerFrame(i), {}));
  const fs::path file = dir.path() / "rgba.patches";
  writePatchFile(file, sequence);
  PatchSequenceSource source(file.string(), {25, 1}, nullptr);
  ASSERT_EQ(source.frameCount(), kFrames);
  EXPECT_TRUE(source.hasAlpha());
  for (int i = 0; i < kFrames; ++i) {
    EXPECT_EQ(source.frameName(i), indexedFrameName(i));
    EXPECT_TRUE(identical(source.readFrameWithAlpha(i), layerFrame(i))) << "frame " << i;
  }
}

TEST(PatchFile, DamagedFilesAreRefusedNamingTheFile) {
  test::TempDir dir;
  std::vector<Mask> masks;
  for (int i = 0; i < kFrames; ++i) masks.push_back(maskFrame(i));
  const fs::path file = dir.path() / "modal.patches";
  saveMaskSequence(file, masks, names());
  std::ifstream in(file, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto refused = [&](const std::string& contents, const char* what) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << contents;
    try {
      readPatchFile(file);
      ADD_FAILURE() << what << ": accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << what << ": " << e.what();
    }
  };
  refused(bytes.substr(0, bytes.size() - 10), "truncated");
  refused(bytes + "x", "trailing bytes");
  refused("not a patch file\n", "no magic line");
  refused(bytes.substr(0, bytes.find('\n') + 1) + "{\"width\": 3}\n", "header without frames");
  EXPECT_THROW(readPatchFile(dir.path() / "missing.patches"), InputError);
}

// A project as schema 1 wrote it: project.json with the *_dir keys, each sequence a
// folder of full-frame PNGs. It opens; converted to patch files (schema 2) it renders
// the same composite, frame for frame.
TEST(ProjectLayout, SchemaOneProjectOpensAndRendersLikeItsPatchFiles) {
  test::TempDir dir;
  const fs::path clipPath = dir.path() / "clip.mp4";
  test::ClipSpec spec;
  spec.size = kSize;
  spec.frames = kFrames;
  test::makeClip(clipPath.string(), spec);
  const auto clip = openFrameSource(clipPath.string());

  const fs::path old = dir.path() / "old.permanence";
  for (const char* sub : {"background", "obj1/modal", "obj1/sample1/amodal", "obj1/sample1/rgba"})
    fs::create_directories(old / sub);
  std::vector<cv::Mat> plates;
  for (int i = 0; i < kFrames; ++i) {
    const std::string png = indexedFrameName(i) + ".png";
    cv::Mat plate = clip->readFrame(i);
    plate(cv::Rect(10 + i, 12, 20, 18)).setTo(cv::Scalar(30, 60, 90 + i));
    plates.push_back(plate);
    writePngFile((old / "background" / png).string(), plate);
    saveMaskPng((old / "obj1/modal" / png).string(), maskFrame(i));
    saveMaskPng((old / "obj1/sample1/amodal" / png).string(), maskFrame(i));
    writePngFile((old / "obj1/sample1/rgba" / png).string(), layerFrame(i));
  }
  std::ofstream(old / "project.json") << R"({"schema_version": 1, "application": "permanence",
    "source": ")" << clipPath.string() << R"(", "background_dir": "background",
    "objects": [{"id": "obj1", "name": "ball", "modal_dir": "obj1/modal", "chosen_sample": 0,
                 "samples": [{"score": 0.5, "amodal_dir": "obj1/sample1/amodal", "rgba_dir": "obj1/sample1/rgba"}]}],
    "layers": [{"object_id": "obj1", "visible": true,
                "keyframes": [{"frame": 0, "translate_x": 7, "translate_y": -3, "scale": 1.2}]}]})";

  const Project loaded = loadProject(old);
  ASSERT_EQ(loaded.objects.size(), 1u);
  EXPECT_EQ(loaded.backgroundPath, "background");
  EXPECT_EQ(loaded.objects[0].modalPath, "obj1/modal");
  EXPECT_EQ(loaded.objects[0].samples.at(0).amodalPath, "obj1/sample1/amodal");
  EXPECT_EQ(loaded.objects[0].samples.at(0).rgbaPath, "obj1/sample1/rgba");
  const std::vector<Mask> oldMasks = loadMaskSequence((old / "obj1/modal").string(), *clip);

  const fs::path now = dir.path() / "new.permanence";
  fs::create_directories(now / "obj1/sample1");
  Project converted = loaded;
  converted.backgroundPath = "background.patches";
  converted.objects[0].modalPath = "obj1/modal.patches";
  converted.objects[0].samples[0].amodalPath = "obj1/sample1/amodal.patches";
  converted.objects[0].samples[0].rgbaPath = "obj1/sample1/rgba.patches";
  saveMaskSequence(now / "obj1/modal.patches", oldMasks, names());
  saveMaskSequence(now / "obj1/sample1/amodal.patches", oldMasks, names());
  PatchSequence rgba{kSize, 4, PatchBase::Zero, names(), {}}, plate{kSize, 3, PatchBase::Source, names(), {}};
  for (int i = 0; i < kFrames; ++i) {
    rgba.patches.push_back(patchOf(layerFrame(i), {}));
    plate.patches.push_back(patchOf(plates[i], clip->readFrame(i)));
  }
  writePatchFile(now / "obj1/sample1/rgba.patches", rgba);
  writePatchFile(now / "background.patches", plate);
  saveProject(converted, now);

  const Project reopened = loadProject(now);
  const std::vector<Mask> newMasks = loadMaskSequence((now / reopened.objects[0].modalPath).string(), *clip);
  ASSERT_EQ(newMasks.size(), oldMasks.size());
  for (int i = 0; i < kFrames; ++i) EXPECT_EQ(newMasks[i], oldMasks[i]) << "frame " << i;
  const Scene before = sceneFromProject(loaded, old), after = sceneFromProject(reopened, now);
  for (int i = 0; i < kFrames; ++i) {
    EXPECT_TRUE(identical(after.plate->readFrame(i), plates[i])) << "plate, frame " << i;
    EXPECT_TRUE(identical(renderFrame(after, i), renderFrame(before, i))) << "composite, frame " << i;
  }
}
