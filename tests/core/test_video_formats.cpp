// VideoReader across containers, codecs, rotations and colour tags, and the frame
// cache under concurrent use. Every clip is generated here with the ffmpeg CLI.
#include "media/frame_cache.h"
#include "media/video_reader.h"
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <random>
#include <thread>
#include <vector>

using namespace permanence;
using test::ClipSpec;

namespace {

struct Format {
  std::string file;
  std::string codecArgs;
};

void expectFrameExact(VideoReader& reader, int frames) {
  ASSERT_EQ(reader.frameCount(), frames) << reader.path();
  for (int i = 0; i < frames; ++i)
    ASSERT_EQ(test::readPatternIndex(reader.readFrame(i)), i) << reader.path() << " sequential " << i;
  std::mt19937 rng(11);
  for (int k = 0; k < 12; ++k) {
    const int i = static_cast<int>(rng() % frames);
    ASSERT_EQ(test::readPatternIndex(reader.readFrame(i)), i) << reader.path() << " seek to " << i;
  }
}

}  // namespace

TEST(VideoFormats, FrameExactInEveryContainerAndCodec) {
  const std::vector<Format> formats = {
      {"h264_bframes.ts", "-c:v libx264 -pix_fmt yuv420p -g 8 -bf 3"},
      {"raw.h264", "-c:v libx264 -pix_fmt yuv420p -g 8 -bf 2"},
      {"hevc.mp4", "-c:v libx265 -pix_fmt yuv420p -x265-params log-level=none:keyint=8"},
      {"vp9.webm", "-c:v libvpx-vp9 -pix_fmt yuv420p -g 8 -deadline realtime -cpu-used 8"},
      {"vp8.mkv", "-c:v libvpx -pix_fmt yuv420p -g 8 -deadline realtime"},
      {"mpeg4.avi", "-c:v mpeg4 -q:v 3 -g 8 -bf 2"},
      {"mjpeg.avi", "-c:v mjpeg -q:v 3 -pix_fmt yuvj420p"},
      {"prores.mov", "-c:v prores_ks -profile:v 2"},
      {"ffv1.mkv", "-c:v ffv1"},
  };
  test::TempDir dir;
  for (const Format& format : formats) {
    ClipSpec spec;
    spec.size = {256, 144};
    spec.frames = 24;
    spec.codecArgs = format.codecArgs;
    test::makeClip(dir / format.file, spec);
    VideoReader reader(dir / format.file);
    expectFrameExact(reader, spec.frames);
  }
}

TEST(VideoFormats, EveryRotationMatchesFfmpegAutorotate) {
  test::TempDir dir;
  ClipSpec spec;
  spec.frames = 4;
  test::makeClip(dir / "plain.mp4", spec);
  for (int rotate : {90, 180, 270}) {
    const std::string rotated = dir / ("rot" + std::to_string(rotate) + ".mp4");
    const std::string png = dir / ("ffmpeg" + std::to_string(rotate) + ".png");
    test::runCommand("ffmpeg -loglevel error -i " + dir / "plain.mp4" + " -c copy -metadata:s:v:0 rotate=" +
                     std::to_string(rotate) + " " + rotated);
    test::runCommand("ffmpeg -loglevel error -i " + rotated + " -vf 'select=eq(n\\,2)' -frames:v 1 " + png);
    // ffprobe gives the display matrix's counter-clockwise angle; info reports the
    // clockwise turn applied to the coded frames.
    const auto probe = test::runCommand("ffprobe -v error -select_streams v -show_entries stream_side_data=rotation "
                                        "-of csv=p=0 " + rotated);
    const int counterClockwise = std::stoi(probe.out);
    VideoReader reader(rotated);
    EXPECT_EQ(reader.describe().rotation, ((-counterClockwise) % 360 + 360) % 360) << rotate;
    const cv::Size displayed = rotate == 180 ? cv::Size(320, 240) : cv::Size(240, 320);
    EXPECT_EQ(reader.frameSize(), displayed) << rotate;
    const cv::Mat ours = reader.readFrame(2);
    const cv::Mat theirs = cv::imread(png);
    ASSERT_EQ(ours.size(), theirs.size()) << rotate;
    EXPECT_GT(cv::PSNR(ours, theirs), 35.0) << "rotation " << rotate;
  }
}

// A saturated colour encoded with a given matrix and range must come back as the
// same BGR: a reader that ignored the tags would be off by 10+ levels.
TEST(VideoFormats, HonoursColourMatrixAndRange) {
  const cv::Vec3b bgr(40, 180, 220);
  test::TempDir dir;
  cv::imwrite(dir / "colour.png", cv::Mat(144, 256, CV_8UC3, cv::Scalar(bgr[0], bgr[1], bgr[2])));
  struct Tag {
    std::string matrix, range;
  };
  for (const Tag& tag : {Tag{"bt601", "tv"}, Tag{"bt709", "tv"}, Tag{"bt709", "pc"}, Tag{"bt2020", "tv"}}) {
    const std::string clip = dir / (tag.matrix + tag.range + ".mkv");
    const std::string colorspace = tag.matrix == "bt601" ? "smpte170m" : tag.matrix == "bt2020" ? "bt2020nc" : "bt709";
    test::runCommand("ffmpeg -loglevel error -loop 1 -i " + dir / "colour.png" + " -frames:v 3 -vf scale=out_color_matrix=" +
                     tag.matrix + ":out_range=" + tag.range + ",format=yuv444p -colorspace " + colorspace +
                     " -color_range " + tag.range + " -c:v ffv1 " + clip);
    VideoReader reader(clip);
    const cv::Vec3b got = reader.readFrame(1).at<cv::Vec3b>(72, 128);
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(got[c], bgr[c], 4) << tag.matrix << " " << tag.range << " channel " << c;
  }
}

TEST(FrameCache, SharedByConcurrentReadersStaysWithinBudget) {
  test::TempDir dir;
  ClipSpec spec;
  spec.frames = 40;
  test::makeClip(dir / "clip.mp4", spec);
  VideoReader first(dir / "clip.mp4");
  VideoReader second(dir / "clip.mp4");  // another source: its own entries and decode lock
  const std::size_t frameBytes = 320 * 240 * 3;
  FrameCache cache(10 * frameBytes);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      VideoReader& reader = t % 2 ? second : first;
      for (int k = 0; k < 50; ++k) {
        const int i = static_cast<int>(rng() % 20);
        if (test::readPatternIndex(cache.get(reader, i)) != i) ++wrong[t];
      }
    });
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
  EXPECT_LE(cache.bytesUsed(), cache.budgetBytes());
  EXPECT_EQ(cache.hits() + cache.misses(), 200u);
  EXPECT_GT(cache.hits(), 0u);
}
