#include "compose/keyframes.h"
#include "compose/renderer.h"
#include "compose/scene.h"
#include "compose/z_order.h"
#include "errors.h"
#include "media/image_sequence_source.h"
#include "media/memory_frame_source.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

TransformKeyframe key(int frame, double tx, Interpolation mode = Interpolation::Linear) {
  TransformKeyframe k;
  k.frame = frame;
  k.translateX = tx;
  k.interpolation = mode;
  return k;
}

const cv::Size kSize{96, 64};
const int kFrames = 4;
const cv::Vec3b kBall{40, 40, 220};   // red, BGR
const cv::Vec3b kCup{200, 120, 30};   // blue
const cv::Rect kBallRect{20, 20, 16, 16};
const cv::Rect kCupRect{16, 16, 28, 30};  // covers the ball completely

// A plate whose every pixel differs from its neighbours and from frame to frame.
cv::Mat plateFrame(int index) {
  cv::Mat plate(kSize, CV_8UC3);
  for (int y = 0; y < kSize.height; ++y)
    for (int x = 0; x < kSize.width; ++x)
      plate.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 2), uchar(y * 3), uchar(10 * index + 5));
  return plate;
}

// A folder of RGBA PNGs with an opaque rectangle of `colour`, as the completion
// stage writes them.
std::shared_ptr<FrameSource> rgbaLayer(const fs::path& folder, cv::Rect rect, cv::Vec3b colour) {
  fs::create_directories(folder);
  for (int i = 0; i < kFrames; ++i) {
    cv::Mat bgra = cv::Mat::zeros(kSize, CV_8UC4);
    bgra(rect).setTo(cv::Scalar(colour[0], colour[1], colour[2], 255));
    cv::imwrite((folder / (indexedFrameName(i) + ".png")).string(), bgra);
  }
  return std::make_shared<ImageSequenceSource>(folder.string());
}

Scene ballBehindCup(const test::TempDir& dir) {
  std::vector<cv::Mat> plates;
  for (int i = 0; i < kFrames; ++i) plates.push_back(plateFrame(i));
  Scene scene;
  scene.plate = std::make_shared<MemoryFrameSource>(plates);
  scene.layers.push_back({"ball", rgbaLayer(dir.path() / "ball", kBallRect, kBall), {}, true, std::nullopt});
  scene.layers.push_back({"cup", rgbaLayer(dir.path() / "cup", kCupRect, kCup), {}, true, std::nullopt});
  return scene;
}

cv::Vec3b at(const cv::Mat& image, cv::Point p) { return image.at<cv::Vec3b>(p); }

}  // namespace

TEST(Keyframes, NoKeyframesIsIdentity) {
  const LayerTransform t = transformAt({}, 7);
  EXPECT_EQ(t.translateX, 0);
  EXPECT_EQ(t.scale, 1);
  EXPECT_EQ(t.opacity, 1);
}

TEST(Keyframes, LinearEasedAndHold) {
  EXPECT_DOUBLE_EQ(transformAt({key(0, 0), key(10, 100)}, 2.5).translateX, 25);
  // Smoothstep at a quarter of the way: 3t^2 - 2t^3 = 0.15625.
  EXPECT_DOUBLE_EQ(transformAt({key(0, 0, Interpolation::EaseInOut), key(10, 100)}, 2.5).translateX, 15.625);
  EXPECT_DOUBLE_EQ(transformAt({key(0, 0, Interpolation::EaseInOut), key(10, 100)}, 5).translateX, 50);
  EXPECT_DOUBLE_EQ(transformAt({key(0, 0, Interpolation::Hold), key(10, 100)}, 9.9).translateX, 0);
  EXPECT_DOUBLE_EQ(transformAt({key(0, 0, Interpolation::Hold), key(10, 100)}, 10).translateX, 100);
}

TEST(Keyframes, HoldsOutsideTheKeyedRangeAndPicksTheRightSegment) {
  const std::vector<TransformKeyframe> keys{key(5, 10), key(10, 20), key(20, -20)};
  EXPECT_DOUBLE_EQ(transformAt(keys, 0).translateX, 10);
  EXPECT_DOUBLE_EQ(transformAt(keys, 30).translateX, -20);
  EXPECT_DOUBLE_EQ(transformAt(keys, 15).translateX, 0);
  EXPECT_DOUBLE_EQ(transformAt(keys, 10).translateX, 20);
}

