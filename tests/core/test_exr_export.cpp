// OpenEXR for compositors, read back with OpenEXR: half channels named as Nuke reads
// layers, the data window cropped to the object, premultiplied linear colour that
// matches the sRGB source, mattes that match the masks; the plate; failures.
#include "compose/compose_export.h"
#include "compose/exr_frames.h"
#include "compose/linear_light.h"
#include "errors.h"
#include "exr_file.h"
#include "media/exr_writer.h"
#include "media/image_sequence_source.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <Imath/half.h>

#include <filesystem>
#include <fstream>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

const cv::Size kSize{80, 60};
const int kFrames = 3;
const cv::Rect kAmodal{20, 14, 30, 24};   // the object's whole box
const cv::Rect kModal{20, 14, 14, 24};    // its visible left part
const Rational kRate{25, 1};

// How far a half may be from the float it stores: 11 significant bits.
float halfTolerance(float value) { return std::abs(value) / 1024.0f + 1e-6f; }

// Colours across the whole 0..255 range, so the sRGB curve is checked at every level.
cv::Mat layerFrame(int frame) {
  cv::Mat bgra = cv::Mat::zeros(kSize, CV_8UC4);
  for (int y = kAmodal.y; y < kAmodal.br().y; ++y)
    for (int x = kAmodal.x; x < kAmodal.br().x; ++x) {
      const int v = ((x - kAmodal.x) * kAmodal.height + (y - kAmodal.y) + 37 * frame) % 256;
      // A soft right edge: alpha between 0 and 255 there.
      const int alpha = x >= kAmodal.br().x - 4 ? 60 * (kAmodal.br().x - x) : 255;
      bgra.at<cv::Vec4b>(y, x) = {uchar(v), uchar(255 - v), uchar((v * 7) % 256), uchar(alpha)};
    }
  return bgra;
}

cv::Mat maskOf(cv::Rect r) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8UC1);
  m(r).setTo(255);
  return m;
}

void writeFrames(const fs::path& folder, const std::function<cv::Mat(int)>& frame) {
  fs::create_directories(folder);
  for (int i = 0; i < kFrames; ++i) cv::imwrite((folder / (indexedFrameName(i) + ".png")).string(), frame(i));
}

cv::Mat plateFrame(int frame) {
  cv::Mat bgr(kSize, CV_8UC3);
  for (int y = 0; y < kSize.height; ++y)
    for (int x = 0; x < kSize.width; ++x)
      bgr.at<cv::Vec3b>(y, x) = {uchar((x * 3 + frame) % 256), uchar(y * 4), uchar((x + y) % 256)};
  return bgr;
}

// A plate, one object layer with its masks on disk, and the scene over them.
struct ObjectScene {
  Scene scene;
  fs::path modal, amodal;
};

ObjectScene makeScene(const test::TempDir& dir, std::vector<TransformKeyframe> keyframes = {}) {
  writeFrames(dir.path() / "plate", plateFrame);
  writeFrames(dir.path() / "rgba", layerFrame);
  writeFrames(dir.path() / "modal", [](int) { return maskOf(kModal); });
  writeFrames(dir.path() / "amodal", [](int) { return maskOf(kAmodal); });
  ObjectScene s;
  s.scene.plate = std::make_shared<ImageSequenceSource>((dir.path() / "plate").string(), kRate);
  s.scene.layers.push_back(
      {"ball", std::make_shared<ImageSequenceSource>((dir.path() / "rgba").string()), std::move(keyframes), true, {}});
  s.modal = dir.path() / "modal";
  s.amodal = dir.path() / "amodal";
  return s;
}

test::ExrFile exportedObjectFrame(const test::TempDir& dir, const ObjectScene& s, int frame) {
  JobContext job = JobContext::detached();
  exportLayerExr(s.scene, 0, s.modal.string(), s.amodal.string(), dir / "exr", "ball", {}, job);
  return test::readExrFile((dir.path() / "exr" / ("ball." + indexedFrameName(frame) + ".exr")).string());
}

}  // namespace

