#include "synthetic_track_clip.h"

#include "media/frame_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>

namespace permanence::test {

cv::Mat texture(cv::Size size, cv::Scalar colour, int seed, double amplitude) {
  cv::RNG rng(seed);
  cv::Mat noise(size, CV_32FC3);
  rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(amplitude));
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 1.5);
  noise += colour;
  cv::Mat result;
  noise.convertTo(result, CV_8UC3);
  return result;
}

namespace {

cv::Mat shapeMask(cv::Size frameSize, cv::Rect rect, bool ellipse) {
  cv::Mat mask = cv::Mat::zeros(frameSize, CV_8UC1);
  if (ellipse)
    cv::ellipse(mask, cv::RotatedRect(cv::Point2f(rect.x + rect.width / 2.0f, rect.y + rect.height / 2.0f),
                                      cv::Size2f(rect.size()), 0),
                cv::Scalar(255), cv::FILLED);
  else
    cv::rectangle(mask, rect, cv::Scalar(255), cv::FILLED);
  return mask;
}

// Pastes the texture (carried with the rectangle, so it moves with it) under `mask`.
void paint(cv::Mat& frame, const cv::Mat& tex, cv::Rect rect, const cv::Mat& mask) {
  cv::Mat layer = cv::Mat::zeros(frame.size(), CV_8UC3);
  const cv::Rect visible = rect & cv::Rect(0, 0, frame.cols, frame.rows);
  if (visible.empty()) return;
  tex(cv::Rect(visible.tl() - rect.tl(), visible.size())).copyTo(layer(visible));
  layer.copyTo(frame, mask);
}

}  // namespace

cv::Rect MovingRect::at(int frame) const {
  return {static_cast<int>(std::lround(start.x + velocity.x * frame)),
          static_cast<int>(std::lround(start.y + velocity.y * frame)), size.width, size.height};
}

TrackClip makeTrackClip(const TrackScene& scene) {
  // The background is larger than the frame and pans slowly, as a hand-held camera.
  const cv::Mat background = texture(scene.frameSize + cv::Size(60, 60), {90, 140, 110}, 1, 45);
  const cv::Mat objectTexture = texture(scene.object.size, scene.object.colour, 2, 35);
  const cv::Mat occluderTexture = texture(scene.occluder.size, scene.occluder.colour, 3, 35);
  TrackClip clip;
  for (int t = 0; t < scene.frameCount; ++t) {
    const int pan = t % 60 < 30 ? t % 30 : 30 - t % 30;
    cv::Mat frame = background(cv::Rect(cv::Point(pan, pan / 2), scene.frameSize)).clone();
    const cv::Rect objectRect = scene.object.at(t);
    const cv::Mat objectMask = shapeMask(scene.frameSize, objectRect, scene.ellipse);
    paint(frame, objectTexture, objectRect, objectMask);
    cv::Mat visible = objectMask.clone();
    cv::Mat occluderMask = cv::Mat::zeros(scene.frameSize, CV_8UC1);
    if (scene.withOccluder) {
      const cv::Rect occluderRect = scene.occluder.at(t);
      occluderMask = shapeMask(scene.frameSize, occluderRect, false);
      paint(frame, occluderTexture, occluderRect, occluderMask);
      visible.setTo(0, occluderMask);
    }
    clip.frames.push_back(frame);
    clip.visible.push_back(Mask::fromMat(visible));
    clip.occluder.push_back(Mask::fromMat(occluderMask));
  }
  return clip;
}

void writeFrames(const TrackClip& clip, const std::string& folder) {
  std::filesystem::create_directories(folder);
  for (size_t i = 0; i < clip.frames.size(); ++i)
    cv::imwrite(folder + "/" + indexedFrameName(static_cast<int>(i)) + ".png", clip.frames[i]);
}

}  // namespace permanence::test