TEST(Compositing, PremultipliedOverMatchesTheFormula) {
  cv::Mat canvas(1, 1, CV_32FC3, cv::Scalar(0.2, 0.4, 0.6));
  // Straight BGRA (255, 0, 0, 51): premultiplied (0.2, 0, 0, 0.2).
  const cv::Mat bgra(1, 1, CV_8UC4, cv::Scalar(255, 0, 0, 51));
  const cv::Mat layer = placeLayer(bgra, {}, cv::Point2d(0, 0));
  const cv::Vec4f p = layer.at<cv::Vec4f>(0, 0);
  EXPECT_NEAR(p[0], 0.2, 1e-6);
  EXPECT_NEAR(p[1], 0.0, 1e-6);
  EXPECT_NEAR(p[3], 0.2, 1e-6);
  compositeOver(canvas, layer);
  const cv::Vec3f c = canvas.at<cv::Vec3f>(0, 0);
  EXPECT_NEAR(c[0], 0.2 + 0.2 * 0.8, 1e-6);
  EXPECT_NEAR(c[1], 0.4 * 0.8, 1e-6);
  EXPECT_NEAR(c[2], 0.6 * 0.8, 1e-6);
}

TEST(Compositing, OpacityScalesThePremultipliedLayer) {
  const cv::Mat bgra(1, 1, CV_8UC4, cv::Scalar(255, 255, 255, 255));
  LayerTransform half;
  half.opacity = 0.5;
  const cv::Vec4f p = placeLayer(bgra, half, cv::Point2d(0, 0)).at<cv::Vec4f>(0, 0);
  EXPECT_NEAR(p[0], 0.5, 1e-6);
  EXPECT_NEAR(p[3], 0.5, 1e-6);
}

// placeLayer warps only the box around the object: the result must be the warp of
// the whole premultiplied frame, including pixels pushed past the image's edge.
TEST(Compositing, PlacingTheObjectsBoxEqualsWarpingTheWholeFrame) {
  cv::Mat bgra = cv::Mat::zeros(90, 120, CV_8UC4);
  cv::RNG rng(3);
  rng.fill(bgra(cv::Rect(30, 20, 40, 30)), cv::RNG::UNIFORM, 1, 256);
  LayerTransform t;
  t.translateX = 70.5;
  t.translateY = -9.25;
  t.scale = 1.3;
  t.rotationDegrees = 25;
  t.opacity = 0.8;
  const cv::Point2d centre(50, 35);
  cv::Mat premultiplied;
  bgra.convertTo(premultiplied, CV_32FC4, 1.0 / 255);
  for (int y = 0; y < bgra.rows; ++y)
    for (auto* p = premultiplied.ptr<cv::Vec4f>(y); p != premultiplied.ptr<cv::Vec4f>(y) + bgra.cols; ++p)
      for (int c = 0; c < 3; ++c) (*p)[c] *= (*p)[3];
  cv::Mat affine = cv::getRotationMatrix2D(centre, -t.rotationDegrees, t.scale), expected;
  affine.at<double>(0, 2) += t.translateX;
  affine.at<double>(1, 2) += t.translateY;
  cv::warpAffine(premultiplied, expected, affine, bgra.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  expected *= t.opacity;
  // warpAffine samples at 1/32 pixel: the crop's origin moves that grid by less than
  // 1/32 px, a difference far below the 1.0 a one-pixel error gives on this noise.
  EXPECT_LT(cv::norm(placeLayer(bgra, t, centre), expected, cv::NORM_INF), 0.04);
}

TEST(Compositing, RotatedEdgesAreAntiAliased) {
  cv::Mat bgra = cv::Mat::zeros(64, 64, CV_8UC4);
  bgra(cv::Rect(16, 16, 32, 32)).setTo(cv::Scalar(255, 255, 255, 255));
  LayerTransform t;
  t.rotationDegrees = 30;
  const cv::Mat placed = placeLayer(bgra, t, std::nullopt);
  int partial = 0;
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) {
      const cv::Vec4f p = placed.at<cv::Vec4f>(y, x);
      if (p[3] > 0.05f && p[3] < 0.95f) ++partial;
      EXPECT_NEAR(p[0], p[3], 1e-5);  // white stays white: no dark fringe in premultiplied space
    }
  EXPECT_GT(partial, 40);
}

