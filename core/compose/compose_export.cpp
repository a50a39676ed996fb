#include "compose/compose_export.h"

#include "compose/exr_frames.h"
#include "compose/renderer.h"
#include "errors.h"
#include "mask/mask_io.h"
#include "media/image_codec.h"
#include "media/image_sequence_source.h"
#include "media/image_sequence_writer.h"
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

void exportLayerExr(const Scene& scene, int layerIndex, const std::string& modalFolder, const std::string& amodalFolder,
                    const std::string& folder, const std::string& stem, ExportRange range, JobContext& job) {
  ImageSequenceWriter writer(folder);
  const cv::Size size = scene.plate->frameSize();
  const auto maskOf = [&](const std::string& maskFolder, int i) {
    const std::string file = (std::filesystem::path(maskFolder) / (scene.plate->frameName(i) + ".png")).string();
    const Mask mask = loadMaskPng(file);
    if (mask.size() != size)
      throw InputError(file + ": the mask is " + std::to_string(mask.width()) + "x" + std::to_string(mask.height()) +
                       ", the frames " + std::to_string(size.width) + "x" + std::to_string(size.height));
    return mask.toMat();
  };
  forEachFrame(scene, range, "OpenEXR " + scene.layers.at(layerIndex).objectId, job, [&](int i) {
    const PlacedLayer placed =
        placeLayerWithMattes(scene, layerIndex, i, {maskOf(modalFolder, i), maskOf(amodalFolder, i)});
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

void exportMaskSequence(const std::string& fromFolder, const std::string& folder, JobContext& job) {
  ImageSequenceSource masks(fromFolder);
  ImageSequenceWriter writer(folder);
  for (int i = 0; i < masks.frameCount(); ++i) {
    job.report(i, masks.frameCount(), "masks");
    const std::string name = masks.frameName(i);
    const std::string file = (std::filesystem::path(fromFolder) / (name + ".png")).string();
    // Masks Permanence wrote are 0/255 already: copied as they are, not re-encoded.
    const cv::Mat mask = readImageFile(file, ImageLayout::AsStored);
    if (mask.type() == CV_8UC1 && cv::countNonZero((mask != 0) & (mask != 255)) == 0) writer.copyPng(name, file);
    else writer.write(name, loadMaskPng(file).toMat());
  }
  job.report(masks.frameCount(), masks.frameCount(), "masks");
  writer.finish();
}

}  // namespace permanence
