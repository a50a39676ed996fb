#include "synth/synthetic_scene.h"

#include "media/frame_source.h"
#include "media/image_sequence_writer.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <random>

namespace permanence {
namespace {

// Smooth coloured noise with some strong edges: trackable texture. `noiseRng` is the
// scene's own (cv::randu would draw from OpenCV's per-thread generator, whose state
// depends on what ran before: a test's scene would change with the tests run ahead of it).
cv::Mat texture(cv::Size size, std::mt19937_64& rng, cv::RNG& noiseRng, cv::Scalar tint) {
  cv::Mat noise(size, CV_8UC3);
  noiseRng.fill(noise, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(noise, noise, {0, 0}, 2.5);
  cv::Mat out;
  cv::addWeighted(noise, 0.6, cv::Mat(size, CV_8UC3, tint), 0.4, 0, out);
  std::uniform_int_distribution<int> px(0, std::max(size.width, size.height));
  for (int i = 0; i < 12; ++i)
    cv::line(out, {px(rng) % size.width, px(rng) % size.height}, {px(rng) % size.width, px(rng) % size.height},
             cv::Scalar(rng() % 255, rng() % 255, rng() % 255), 2, cv::LINE_AA);
  return out;
}

// Draws a textured shape: `shape` is the mask at frame geometry, the texture is
// mapped by the object's own motion so it moves with the object.
void paint(cv::Mat& frame, const cv::Mat& tex, const cv::Matx23d& objectToFrame, const cv::Mat& shape) {
  cv::Mat warped;
  cv::warpAffine(tex, warped, objectToFrame, frame.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  warped.copyTo(frame, shape);
}

}  // namespace

SyntheticScene makeSyntheticScene(const SyntheticSceneSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  // Seed 1 draws the noise that OpenCV's generator gave a process's first scene.
  cv::RNG noiseRng(0xffffffffULL + (spec.seed - 1));
  const cv::Size size(spec.width, spec.height);
  const cv::Mat world = texture({spec.width + static_cast<int>(spec.cameraPan * spec.frames) + 8, spec.height}, rng, noiseRng,
                                cv::Scalar(90, 110, 80));
  const int radius = spec.height / 5;
  const cv::Mat targetTex = texture({2 * radius + 1, 2 * radius + 1}, rng, noiseRng, cv::Scalar(40, 120, 220));
  const int occH = static_cast<int>(spec.occluderSize * 2 * radius);
  // A bar; an occluder taller than the target is also as wide as tall, so it hides it fully for a few frames.
  const int occW = spec.occluderSize > 1 ? occH : occH / 2;
  const cv::Mat occTex = texture({occW + 4, occH + 4}, rng, noiseRng, cv::Scalar(200, 60, 60));
  SyntheticScene scene;
  for (int t = 0; t < spec.frames; ++t) {
    const double u = spec.frames > 1 ? static_cast<double>(t) / (spec.frames - 1) : 0;
    const int pan = static_cast<int>(std::lround(spec.cameraPan * t));
    cv::Mat frame = world(cv::Rect(pan, 0, spec.width, spec.height)).clone();
    scene.background.push_back(frame.clone());

    // Target: left to right (past the right edge when it leaves), rotating slowly.
    const double endX = spec.leavesFrame ? spec.width + radius * 0.6 : spec.width * 0.7;
    const cv::Point2d centre(spec.width * 0.25 + u * (endX - spec.width * 0.25), spec.height * 0.5);
    const double angle = 20 * u;
    const double breathe = spec.nonRigid ? 1 + 0.15 * std::sin(6.28 * 2 * u) : 1;
    const cv::Size axes(static_cast<int>(radius * breathe), static_cast<int>(radius * 0.75 / breathe));
    cv::Mat amodal = cv::Mat::zeros(size, CV_8U);
    cv::ellipse(amodal, centre, axes, angle, 0, 360, 255, cv::FILLED, cv::LINE_8);
    cv::Matx23d toFrame = cv::getRotationMatrix2D({static_cast<float>(radius), static_cast<float>(radius)}, -angle, 1);
    toFrame(0, 2) += centre.x - radius;
    toFrame(1, 2) += centre.y - radius;
    cv::Mat targetBgr = cv::Mat::zeros(size, CV_8UC3);
    paint(targetBgr, targetTex, toFrame, amodal);
    targetBgr.copyTo(frame, amodal);

    // Occluder: a bar sliding right to left in front, crossing the target mid-clip.
    const int ox = static_cast<int>(spec.width * spec.occluderStart - u * spec.width * spec.occluderTravel) - occW / 2;
    const cv::Rect bar(ox, static_cast<int>(centre.y) - occH / 2, occW, occH);
    cv::Mat occ = cv::Mat::zeros(size, CV_8U);
    cv::rectangle(occ, bar, 255, cv::FILLED);
    const cv::Rect inside = bar & cv::Rect({0, 0}, size);
    if (!inside.empty()) occTex(cv::Rect(inside.x - bar.x, inside.y - bar.y, inside.width, inside.height)).copyTo(frame(inside));

    scene.frames.push_back(frame);
    scene.target.amodal.push_back(Mask::fromMat(amodal));
    scene.target.modal.push_back(Mask::fromMat(amodal & ~occ));
    scene.target.amodalBgr.push_back(targetBgr);
    scene.occluder.amodal.push_back(Mask::fromMat(occ));
    scene.occluder.modal.push_back(Mask::fromMat(occ));
    cv::Mat occBgr = cv::Mat::zeros(size, CV_8UC3);
    frame.copyTo(occBgr, occ);
    scene.occluder.amodalBgr.push_back(occBgr);
  }
  return scene;
}

void writeSyntheticScene(const SyntheticScene& scene, const std::string& folder) {
  ImageSequenceWriter writer(folder);
  for (size_t t = 0; t < scene.frames.size(); ++t) {
    const std::string name = indexedFrameName(static_cast<int>(t));
    writer.write("frames/" + name, scene.frames[t]);
    writer.write("background/" + name, scene.background[t]);
    writer.write("modal/" + name, scene.target.modal[t].toMat());
    writer.write("amodal/" + name, scene.target.amodal[t].toMat());
    writer.write("amodal_rgb/" + name, scene.target.amodalBgr[t]);
    writer.write("occluder/" + name, scene.occluder.modal[t].toMat());
  }
  writer.finish();
}

}  // namespace permanence
