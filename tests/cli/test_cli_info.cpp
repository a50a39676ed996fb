// permanence-cli info on good and bad inputs, as a user runs it.
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <random>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

test::CommandResult info(const std::string& path) {
  return test::runCommand(test::cliPath() + " info '" + path + "'");
}

void expectRefused(const std::string& path, const std::string& needle) {
  const auto r = info(path);
  EXPECT_EQ(r.exitCode, 1) << path << "\n" << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one clear line, no FFmpeg noise:\n" << r.err;
}

}  // namespace

TEST(CliInfo, DescribesAVideo) {
  test::TempDir dir;
  test::ClipSpec spec;
  spec.frames = 12;
  spec.rate = "30000/1001";
  spec.withAudio = true;
  test::makeClip(dir / "clip.mp4", spec);
  const auto r = info(dir / "clip.mp4");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["width"], 320);
  EXPECT_EQ(j["height"], 240);
  EXPECT_EQ(j["frame_count"], 12);
  EXPECT_EQ(j["fps_rational"], "30000/1001");
  EXPECT_NEAR(j["fps"].get<double>(), 29.97, 0.01);
  EXPECT_EQ(j["has_audio"], true);
  EXPECT_EQ(j["codec"], "h264");
  EXPECT_EQ(j["pix_fmt"], "yuv420p");
  EXPECT_EQ(j["rotation"], 0);
  EXPECT_NEAR(j["duration_s"].get<double>(), 12 * 1001.0 / 30000, 1e-3);
}

TEST(CliInfo, RealFootageWhenPresent) {
  const fs::path cups = test::sharedDir() / "data/videos/02_cups.mp4";
  if (test::sharedDir().empty() || !fs::exists(cups)) GTEST_SKIP() << "../shared/data not present";
  const auto r = info(cups.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["width"], 1280);
  EXPECT_EQ(j["height"], 720);
  EXPECT_EQ(j["frame_count"], 300);
  EXPECT_EQ(j["fps_rational"], "30000/1001");
  EXPECT_EQ(j["has_audio"], true);
}

TEST(CliInfo, RefusesBadInputsWithClearMessages) {
  test::TempDir dir;
  expectRefused(dir / "missing.mp4", "no such file");

  test::ClipSpec spec;
  spec.frames = 30;
  test::makeClip(dir / "good.mp4", spec);
  {
    std::ifstream in(dir / "good.mp4", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(dir / "truncated.mp4", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  expectRefused(dir / "truncated.mp4", "truncated.mp4");
  // With the index in front (faststart), a cut file still opens: the index tells.
  test::runCommand("ffmpeg -loglevel error -i " + dir / "good.mp4" + " -c copy -movflags +faststart " +
                   dir / "faststart.mp4");
  {
    std::ifstream in(dir / "faststart.mp4", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(dir / "cut.mp4", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  expectRefused(dir / "cut.mp4", "is truncated");
  {
    std::ofstream junk(dir / "random.mp4", std::ios::binary);
    std::mt19937 rng(3);
    for (int i = 0; i < 50000; ++i) junk.put(static_cast<char>(rng()));
  }
  expectRefused(dir / "random.mp4", "cannot open");
  test::runCommand("ffmpeg -loglevel error -f lavfi -i sine=duration=1 -c:a aac " + dir / "audio.m4a");
  expectRefused(dir / "audio.m4a", "no video stream");
  test::runCommand("ffmpeg -loglevel error -f lavfi -i color=size=64x48:duration=1 -frames:v 0 -c:v libx264 " +
                   dir / "empty.mp4");
  expectRefused(dir / "empty.mp4", "empty.mp4");
  // An AVI whose codec tag nobody knows: FFmpeg reads the container, not the codec.
  test::runCommand("ffmpeg -loglevel error -f lavfi -i color=size=64x48:duration=0.2 -c:v mpeg4 " + dir / "known.avi");
  {
    std::ifstream in(dir / "known.avi", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    for (auto pos = bytes.find("FMP4"); pos != std::string::npos; pos = bytes.find("FMP4", pos))
      bytes.replace(pos, 4, "ZZZZ");
    std::ofstream(dir / "unknown.avi", std::ios::binary) << bytes;
  }
  expectRefused(dir / "unknown.avi", "unsupported video codec");
  cv::imwrite(dir / "one.png", cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(128)));
  test::runCommand("ffmpeg -loglevel error -loop 1 -i " + dir / "one.png" + " -t 0.2 -c:v png " + dir / "tiny.mkv");
  expectRefused(dir / "tiny.mkv", "1x1");
  test::runCommand("ffmpeg -loglevel error -f lavfi -i color=size=7680x4320:duration=0.04 -c:v png " + dir / "8k.mkv");
  expectRefused(dir / "8k.mkv", "7680x4320");

  fs::create_directories(dir / "mixed");
  cv::imwrite(dir / "mixed/a.png", cv::Mat(20, 30, CV_8UC3, cv::Scalar::all(1)));
  cv::imwrite(dir / "mixed/b.png", cv::Mat(21, 30, CV_8UC3, cv::Scalar::all(1)));
  expectRefused(dir / "mixed", "b.png");
}
