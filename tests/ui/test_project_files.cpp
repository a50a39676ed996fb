// The editor's project pixels (masks, Top-K layers, the background plate) written as
// patch files and read back: everything exactly as it was in memory, in a folder far
// smaller than the full-frame PNGs of schema 1.
#include "folder_size.h"
#include "disc_clip.h"
#include "media/frame_source.h"
#include "media/image_codec.h"
#include "project/project_store.h"
#include "project_io.h"
#include "test_paths.h"

#include <QTest>

#include <opencv2/imgproc.hpp>

using namespace permanence;
using permanence::test::folderBytes;
using permanence::test::inBlocks;
using namespace permanence::ui;
namespace fs = std::filesystem;

namespace {

constexpr int kFrames = 30;
constexpr int kSamples = 2;
// The folder must be at least this many times smaller than schema 1's full-frame
// PNGs of the same pixels (the target for projects).
constexpr double kSmallerAtLeast = 5.0;

test::DiscClip clip() {
  test::DiscClip c;
  c.frames = kFrames;
  c.size = {320, 240};
  c.step = 4;
  return c;
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return false;
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::countNonZero(diff.reshape(1)) == 0;
}

cv::Mat decoded(const std::vector<uchar>& png, ImageLayout layout) { return decodeImage(png, layout, "test"); }

// The disc's masks, layers (noise in every channel inside the disc, alpha too) and a
// plate that differs from the clip only around the disc: what a de-occlusion leaves.
ProjectPixels pixelsOf(FrameSource& frames) {
  const test::DiscClip c = clip();
  ObjectPixels object;
  auto samples = std::make_shared<std::vector<ObjectSample>>();
  for (int k = 0; k < kSamples; ++k) samples->push_back({0.9 - 0.1 * k, QString("sample %1").arg(k), {}, {}});
  auto plate = std::make_shared<std::vector<std::vector<uchar>>>();
  cv::RNG rng(11);
  for (int f = 0; f < kFrames; ++f) {
    cv::Mat disc = cv::Mat::zeros(c.size, CV_8U);
    cv::circle(disc, c.centre(f), c.radius, 255, cv::FILLED);
    object.modal.push_back(Mask::fromMat(disc));
    for (auto& sample : *samples) {
      cv::Mat noise(c.size, CV_8UC4), layer(c.size, CV_8UC4, cv::Scalar::all(0));
      rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
      noise.copyTo(layer, disc);
      sample.amodal.push_back(Mask::fromMat(disc));
      // Frame 3 has no layer at all (an empty PNG: fully transparent).
      sample.layers.push_back(f == 3 ? std::vector<uchar>() : encodePng(layer));
    }
    cv::Mat filled = frames.readFrame(f);
    cv::circle(filled, c.centre(f), c.radius + 4, cv::Scalar(20, 120, 60 + f), cv::FILLED);
    plate->push_back(encodePng(filled));
  }
  object.samples = samples;
  ProjectPixels pixels;
  pixels.objects.push_back(std::move(object));
  pixels.plate = plate;
  return pixels;
}

// What schema 1 wrote for the same pixels: one full-frame PNG per frame and sequence.
std::uintmax_t schemaOneBytes(const ProjectPixels& pixels) {
  std::uintmax_t total = 0;
  for (const ObjectPixels& object : pixels.objects) {
    for (const Mask& mask : object.modal) total += inBlocks(encodePng(mask.toMat()).size());
    for (const ObjectSample& sample : *object.samples) {
      for (const Mask& mask : sample.amodal) total += inBlocks(encodePng(mask.toMat()).size());
      for (const auto& layer : sample.layers) total += inBlocks(layer.size());
    }
  }
  for (const auto& frame : *pixels.plate) total += inBlocks(frame.size());
  return total;
}

}  // namespace

class TestProjectFiles : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void pixelsComeBackExactlyFromASmallerFolder();
};

void TestProjectFiles::pixelsComeBackExactlyFromASmallerFolder() {
  test::TempDir dir;
  const fs::path frames = dir.path() / "clip";
  fs::create_directories(frames);
  test::writeDiscClip(clip(), frames.string());
  const auto source = openFrameSource(frames.string());
  const FrameNaming naming = frameNamingOf(*source);
  const ProjectPixels pixels = pixelsOf(*source);

  const fs::path folder = dir.path() / "disc.permanence";
  fs::create_directories(folder);
  Project project;
  project.source = frames.string();
  project.objects.push_back({});
  project.objects[0].id = "obj1";
  JobContext context = JobContext::detached();
  writeProjectPixels(pixels, naming, folder, project, context);
  saveProject(project, folder);

  const Project saved = loadProject(folder);
  for (const std::string& path : {saved.backgroundPath, saved.objects[0].modalPath, saved.objects[0].samples[0].rgbaPath})
    QVERIFY2(fs::is_regular_file(folder / path), path.c_str());
  const ProjectPixels back = readProjectPixels(saved, naming, folder, context);

  QCOMPARE(back.objects.size(), std::size_t(1));
  QVERIFY(back.objects[0].modal == pixels.objects[0].modal);
  QCOMPARE(back.objects[0].samples->size(), std::size_t(kSamples));
  for (int k = 0; k < kSamples; ++k) {
    const ObjectSample &was = pixels.objects[0].samples->at(k), &is = back.objects[0].samples->at(k);
    QCOMPARE(is.label, was.label);
    QVERIFY(is.amodal == was.amodal);
    for (int f = 0; f < kFrames; ++f) {
      if (was.layers[f].empty()) {
        QVERIFY2(is.layers[f].empty(), "a frame without a layer stays without one");
        continue;
      }
      QVERIFY2(identical(decoded(is.layers[f], ImageLayout::Bgra), decoded(was.layers[f], ImageLayout::Bgra)),
               qPrintable(QString("sample %1, frame %2").arg(k).arg(f)));
    }
  }
  for (int f = 0; f < kFrames; ++f)
    QVERIFY2(identical(decoded(back.plate->at(f), ImageLayout::Bgr), decoded(pixels.plate->at(f), ImageLayout::Bgr)),
             qPrintable(QString("plate, frame %1").arg(f)));

  const std::uintmax_t stored = folderBytes(folder), before = schemaOneBytes(pixels);
  qInfo("project %ju bytes; as schema 1's full-frame PNGs %ju bytes (%.1fx)", stored, before,
        double(before) / double(stored));
  QVERIFY2(double(before) >= kSmallerAtLeast * double(stored),
           qPrintable(QString("%1 bytes stored, %2 in full frames").arg(stored).arg(before)));
}

QTEST_MAIN(TestProjectFiles)
#include "test_project_files.moc"
