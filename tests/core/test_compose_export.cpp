#include "compose/compose_export.h"
#include "compose/renderer.h"
#include "errors.h"
#include "mask/mask_io.h"
#include "media/frame_source.h"
#include "media/image_sequence_source.h"
#include "media/memory_frame_source.h"
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

const cv::Size kSize{128, 96};
const int kFrames = 12;
const cv::Rect kBox{40, 30, 32, 24};

// A scene over a generated clip (the plate) with one opaque box layer that moves
// 20 px right over the clip.
Scene boxScene(const test::TempDir& dir, const std::string& clip) {
  Scene scene;
  scene.plate = openFrameSource(clip);
  const fs::path folder = dir.path() / "box";
  fs::create_directories(folder);
  for (int i = 0; i < kFrames; ++i) {
    cv::Mat bgra = cv::Mat::zeros(kSize, CV_8UC4);
    bgra(kBox).setTo(cv::Scalar(30, 200, 60, 255));
    cv::imwrite((folder / (indexedFrameName(i) + ".png")).string(), bgra);
  }
  TransformKeyframe start, end;
  end.frame = kFrames - 1;
  end.translateX = 20;
  scene.layers.push_back({"box", std::make_shared<ImageSequenceSource>(folder.string()), {start, end}, true, {}});
  return scene;
}

std::string makeSourceClip(const test::TempDir& dir) {
  test::ClipSpec spec;
  spec.size = kSize;
  spec.frames = kFrames;
  spec.rate = "30000/1001";
  spec.withAudio = true;
  const std::string clip = dir / "source.mp4";
  test::makeClip(clip, spec);
  return clip;
}

}  // namespace

TEST(ComposeExport, CompositeKeepsFrameCountRateAndAudio) {
  test::TempDir dir;
  const std::string clip = makeSourceClip(dir);
  const Scene scene = boxScene(dir, clip);
  CompositeExportOptions options;
  options.audioSource = clip;
  int reports = 0;
  JobContext job(std::make_shared<CancelToken>(), [&](const Progress&) { ++reports; });
  exportComposite(scene, dir / "composite.mp4", options, job);
  EXPECT_GE(reports, kFrames);
  const auto out = openFrameSource(dir / "composite.mp4");
  const MediaInfo info = out->describe();
  EXPECT_EQ(info.frameCount, kFrames);
  EXPECT_EQ(info.fps.num, 30000);
  EXPECT_EQ(info.fps.den, 1001);
  EXPECT_TRUE(info.hasAudio);
  EXPECT_EQ(info.codec, "h264");
  // The last frame shows the box moved right, within compression error.
  const cv::Mat last = out->readFrame(kFrames - 1);
  const cv::Vec3b box = last.at<cv::Vec3b>(kBox.y + 12, kBox.x + 20 + kBox.width - 4);
  EXPECT_NEAR(box[1], 200, 12);
  EXPECT_NEAR(box[0], 30, 12);
}

TEST(ComposeExport, ProResLayerKeepsAlpha) {
  test::TempDir dir;
  const Scene scene = boxScene(dir, makeSourceClip(dir));
  JobContext job = JobContext::detached();
  exportLayerProRes(scene, 0, dir / "box.mov", {}, job);
  const auto out = openFrameSource(dir / "box.mov");
  EXPECT_EQ(out->frameCount(), kFrames);
  ASSERT_TRUE(out->hasAlpha());
  const cv::Mat first = out->readFrameWithAlpha(0);
  EXPECT_EQ(first.at<cv::Vec4b>(5, 5)[3], 0);
  EXPECT_EQ(first.at<cv::Vec4b>(kBox.y + 10, kBox.x + 10)[3], 255);
}

TEST(ComposeExport, PngLayersAndMasksRoundTrip) {
  test::TempDir dir;
  const Scene scene = boxScene(dir, makeSourceClip(dir));
  JobContext job = JobContext::detached();
  exportLayerPngs(scene, 0, dir / "out/rgba", {2, 5}, job);
  ImageSequenceSource rgba(dir / "out/rgba");
  ASSERT_EQ(rgba.frameCount(), 4);
  EXPECT_EQ(rgba.frameName(0), "00002");
  EXPECT_EQ(cv::norm(rgba.readFrameWithAlpha(3), renderLayer(scene, 0, 5), cv::NORM_INF), 0);

  fs::create_directories(dir.path() / "modal");
  cv::Mat m = cv::Mat::zeros(kSize, CV_8UC1);
  m(kBox).setTo(1);
  for (int i = 0; i < 3; ++i) cv::imwrite(dir / ("modal/" + indexedFrameName(i) + ".png"), m);
  exportMaskSequence(dir / "modal", dir / "out/modal", job);
  const Mask back = loadMaskPng(dir / "out/modal/00001.png");
  EXPECT_EQ(back.area(), kBox.area());
  EXPECT_EQ(cv::imread(dir / "out/modal/00001.png", cv::IMREAD_UNCHANGED).at<uchar>(kBox.y, kBox.x), 255);
  // A 0/255 folder is copied byte for byte.
  exportMaskSequence(dir / "out/modal", dir / "out/modal_copy", job);
  std::ifstream a(dir / "out/modal/00002.png", std::ios::binary), b(dir / "out/modal_copy/00002.png", std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}), std::string(std::istreambuf_iterator<char>(b), {}));
}

TEST(ComposeExport, BadRangeOrCancelLeavesNoFile) {
  test::TempDir dir;
  const Scene scene = boxScene(dir, makeSourceClip(dir));
  JobContext job = JobContext::detached();
  EXPECT_THROW(exportLayerPngs(scene, 0, dir / "bad", {3, kFrames}, job), InputError);
  EXPECT_FALSE(fs::exists(dir / "bad"));

  auto token = std::make_shared<CancelToken>();
  JobContext cancelling(token, [&](const Progress& p) {
    if (p.done == 3) token->cancel();
  });
  EXPECT_THROW(exportComposite(scene, dir / "cancelled.mp4", {}, cancelling), Cancelled);
  EXPECT_FALSE(fs::exists(dir / "cancelled.mp4"));
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find("cancelled"), std::string::npos) << entry.path();
}
