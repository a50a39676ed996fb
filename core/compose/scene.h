#pragma once
// The scene to re-compose, independent of how its layers were produced: a
// background plate (frames with the objects removed and filled) and one layer per
// object (its RGBA frames), stacked back to front.
#include "media/frame_source.h"
#include "project/project.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace permanence {

struct SceneLayer {
  std::string objectId;
  std::shared_ptr<FrameSource> rgba;  // read with readFrameWithAlpha (straight alpha)
  std::vector<TransformKeyframe> keyframes;  // sorted by frame
  bool visible = true;
  // Centre of scale and rotation; none: the centroid of the frame's alpha, so an
  // object turns about itself wherever it moves.
  std::optional<cv::Point2d> anchor;
};

struct Scene {
  std::shared_ptr<FrameSource> plate;
  std::vector<SceneLayer> layers;  // back to front
  // Presentation time of each frame in seconds, as in the source: a variable frame
  // rate is kept in the export. Empty: frames follow at the plate's rate.
  std::vector<double> frameTimes;
  std::string audioSource;  // the source video when it has audio; empty otherwise

  int frameCount() const { return plate->frameCount(); }
  // Index of the layer for an object; throws InputError for an unknown id.
  int layerIndex(const std::string& objectId) const;
  // frameTimes[index], or index / the plate's rate.
  double frameTime(int index) const;
};

// The scene a saved project describes: its background plate folder and, for each
// layer, the chosen sample's RGBA folder. Throws InputError naming what is missing.
Scene sceneFromProject(const Project& project, const std::filesystem::path& projectFolder);

}  // namespace permanence
