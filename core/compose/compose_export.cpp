#include "compose/compose_export.h"

#include "compose/exr_frames.h"
#include "compose/renderer.h"
#include "errors.h"
#include "mask/mask_io.h"
#include "mask/mask_sequence.h"
#include "media/image_codec.h"
#include "media/image_sequence_source.h"
#include "media/image_sequence_writer.h"
#include "media/patch_file.h"
#include "media/video_writer.h"

namespace permanence {
namespace {

// The range's inclusive bounds, checked against the scene.
std::pair<int, int> resolveRange(const Scene& scene, ExportRange range) {
  const int last = range.last < 0 ? scene.frameCount() - 1 : range.last;
  if (range.first < 0 || range.first > last || last >= scene.frameCount())
    throw InputError("export: frame range " + std::to_string(range.first) + ".." + std::to_string(range.last) +
                     " is outside the clip's " + std::to_string(scene.frameCount()) + " frames");
  return {range.first, last};
}

template <typename WriteFrame>
void forEachFrame(const Scene& scene, ExportRange range, const std::string& label, JobContext& job,
                  WriteFrame writeFrame) {
  const auto [first, last] = resolveRange(scene, range);
  const int total = last - first + 1;
  for (int i = first; i <= last; ++i) {
    job.report(i - first, total, label);
    writeFrame(i);
  }
  job.report(total, total, label);
}

}  // namespace

void exportComposite(const Scene& scene, const std::string& path, const CompositeExportOptions& options,
                     JobContext& job) {
  VideoWriterOptions writerOptions;
  writerOptions.crf = options.crf;
  if (options.range.first == 0) writerOptions.audioSource = options.audioSource;
  VideoWriter writer(path, scene.plate->frameSize(), scene.plate->frameRate(), writerOptions);
  const double start = scene.frameTime(resolveRange(scene, options.range).first);
  forEachFrame(scene, options.range, "composite", job,
               [&](int i) { writer.write(renderFrame(scene, i), scene.frameTime(i) - start); });
  writer.finish();
}

void exportLayerProRes(const Scene& scene, int layerIndex, const std::string& path, ExportRange range,
                       JobContext& job) {
  VideoWriterOptions writerOptions;
  writerOptions.codec = VideoCodec::ProRes4444;
  VideoWriter writer(path, scene.plate->frameSize(), scene.plate->frameRate(), writerOptions);
  forEachFrame(scene, range, "layer " + scene.layers.at(layerIndex).objectId, job,
               [&](int i) { writer.write(renderLayer(scene, layerIndex, i)); });
  writer.finish();
}

void exportLayerPngs(const Scene& scene, int layerIndex, const std::string& folder, ExportRange range,
                     JobContext& job) {
  ImageSequenceWriter writer(folder);
  forEachFrame(scene, range, "layer " + scene.layers.at(layerIndex).objectId, job,
               [&](int i) { writer.write(scene.plate->frameName(i), renderLayer(scene, layerIndex, i)); });
  writer.finish();
}

void exportLayerExr(const Scene& scene, int layerIndex, const std::string& modalMasks, const std::string& amodalMasks,
                    const std::string& folder, const std::string& stem, ExportRange range, JobContext& job) {
  ImageSequenceWriter writer(folder);
  const std::vector<Mask> modal = loadMaskSequence(modalMasks, *scene.plate);
  const std::vector<Mask> amodal = loadMaskSequence(amodalMasks, *scene.plate);
  forEachFrame(scene, range, "OpenEXR " + scene.layers.at(layerIndex).objectId, job, [&](int i) {
    const PlacedLayer placed = placeLayerWithMattes(scene, layerIndex, i, {modal[i].toMat(), amodal[i].toMat()});
    writer.write(stem + "." + indexedFrameName(i), objectExrImage(placed, scene.plate->frameRate()));
  });
  writer.finish();
}

void exportPlateExr(const Scene& scene, const std::string& folder, ExportRange range, JobContext& job) {
  ImageSequenceWriter writer(folder);
  forEachFrame(scene, range, "OpenEXR plate", job, [&](int i) {
    writer.write("plate." + indexedFrameName(i), plateExrImage(scene.plate->readFrame(i), scene.plate->frameRate()));
  });
  writer.finish();
}

namespace {

// A patch file of masks (a project of schema 2) written out as full-frame PNGs.
void exportMaskPatches(const std::string& file, ImageSequenceWriter& writer, JobContext& job) {
  const std::vector<Mask> masks = loadMaskSequence(file);
  const PatchSequence names = readPatchFile(file);
  for (std::size_t i = 0; i < masks.size(); ++i) {
    job.report(static_cast<std::int64_t>(i), static_cast<std::int64_t>(masks.size()), "masks");
    writer.write(names.names[i], masks[i].toMat());
  }
}

// A mask folder: masks Permanence wrote are 0/255 already, copied as they are, not re-encoded.
void exportMaskFolder(const std::string& fromFolder, ImageSequenceWriter& writer, JobContext& job) {
  ImageSequenceSource masks(fromFolder);
  for (int i = 0; i < masks.frameCount(); ++i) {
    job.report(i, masks.frameCount(), "masks");
    const std::string name = masks.frameName(i);
    const std::string file = (std::filesystem::path(fromFolder) / (name + ".png")).string();
    const cv::Mat mask = readImageFile(file, ImageLayout::AsStored);
    if (mask.type() == CV_8UC1 && cv::countNonZero((mask != 0) & (mask != 255)) == 0) writer.copyPng(name, file);
    else writer.write(name, loadMaskPng(file).toMat());
  }
}

}  // namespace

void exportMaskSequence(const std::string& from, const std::string& folder, JobContext& job) {
  ImageSequenceWriter writer(folder);
  if (std::filesystem::is_directory(from)) exportMaskFolder(from, writer, job);
  else exportMaskPatches(from, writer, job);
  job.report(1, 1, "masks");
  writer.finish();
}

}  // namespace permanence