TEST(ZOrder, HiddenPartUnderAnotherVisibleMaskGoesBehind) {
  auto rectMask = [](cv::Rect r) {
    cv::Mat m = cv::Mat::zeros(kSize, CV_8UC1);
    m(r).setTo(255);
    return Mask::fromMat(m);
  };
  // The ball's right half is hidden by the cup; the cup is fully visible.
  ObjectMasks ball{{rectMask({20, 20, 8, 16})}, {rectMask(kBallRect)}};
  ObjectMasks cup{{rectMask({28, 16, 20, 30})}, {rectMask({28, 16, 20, 30})}};
  ObjectMasks lone{{rectMask({70, 40, 6, 6})}, {rectMask({70, 40, 6, 6})}};
  EXPECT_EQ(inferZOrder({ball, cup}), (std::vector<int>{0, 1}));
  EXPECT_EQ(inferZOrder({cup, ball}), (std::vector<int>{1, 0}));
  EXPECT_EQ(inferZOrder({cup, lone, ball}), (std::vector<int>{1, 2, 0}));
  ObjectMasks shortBall{{}, {}};
  EXPECT_THROW(inferZOrder({ball, shortBall}), InputError);
}

TEST(Renderer, MovingALayerShowsThePlateNotAHole) {
  test::TempDir dir;
  Scene scene = ballBehindCup(dir);
  scene.layers.erase(scene.layers.begin() + 1);  // the ball alone
  scene.layers[0].keyframes = {key(0, 50)};
  const cv::Mat frame = renderFrame(scene, 2);
  const cv::Mat plate = plateFrame(2);
  for (int y = kBallRect.y; y < kBallRect.y + kBallRect.height; ++y)
    for (int x = kBallRect.x; x < kBallRect.x + kBallRect.width; ++x) {
      ASSERT_EQ(at(frame, {x, y}), at(plate, {x, y})) << x << "," << y;
      ASSERT_EQ(at(frame, {x + 50, y}), kBall) << x + 50 << "," << y;
    }
}

TEST(Renderer, HidingALayerShowsThePlate) {
  test::TempDir dir;
  Scene scene = ballBehindCup(dir);
  for (SceneLayer& layer : scene.layers) layer.visible = false;
  EXPECT_EQ(cv::norm(renderFrame(scene, 1), plateFrame(1), cv::NORM_INF), 0);
}

TEST(Renderer, SwappingZOrderBringsTheHiddenObjectToTheFront) {
  test::TempDir dir;
  Scene scene = ballBehindCup(dir);
  const cv::Point centre(kBallRect.x + 8, kBallRect.y + 8);
  EXPECT_EQ(at(renderFrame(scene, 0), centre), kCup);
  std::swap(scene.layers[0], scene.layers[1]);
  EXPECT_EQ(at(renderFrame(scene, 0), centre), kBall);
  EXPECT_EQ(at(renderFrame(scene, 0), {kCupRect.x + 1, kCupRect.y + 1}), kCup);
}

TEST(Renderer, IsDeterministic) {
  test::TempDir dir;
  Scene scene = ballBehindCup(dir);
  TransformKeyframe k = key(0, 7.3, Interpolation::EaseInOut);
  k.scale = 1.37;
  k.rotationDegrees = 21;
  k.opacity = 0.8;
  scene.layers[1].keyframes = {k, key(3, -4)};
  for (int i = 0; i < kFrames; ++i) EXPECT_EQ(cv::norm(renderFrame(scene, i), renderFrame(scene, i), cv::NORM_INF), 0);
}

TEST(Renderer, RefusesALayerOfTheWrongSize) {
  test::TempDir dir;
  Scene scene = ballBehindCup(dir);
  scene.layers[0].rgba = std::make_shared<MemoryFrameSource>(std::vector<cv::Mat>(kFrames, cv::Mat(8, 8, CV_8UC3)));
  EXPECT_THROW(renderFrame(scene, 0), InputError);
}