TEST(ExrWriter, WritesHalfChannelsInTheirWindowsWithZip) {
  test::TempDir dir;
  const cv::Rect window{10, 5, 20, 12};
  cv::Mat ramp(window.size(), CV_32FC1);
  for (int y = 0; y < ramp.rows; ++y)
    for (int x = 0; x < ramp.cols; ++x) ramp.at<float>(y, x) = 0.001f * (x + 1) * (y + 1) + 0.1f;
  const cv::Mat one(window.size(), CV_32FC1, cv::Scalar(1));
  ExrWriter(dir / "a.exr").write({{64, 48}, window, {{"R", ramp}, {"A", one}, {"modal.A", one}}, {30000, 1001}});

  const test::ExrFile file = test::readExrFile(dir / "a.exr");
  EXPECT_EQ(file.displayWindow, cv::Rect(0, 0, 64, 48));
  EXPECT_EQ(file.dataWindow, window);
  EXPECT_EQ(file.compression, "zip");
  EXPECT_TRUE(file.allHalf);
  EXPECT_NEAR(file.framesPerSecond, 29.97, 0.001);
  ASSERT_EQ(file.channels.size(), 3u);
  for (int y = 0; y < ramp.rows; ++y)
    for (int x = 0; x < ramp.cols; ++x)
      ASSERT_EQ(file.channels.at("R").at<float>(y, x), float(half(ramp.at<float>(y, x))));
  EXPECT_EQ(cv::countNonZero(file.channels.at("modal.A") != 1.0f), 0);
  // Written under a temporary name and renamed: nothing else is left in the folder.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(ExrWriter, UnwritableFolderIsOneIoErrorNamingTheFile) {
  test::TempDir dir;
  std::ofstream(dir / "file") << "not a folder";
  const std::string path = dir / "file/out.exr";
  const cv::Mat one(4, 4, CV_32FC1, cv::Scalar(1));
  try {
    ExrWriter(path).write({{4, 4}, {0, 0, 4, 4}, {{"A", one}}, kRate});
    FAIL() << "no error";
  } catch (const IoError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find(path), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ExrExport, ObjectFileHoldsPremultipliedLinearColourAndMattesInItsBox) {
  test::TempDir dir;
  const ObjectScene s = makeScene(dir);
  const int frame = 1;
  const test::ExrFile file = exportedObjectFrame(dir, s, frame);

  std::vector<std::string> names;
  for (const auto& [name, plane] : file.channels) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"A", "B", "G", "R", "amodal.A", "modal.A"}));
  EXPECT_TRUE(file.allHalf);
  EXPECT_EQ(file.compression, "zip");
  EXPECT_EQ(file.displayWindow, cv::Rect({0, 0}, kSize));
  EXPECT_EQ(file.dataWindow, kAmodal);  // alpha and mattes are all inside the amodal box

  const cv::Mat source = layerFrame(frame);
  const cv::Mat modal = maskOf(kModal), amodal = maskOf(kAmodal);
  for (int y = 0; y < kAmodal.height; ++y)
    for (int x = 0; x < kAmodal.width; ++x) {
      const cv::Vec4b px = source.at<cv::Vec4b>(y + kAmodal.y, x + kAmodal.x);
      const float alpha = px[3] / 255.0f;
      ASSERT_NEAR(file.channels.at("A").at<float>(y, x), alpha, halfTolerance(alpha));
      const char* rgb[] = {"B", "G", "R"};  // OpenCV's order
      for (int c = 0; c < 3; ++c) {
        const float got = file.channels.at(rgb[c]).at<float>(y, x);
        const float expected = srgbToLinear(px[c] / 255.0f) * alpha;
        ASSERT_NEAR(got, expected, halfTolerance(expected) + 1e-4f) << rgb[c] << " at " << x << "," << y;
        ASSERT_LE(got, file.channels.at("A").at<float>(y, x)) << "premultiplied";
      }
      ASSERT_EQ(file.channels.at("modal.A").at<float>(y, x), modal.at<uchar>(y + kAmodal.y, x + kAmodal.x) / 255.0f);
      ASSERT_EQ(file.channels.at("amodal.A").at<float>(y, x), amodal.at<uchar>(y + kAmodal.y, x + kAmodal.x) / 255.0f);
    }
}

