#include "occlusion_set.h"

#include "track_variety.h"

#include "media/image_sequence_writer.h"
#include "media/frame_source.h"
#include "synth/synthetic_scene.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace permanence::bench {

namespace {

constexpr int kClipFrames = 25;  // the clip length (and Diffusion-VAS' window)

// Frame t of a clip of `count` frames played forth, back, forth...
int pingPong(int t, int count) {
  if (count <= 1) return 0;
  const int period = 2 * (count - 1);
  const int u = t % period;
  return u < count ? u : period - u;
}

cv::Point2d centreOf(const cv::Rect& r) { return {r.x + r.width / 2.0, r.y + r.height / 2.0}; }

// Frame u of `source` (pixels and mask) scaled by `scale` about the point `anchor`
// of the source frame, which lands on `centre`. Nearest-neighbour mask: the truth
// stays binary.
void warpScaled(const cv::Mat& bgr, const cv::Mat& mask, cv::Point2d anchor, double scale, cv::Point2d centre,
                cv::Size size, cv::Mat& outBgr, cv::Mat& outMask) {
  const cv::Matx23d m(scale, 0, centre.x - scale * anchor.x, 0, scale, centre.y - scale * anchor.y);
  cv::warpAffine(bgr, outBgr, m, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::warpAffine(mask, outMask, m, size, cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
}

// A rectangle of real texture (a crop of `footage`, resized to `size`).
cv::Mat panelTexture(const cv::Mat& footage, cv::Size size) {
  const double aspect = static_cast<double>(size.width) / size.height;
  int w = footage.cols / 2, h = static_cast<int>(w / aspect);
  if (h > footage.rows / 2) {
    h = footage.rows / 2;
    w = static_cast<int>(h * aspect);
  }
  const cv::Rect crop(footage.cols / 4, footage.rows / 4, std::max(1, w), std::max(1, h));
  cv::Mat out;
  cv::resize(footage(crop), out, size, 0, 0, cv::INTER_AREA);
  return out;
}

// Pastes `texture` with its top-left corner at `origin` (clipped to the frame).
void pastePanel(cv::Mat& frame, cv::Mat& occluder, const cv::Mat& texture, cv::Point origin) {
  const cv::Rect place = cv::Rect(origin, texture.size()) & cv::Rect({0, 0}, frame.size());
  if (place.empty()) return;
  texture(cv::Rect(place.x - origin.x, place.y - origin.y, place.width, place.height)).copyTo(frame(place));
  occluder(place).setTo(255);
}

void pasteMasked(cv::Mat& frame, cv::Mat& occluder, const cv::Mat& bgr, const cv::Mat& mask) {
  bgr.copyTo(frame, mask);
  occluder |= mask;
}

void finish(OcclusionClip& clip, const cv::Mat& frame, const cv::Mat& truthBgr, const cv::Mat& amodal,
            const cv::Mat& occluder) {
  clip.frames.push_back(frame);
  clip.truthBgr.push_back(truthBgr);
  clip.amodal.push_back(Mask::fromMat(amodal));
  clip.modal.push_back(Mask::fromMat(amodal & ~occluder));
  clip.occluder.push_back(Mask::fromMat(occluder));
}

// How another object crosses a real one in its own footage: its path relative to the
// target's box on each frame (so it crosses whatever the target does), the share of
// the target's size it has, and how far off the box's middle line it passes.
enum class Direction { LeftToRight, RightToLeft, TopToBottom };
struct Crossing {
  Direction direction;
  double coverage;  // its height (horizontal paths) or width (vertical) / the target's
  double lane;      // offset of its path from the box's middle, in box sizes
  const char* label;
};

const Crossing kCrossings[] = {
    {Direction::LeftToRight, 0.6, 0.15, "left to right"},
    {Direction::RightToLeft, 0.75, -0.2, "right to left"},
    {Direction::TopToBottom, 0.6, 0.1, "top to bottom"},
};

// Where the occluder's centre is at progress p (0..1) across `box`, given its size:
// from a quarter of it before the box's near side to a quarter past the far side.
cv::Point2d crossingCentre(const Crossing& c, const cv::Rect& box, cv::Size2d size, double p) {
  const cv::Point2d mid = centreOf(box);
  switch (c.direction) {
    case Direction::LeftToRight:
      return {box.x - 0.25 * size.width + p * (box.width + 0.5 * size.width), mid.y + c.lane * box.height};
    case Direction::RightToLeft:
      return {box.br().x + 0.25 * size.width - p * (box.width + 0.5 * size.width), mid.y + c.lane * box.height};
    case Direction::TopToBottom:
      return {mid.x + c.lane * box.width, box.y - 0.25 * size.height + p * (box.height + 0.5 * size.height)};
  }
  return mid;
}

OcclusionClip realCrossing(const DavisSequence& target, const DavisSequence& other, const Crossing& c) {
  OcclusionClip clip;
  clip.name = target.name + " behind " + other.name + ", " + c.label;
  clip.real = true;
  clip.madeFrom = {target.name, other.name};
  const cv::Size size = target.frames[0].size();
  const cv::Rect box0 = cv::boundingRect(target.masks[0]), other0 = cv::boundingRect(other.masks[0]);
  const double scale = c.direction == Direction::TopToBottom
                           ? c.coverage * box0.width / std::max(1, other0.width)
                           : c.coverage * box0.height / std::max(1, other0.height);
  const int frames = std::min(kClipFrames, static_cast<int>(target.frames.size()));
  cv::Mat bgr, mask;
  for (int t = 0; t < frames; ++t) {
    cv::Mat frame = target.frames[t].clone(), occluder = cv::Mat::zeros(size, CV_8U);
    const cv::Rect box = cv::boundingRect(target.masks[t]);
    const int u = pingPong(t, static_cast<int>(other.frames.size()));  // the occluder moves as filmed
    const cv::Rect ob = cv::boundingRect(other.masks[u]);
    if (!box.empty() && !ob.empty()) {
      const double p = frames > 1 ? static_cast<double>(t) / (frames - 1) : 0.5;
      const cv::Point2d centre = crossingCentre(c, box, cv::Size2d(ob.width * scale, ob.height * scale), p);
      warpScaled(other.frames[u], other.masks[u], centreOf(ob), scale, centre, size, bgr, mask);
      pasteMasked(frame, occluder, bgr, mask);
    }
    finish(clip, frame, target.frames[t], target.masks[t], occluder);
  }
  return clip;
}

// A panel of real texture, wider than the target, crossing it from left to right:
// the target is hidden entirely for a few frames in the middle of the clip.
OcclusionClip realPanel(const DavisSequence& target, const DavisSequence& other) {
  OcclusionClip clip;
  clip.name = target.name + " fully behind a panel of " + other.name;
  clip.real = true;
  clip.madeFrom = {target.name, other.name};
  const cv::Size size = target.frames[0].size();
  const int frames = std::min(kClipFrames, static_cast<int>(target.frames.size()));
  // The panel is 1.5x the target's widest box (so it hides it whole for about a
  // quarter of the clip) and a little taller than its tallest.
  int widest = 1, tallest = 1;
  for (int t = 0; t < frames; ++t) {
    const cv::Rect box = cv::boundingRect(target.masks[t]);
    widest = std::max(widest, box.width);
    tallest = std::max(tallest, box.height);
  }
  const cv::Size panel(static_cast<int>(1.5 * widest), static_cast<int>(1.1 * tallest) + 8);
  const cv::Mat texture = panelTexture(other.frames[0], panel);
  for (int t = 0; t < frames; ++t) {
    cv::Mat frame = target.frames[t].clone(), occluder = cv::Mat::zeros(size, CV_8U);
    const cv::Rect box = cv::boundingRect(target.masks[t]);
    if (!box.empty()) {
      const double p = frames > 1 ? static_cast<double>(t) / (frames - 1) : 0.5;
      const double x = box.x - 0.3 * panel.width + p * (box.width + 0.6 * panel.width);
      const cv::Point2d mid = centreOf(box);
      pastePanel(frame, occluder, texture,
                 {static_cast<int>(std::lround(x - panel.width / 2.0)),
                  static_cast<int>(std::lround(mid.y - panel.height / 2.0))});
    }
    finish(clip, frame, target.frames[t], target.masks[t], occluder);
  }
  return clip;
}

// The DAVIS object (its pixels and mask on frame u of its clip) at `longSide` px,
// its mask's centroid on `centre`: the object deforms as filmed, its own path is
// replaced by ours.
void placeObject(const DavisSequence& object, int u, double longSide, cv::Point2d centre, cv::Size size,
                 cv::Mat& bgr, cv::Mat& mask) {
  const cv::Moments m = cv::moments(object.masks[u], true);
  const cv::Point2d anchor = m.m00 > 0 ? cv::Point2d(m.m10 / m.m00, m.m01 / m.m00) : cv::Point2d(0, 0);
  const cv::Rect box0 = cv::boundingRect(object.masks[0]);
  const double scale = longSide / std::max(1, std::max(box0.width, box0.height));
  warpScaled(object.frames[u], object.masks[u], anchor, scale, centre, size, bgr, mask);
}

cv::Point2d lerp(cv::Point2d a, cv::Point2d b, double p) { return a + p * (b - a); }

// The object pasted over other footage, moving left to right at a constant speed
// behind a still panel that hides it whole for about seven frames.
OcclusionClip pastedBehindPanel(const DavisSequence& object, const DavisSequence& footage,
                                const DavisSequence& other) {
  OcclusionClip clip;
  clip.name = object.name + " over " + footage.name + ", fully behind a still panel";
  clip.madeFrom = {object.name, footage.name, other.name};
  const cv::Size size = footage.frames[0].size();
  const cv::Point2d from(0.2 * size.width, 0.55 * size.height), to(0.8 * size.width, 0.5 * size.height);
  constexpr double kLongSide = 150;
  std::vector<cv::Mat> bgrs, masks;
  cv::Rect reach;
  for (int t = 0; t < kClipFrames; ++t) {
    cv::Mat bgr, mask;
    placeObject(object, pingPong(t, static_cast<int>(object.frames.size())), kLongSide,
                lerp(from, to, static_cast<double>(t) / (kClipFrames - 1)), size, bgr, mask);
    reach = t ? (reach | cv::boundingRect(mask)) : cv::boundingRect(mask);
    bgrs.push_back(bgr);
    masks.push_back(mask);
  }
  int widest = 1;
  for (const cv::Mat& m : masks) widest = std::max(widest, cv::boundingRect(m).width);
  const double speed = (to.x - from.x) / (kClipFrames - 1);
  const cv::Size panel(static_cast<int>(widest + 7 * speed), reach.height + 20);
  const cv::Mat texture = panelTexture(other.frames[0], panel);
  for (int t = 0; t < kClipFrames; ++t) {
    cv::Mat frame = footage.frames[pingPong(t, static_cast<int>(footage.frames.size()))].clone();
    bgrs[t].copyTo(frame, masks[t]);
    const cv::Mat truth = frame.clone();
    cv::Mat occluder = cv::Mat::zeros(size, CV_8U);
    pastePanel(frame, occluder, texture, {size.width / 2 - panel.width / 2, reach.y - 10});
    finish(clip, frame, truth, masks[t], occluder);
  }
  return clip;
}

// The object pasted over other footage, moving right to left and growing, while
// another real object (animated) moves left to right in front of it.
OcclusionClip pastedCrossed(const DavisSequence& object, const DavisSequence& footage, const DavisSequence& other) {
  OcclusionClip clip;
  clip.name = object.name + " over " + footage.name + ", crossed by " + other.name;
  clip.madeFrom = {object.name, footage.name, other.name};
  const cv::Size size = footage.frames[0].size();
  const cv::Point2d from(0.7 * size.width, 0.5 * size.height), to(0.35 * size.width, 0.52 * size.height);
  const cv::Point2d occFrom(0.3 * size.width, 0.56 * size.height), occTo(0.7 * size.width, 0.54 * size.height);
  const cv::Rect other0 = cv::boundingRect(other.masks[0]);
  cv::Mat bgr, mask, occBgr, occMask;
  double scale = 0;
  for (int t = 0; t < kClipFrames; ++t) {
    const double p = static_cast<double>(t) / (kClipFrames - 1);
    cv::Mat frame = footage.frames[pingPong(t, static_cast<int>(footage.frames.size()))].clone();
    placeObject(object, pingPong(t, static_cast<int>(object.frames.size())), 120 + 50 * p, lerp(from, to, p), size,
                bgr, mask);
    bgr.copyTo(frame, mask);
    const cv::Mat truth = frame.clone();
    // The occluder is 0.7x the object's height on the first frame, then keeps its size.
    if (t == 0) scale = 0.7 * std::max(1, cv::boundingRect(mask).height) / std::max(1, other0.height);
    const int u = pingPong(t, static_cast<int>(other.frames.size()));
    const cv::Rect ob = cv::boundingRect(other.masks[u]);
    cv::Mat occluder = cv::Mat::zeros(size, CV_8U);
    if (!ob.empty()) {
      warpScaled(other.frames[u], other.masks[u], centreOf(ob), scale, lerp(occFrom, occTo, p), size, occBgr, occMask);
      pasteMasked(frame, occluder, occBgr, occMask);
    }
    finish(clip, frame, truth, mask, occluder);
  }
  return clip;
}

OcclusionClip fromSynthetic(const std::string& name, const SyntheticSceneSpec& spec) {
  const SyntheticScene s = makeSyntheticScene(spec);
  OcclusionClip clip;
  clip.name = "synthetic: " + name;
  clip.frames = s.frames;
  clip.modal = s.target.modal;
  clip.amodal = s.target.amodal;
  for (size_t t = 0; t < s.frames.size(); ++t) {
    cv::Mat truth = s.frames[t].clone();
    s.target.amodalBgr[t].copyTo(truth, s.target.amodal[t].toMat());
    clip.truthBgr.push_back(truth);
  }
  clip.occluder = s.occluder.modal;
  return clip;
}

std::vector<OcclusionClip> syntheticClips() {
  SyntheticSceneSpec base;
  base.width = 854;
  base.height = 480;
  SyntheticSceneSpec soft = base, leaving = base, hidden = base, still = base;
  soft.nonRigid = true;
  soft.seed = 2;
  leaving.leavesFrame = true;
  leaving.seed = 3;
  hidden.occluderSize = 1.6;
  hidden.seed = 4;
  still.height = 320;  // a smaller target, seen whole before and after the box
  still.occluderSize = 1.6;
  still.occluderStart = 0.475;  // the middle of the target's path
  still.occluderTravel = 0;
  still.seed = 5;
  return {fromSynthetic("rigid, pan", base), fromSynthetic("non-rigid", soft),
          fromSynthetic("leaves the frame", leaving), fromSynthetic("fully hidden by a passing box", hidden),
          fromSynthetic("passes fully behind a still box", still)};
}

}  // namespace

const std::vector<std::string>& davisSequences() {
  static const std::vector<std::string> names = {"blackswan", "car-roundabout", "cows", "dog", "libby", "soapbox"};
  return names;
}

std::vector<OcclusionClip> makeOcclusionSet(const std::filesystem::path& davisRoot) {
  std::vector<OcclusionClip> clips;
  std::vector<DavisSequence> davis;
  if (std::filesystem::exists(davisRoot / "JPEGImages"))
    for (const std::string& name : davisSequences()) davis.push_back(loadDavisSequence(davisRoot, name));
  const size_t n = davis.size();
  for (size_t i = 0; i < n; ++i) {
    // Three other objects cross it, each on its own path; a fourth one's footage is the panel.
    for (size_t k = 0; k < std::size(kCrossings); ++k)
      clips.push_back(realCrossing(davis[i], davis[(i + 1 + k) % n], kCrossings[k]));
    clips.push_back(realPanel(davis[i], davis[(i + 4) % n]));
  }
  for (OcclusionClip& c : syntheticClips()) clips.push_back(std::move(c));
  for (size_t i = 0; i < n; ++i) {
    clips.push_back(pastedBehindPanel(davis[i], davis[(i + 2) % n], davis[(i + 4) % n]));
    clips.push_back(pastedCrossed(davis[i], davis[(i + 3) % n], davis[(i + 5) % n]));
  }
  return clips;
}

void writeOcclusionClip(const OcclusionClip& clip, const std::filesystem::path& folder) {
  ImageSequenceWriter writer(folder.string());
  for (size_t t = 0; t < clip.frames.size(); ++t) {
    const std::string name = indexedFrameName(static_cast<int>(t));
    writer.write("frames/" + name, clip.frames[t]);
    writer.write("modal/" + name, clip.modal[t].toMat());
    writer.write("amodal/" + name, clip.amodal[t].toMat());
    writer.write("truth/" + name, clip.truthBgr[t]);
    writer.write("occluder/" + name, clip.occluder[t].toMat());
  }
  writer.finish();
}

}  // namespace permanence::bench
