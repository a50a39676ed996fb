#include "errors.h"
#include "media/image_sequence_source.h"
#include "media/image_sequence_writer.h"
#include "media/video_reader.h"
#include "media/video_writer.h"
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

int filesIn(const fs::path& folder) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(folder)) ++n;
  return n;
}

}  // namespace

TEST(VideoWriter, H264KeepsRateCountAndCopiesAudio) {
  test::TempDir dir;
  test::ClipSpec spec;
  spec.frames = 30;
  spec.rate = "30000/1001";
  spec.withAudio = true;
  test::makeClip(dir / "src.mp4", spec);
  VideoReader source(dir / "src.mp4");
  {
    VideoWriterOptions options;
    options.audioSource = dir / "src.mp4";
    options.preset = "ultrafast";
    VideoWriter writer(dir / "out.mp4", source.frameSize(), source.frameRate(), options);
    for (int i = 0; i < source.frameCount(); ++i) writer.write(source.readFrame(i));
    EXPECT_FALSE(fs::exists(dir / "out.mp4"));  // only a temporary file until finish()
    writer.finish();
  }
  VideoReader out(dir / "out.mp4");
  EXPECT_EQ(out.frameCount(), 30);
  EXPECT_EQ(out.frameRate(), (Rational{30000, 1001}));
  EXPECT_TRUE(out.describe().hasAudio);
  for (int i : {0, 13, 29}) EXPECT_EQ(test::readPatternIndex(out.readFrame(i)), i);
  EXPECT_EQ(filesIn(dir.path()), 2);  // src.mp4 and out.mp4, no leftovers
}

TEST(VideoWriter, ProResKeepsAlpha) {
  test::TempDir dir;
  const cv::Size size(64, 48);
  {
    VideoWriterOptions options;
    options.codec = VideoCodec::ProRes4444;
    VideoWriter writer(dir / "layer.mov", size, {25, 1}, options);
    for (int i = 0; i < 5; ++i) {
      cv::Mat bgra(size, CV_8UC4, cv::Scalar(40, 80, 160, 0));
      cv::circle(bgra, {32, 24}, 10 + i, cv::Scalar(200, 100, 50, 255), cv::FILLED);
      writer.write(bgra);
    }
    writer.finish();
  }
  VideoReader reader(dir / "layer.mov");
  EXPECT_TRUE(reader.hasAlpha());
  EXPECT_EQ(reader.frameCount(), 5);
  const cv::Mat frame = reader.readFrameWithAlpha(3);
  ASSERT_EQ(frame.type(), CV_8UC4);
  EXPECT_NEAR(frame.at<cv::Vec4b>(24, 32)[3], 255, 2);  // inside the disc
  EXPECT_NEAR(frame.at<cv::Vec4b>(2, 2)[3], 0, 2);      // transparent corner
  EXPECT_NEAR(frame.at<cv::Vec4b>(24, 32)[0], 200, 6);
}

TEST(VideoWriter, AbandonedOrFailedExportLeavesNoFile) {
  test::TempDir dir;
  {
    VideoWriter writer(dir / "gone.mp4", {64, 48}, {25, 1});
    writer.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar::all(90)));
  }  // destroyed without finish(), as after an exception or a cancel
  EXPECT_EQ(filesIn(dir.path()), 0);
  EXPECT_THROW(VideoWriter(dir / "odd.mp4", {63, 48}, {25, 1}), MediaError);
  EXPECT_THROW(VideoWriter(dir / "nofolder/x.mp4", {64, 48}, {25, 1}), IoError);
  VideoWriter writer(dir / "size.mp4", {64, 48}, {25, 1});
  EXPECT_THROW(writer.write(cv::Mat(10, 10, CV_8UC3)), MediaError);
  EXPECT_EQ(filesIn(dir.path()), 0);
}

