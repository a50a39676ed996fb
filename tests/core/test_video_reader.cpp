#include "errors.h"
#include "media/frame_cache.h"
#include "media/video_reader.h"
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <random>

using namespace permanence;
using test::ClipSpec;

namespace {

void expectSequentialExact(VideoReader& reader) {
  for (int i = 0; i < reader.frameCount(); ++i)
    ASSERT_EQ(test::readPatternIndex(reader.readFrame(i)), i) << "sequential frame " << i;
}

}  // namespace

TEST(VideoReader, ConstantRateFrameExactSequentialAndRandom) {
  test::TempDir dir;
  ClipSpec spec;
  spec.frames = 60;
  spec.rate = "30000/1001";
  test::makeClip(dir / "cfr.mp4", spec);
  VideoReader reader(dir / "cfr.mp4");
  EXPECT_EQ(reader.frameCount(), 60);
  EXPECT_EQ(reader.frameSize(), cv::Size(320, 240));
  EXPECT_EQ(reader.frameRate(), (Rational{30000, 1001}));
  EXPECT_FALSE(reader.describe().hasAudio);
  expectSequentialExact(reader);
  std::mt19937 rng(7);
  for (int k = 0; k < 40; ++k) {
    const int i = static_cast<int>(rng() % 60);
    ASSERT_EQ(test::readPatternIndex(reader.readFrame(i)), i) << "random seek to " << i;
  }
  EXPECT_NEAR(reader.frameTime(30), 30 * 1001.0 / 30000, 1e-6);
  EXPECT_THROW(reader.readFrame(60), MediaError);
}

TEST(VideoReader, VariableFrameRateUsesTheTimestampTable) {
  test::TempDir dir;
  ClipSpec spec;
  spec.frames = 20;
  spec.variableRate = true;
  spec.codecArgs = "-c:v libx264 -pix_fmt yuv420p -g 5";
  test::makeClip(dir / "vfr.mkv", spec);
  VideoReader reader(dir / "vfr.mkv");
  ASSERT_EQ(reader.frameCount(), 20);
  EXPECT_NEAR(reader.frameTime(5), 5 / 25.0, 2e-3);
  EXPECT_NEAR(reader.frameTime(15), 0.4 + 5 * 3 / 25.0, 2e-3);
  expectSequentialExact(reader);
  for (int i : {17, 3, 12, 0, 19})
    EXPECT_EQ(test::readPatternIndex(reader.readFrame(i)), i);
}

TEST(VideoReader, AppliesRotationMetadataLikeFfmpeg) {
  test::TempDir dir;
  ClipSpec spec;
  spec.frames = 8;
  test::makeClip(dir / "plain.mp4", spec);
  // The legacy rotate tag becomes a display matrix when remuxed.
  test::runCommand("ffmpeg -loglevel error -i " + dir / "plain.mp4" + " -c copy -metadata:s:v:0 rotate=90 " +
                   dir / "rot.mp4");
  test::runCommand("ffmpeg -loglevel error -i " + dir / "rot.mp4" + " -vf 'select=eq(n\\,5)' -frames:v 1 " +
                   dir / "ffmpeg5.png");
  VideoReader reader(dir / "rot.mp4");
  EXPECT_NE(reader.describe().rotation, 0);
  EXPECT_EQ(reader.frameSize(), cv::Size(240, 320));  // as displayed
  const cv::Mat ours = reader.readFrame(5);
  const cv::Mat theirs = cv::imread(dir / "ffmpeg5.png");
  ASSERT_EQ(theirs.size(), cv::Size(240, 320));
  EXPECT_GT(cv::PSNR(ours, theirs), 35.0);  // same orientation and colours as ffmpeg's autorotate
}

TEST(VideoReader, OddSizeTenBitAndAudio) {
  test::TempDir dir;
  ClipSpec odd;
  odd.size = {853, 479};
  odd.frames = 10;
  odd.codecArgs = "-c:v libx264 -pix_fmt yuv444p";
  odd.withAudio = true;
  test::makeClip(dir / "odd.mp4", odd);
  VideoReader oddReader(dir / "odd.mp4");
  EXPECT_EQ(oddReader.frameSize(), cv::Size(853, 479));
  EXPECT_TRUE(oddReader.describe().hasAudio);
  expectSequentialExact(oddReader);

  ClipSpec deep;
  deep.frames = 10;
  deep.codecArgs = "-c:v libx264 -pix_fmt yuv420p10le";
  test::makeClip(dir / "deep.mp4", deep);
  VideoReader deepReader(dir / "deep.mp4");
  EXPECT_EQ(deepReader.describe().pixelFormat, "yuv420p10le");
  expectSequentialExact(deepReader);
}

TEST(VideoReader, BadFilesGiveClearErrors) {
  test::TempDir dir;
  auto expectError = [](const std::string& path, const std::string& needle) {
    try {
      VideoReader reader(path);
      ADD_FAILURE() << path << " was accepted";
    } catch (const MediaError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(path), std::string::npos) << msg;
      EXPECT_NE(msg.find(needle), std::string::npos) << msg;
    }
  };
  expectError(dir / "missing.mp4", "no such file");
  {
    std::ofstream junk(dir / "junk.mp4", std::ios::binary);
    std::mt19937 rng(1);
    for (int i = 0; i < 100000; ++i) junk.put(static_cast<char>(rng()));
  }
  expectError(dir / "junk.mp4", "cannot open");
  test::runCommand("ffmpeg -loglevel error -f lavfi -i sine=duration=1 -c:a aac " + dir / "audio.m4a");
  expectError(dir / "audio.m4a", "no video stream");
  cv::imwrite(dir / "one.png", cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(128)));
  test::runCommand("ffmpeg -loglevel error -loop 1 -i " + dir / "one.png" + " -t 0.2 -c:v png " + dir / "tiny.mkv");
  expectError(dir / "tiny.mkv", "outside the supported range");
  test::runCommand("ffmpeg -loglevel error -f lavfi -i color=size=7680x4320:duration=0.04 -c:v png " + dir / "8k.mkv");
  expectError(dir / "8k.mkv", "outside the supported range");
}

TEST(FrameCache, EvictsLeastRecentlyUsedByBytes) {
  test::TempDir dir;
  ClipSpec spec;
  spec.frames = 10;
  test::makeClip(dir / "c.mp4", spec);
  VideoReader reader(dir / "c.mp4");
  const std::size_t frameBytes = 320 * 240 * 3;
  FrameCache cache(3 * frameBytes);
  for (int i = 0; i < 3; ++i) cache.get(reader, i);
  EXPECT_EQ(cache.bytesUsed(), 3 * frameBytes);
  cache.get(reader, 0);  // 0 becomes most recent; 1 is now the oldest
  cache.get(reader, 5);  // evicts 1
  EXPECT_EQ(cache.bytesUsed(), 3 * frameBytes);
  const std::size_t misses = cache.misses();
  EXPECT_EQ(test::readPatternIndex(cache.get(reader, 0)), 0);
  EXPECT_EQ(cache.misses(), misses);  // hit
  cache.get(reader, 1);
  EXPECT_EQ(cache.misses(), misses + 1);  // was evicted
}