TEST(ExrExport, MovedLayerMovesItsMattesAndItsBox) {
  test::TempDir dir;
  TransformKeyframe moved;
  moved.translateX = 7;
  moved.translateY = -3;
  const ObjectScene s = makeScene(dir, {moved});
  const test::ExrFile file = exportedObjectFrame(dir, s, 0);
  const cv::Rect box = kAmodal + cv::Point(7, -3);
  EXPECT_EQ(file.dataWindow, box);
  // The visible part stays the left part of the moved object.
  const cv::Mat& modal = file.channels.at("modal.A");
  EXPECT_EQ(modal.at<float>(box.height / 2, kModal.width - 1), 1.0f);
  EXPECT_EQ(modal.at<float>(box.height / 2, kModal.width + 1), 0.0f);
  EXPECT_EQ(cv::countNonZero(file.channels.at("amodal.A") != 1.0f), 0);
}

TEST(ExrExport, ObjectNowhereInAFrameGetsAOnePixelWindow) {
  test::TempDir dir;
  ObjectScene s = makeScene(dir);
  writeFrames(dir.path() / "rgba", [](int) { return cv::Mat(cv::Mat::zeros(kSize, CV_8UC4)); });
  writeFrames(s.modal, [](int) { return cv::Mat(cv::Mat::zeros(kSize, CV_8UC1)); });
  writeFrames(s.amodal, [](int) { return cv::Mat(cv::Mat::zeros(kSize, CV_8UC1)); });
  const test::ExrFile file = exportedObjectFrame(dir, s, 2);
  EXPECT_EQ(file.dataWindow, cv::Rect(0, 0, 1, 1));
  for (const auto& [name, plane] : file.channels) EXPECT_EQ(plane.at<float>(0, 0), 0.0f) << name;
}

TEST(ExrExport, PlateIsLinearRgbOverTheWholeFrame) {
  test::TempDir dir;
  const ObjectScene s = makeScene(dir);
  JobContext job = JobContext::detached();
  exportPlateExr(s.scene, dir / "plate_exr", {1, 2}, job);
  EXPECT_FALSE(fs::exists(dir.path() / "plate_exr" / "plate.00000.exr"));  // outside the range
  const test::ExrFile file = test::readExrFile(dir / "plate_exr/plate.00002.exr");
  EXPECT_EQ(file.channels.size(), 3u);
  EXPECT_TRUE(file.allHalf);
  EXPECT_EQ(file.dataWindow, cv::Rect({0, 0}, kSize));
  EXPECT_EQ(file.displayWindow, cv::Rect({0, 0}, kSize));
  EXPECT_DOUBLE_EQ(file.framesPerSecond, 25.0);
  const cv::Mat source = plateFrame(2);
  const char* rgb[] = {"B", "G", "R"};
  for (int y = 0; y < kSize.height; ++y)
    for (int x = 0; x < kSize.width; ++x)
      for (int c = 0; c < 3; ++c) {
        const float expected = srgbToLinear(source.at<cv::Vec3b>(y, x)[c] / 255.0f);
        ASSERT_NEAR(file.channels.at(rgb[c]).at<float>(y, x), expected, halfTolerance(expected));
      }
}

TEST(LinearLight, SrgbCurveAtItsKnownPoints) {
  EXPECT_FLOAT_EQ(srgbToLinear(0), 0);
  EXPECT_FLOAT_EQ(srgbToLinear(1), 1);
  EXPECT_NEAR(srgbToLinear(0.5f), 0.21404f, 1e-5);      // mid grey
  EXPECT_NEAR(srgbToLinear(0.04f), 0.04f / 12.92f, 1e-7);  // on the linear toe
}