TEST(ImageSequenceWriter, WritesRgbaAndMasksAtomically) {
  test::TempDir dir;
  const std::string folder = dir / "rgba";
  {
    ImageSequenceWriter writer(folder);
    writer.write("00000", cv::Mat(8, 8, CV_8UC4, cv::Scalar(1, 2, 3, 128)));
    EXPECT_FALSE(fs::exists(folder));
  }
  EXPECT_EQ(filesIn(dir.path()), 0);  // abandoned: nothing left
  ImageSequenceWriter writer(folder);
  writer.write("00000", cv::Mat(8, 8, CV_8UC4, cv::Scalar(1, 2, 3, 128)));
  writer.write("00001", cv::Mat(8, 8, CV_8UC4, cv::Scalar(1, 2, 3, 64)));
  writer.finish();
  ImageSequenceSource source(folder);
  EXPECT_EQ(source.frameCount(), 2);
  EXPECT_EQ(source.readFrameWithAlpha(1).at<cv::Vec4b>(0, 0)[3], 64);
}

TEST(VideoWriter, WritingAfterAFailureIsRefused) {
  test::TempDir dir;
  VideoWriter writer(dir / "out.mp4", {64, 48}, {25, 1});
  EXPECT_THROW(writer.write(cv::Mat(48, 64, CV_8UC1)), MediaError);
  EXPECT_THROW(writer.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar::all(9))), MediaError);
  EXPECT_THROW(writer.finish(), MediaError);
  EXPECT_EQ(filesIn(dir.path()), 0);
}

// A saturated colour must come back as itself: the writer's BT.709 limited-range
// tags must match the matrix it converted with.
TEST(VideoWriter, ColoursSurviveTheRoundTrip) {
  const cv::Scalar colour(40, 180, 220);
  test::TempDir dir;
  for (VideoCodec codec : {VideoCodec::H264, VideoCodec::ProRes4444}) {
    const std::string path = dir / (codec == VideoCodec::H264 ? "colour.mp4" : "colour.mov");
    VideoWriterOptions options;
    options.codec = codec;
    VideoWriter writer(path, {64, 48}, {25, 1}, options);
    for (int i = 0; i < 3; ++i) writer.write(cv::Mat(48, 64, CV_8UC3, colour));
    writer.finish();
    VideoReader reader(path);
    const cv::Vec3b got = reader.readFrame(1).at<cv::Vec3b>(24, 32);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(got[c], colour[c], 4) << path << " channel " << c;
  }
}

// Encoding runs behind the caller: a failed image must still stop the export, by
// the next write or by finish(), and leave no folder behind.
TEST(ImageSequenceWriter, AFailedImageFailsTheExportAndLeavesNothing) {
  test::TempDir dir;
  const std::string folder = dir / "layers";
  ImageSequenceWriter writer(folder);
  writer.write("00000", cv::Mat(8, 8, CV_8UC4, cv::Scalar::all(7)));
  writer.write("00001", cv::Mat(8, 8, CV_32FC2, cv::Scalar::all(0.5)));  // PNG cannot hold two float channels
  const auto writeMore = [&] {
    for (int i = 2; i < 50; ++i) writer.write(indexedFrameName(i), cv::Mat(8, 8, CV_8UC4, cv::Scalar::all(7)));
    writer.finish();
  };
  EXPECT_THROW(writeMore(), InputError);
  EXPECT_FALSE(fs::exists(folder));
}

TEST(ImageSequenceWriter, WritesEightBitMasks) {
  test::TempDir dir;
  cv::Mat mask(8, 8, CV_8UC1, cv::Scalar(0));
  mask(cv::Rect(2, 2, 3, 3)).setTo(255);
  ImageSequenceWriter writer(dir / "masks");
  writer.write("00000", mask);
  writer.finish();
  const cv::Mat back = cv::imread(dir / "masks/00000.png", cv::IMREAD_UNCHANGED);
  ASSERT_EQ(back.type(), CV_8UC1);
  EXPECT_EQ(cv::countNonZero(back != mask), 0);
}
