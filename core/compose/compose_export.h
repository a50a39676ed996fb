#pragma once
// Export of a re-composed scene, each as a job: it reports progress once per frame,
// can be cancelled between frames, and writes through the atomic writers, so a
// failed or cancelled export leaves no partial file or folder.
#include "compose/scene.h"
#include "jobs/job.h"

#include <string>

namespace permanence {

struct ExportRange {
  int first = 0;
  int last = -1;  // inclusive; -1 = the last frame
};

struct CompositeExportOptions {
  int crf = 18;
  ExportRange range;
  // Copy this file's audio; only for a range starting at frame 0, where the audio
  // lines up with the pictures.
  std::string audioSource;
};

// H.264 MP4 of the composite at the plate's frame rate.
void exportComposite(const Scene& scene, const std::string& path, const CompositeExportOptions& options,
                     JobContext& job);

// One layer as placed in the composite: ProRes 4444 with alpha (.mov).
void exportLayerProRes(const Scene& scene, int layerIndex, const std::string& path, ExportRange range, JobContext& job);

// One layer as placed in the composite: a folder of RGBA PNGs named like the
// plate's frames.
void exportLayerPngs(const Scene& scene, int layerIndex, const std::string& folder, ExportRange range,
                     JobContext& job);

// One layer as placed in the composite, with the object's visible and amodal masks
// (mask sequences as loadMaskSequence reads them: folders or patch files) moved
// likewise, as an OpenEXR sequence FOLDER/STEM.NNNNN.exr, NNNNN the frame's index
// (channels: exr_frames.h).
void exportLayerExr(const Scene& scene, int layerIndex, const std::string& modalMasks, const std::string& amodalMasks,
                    const std::string& folder, const std::string& stem, ExportRange range, JobContext& job);

// The background plate as an OpenEXR sequence FOLDER/plate.NNNNN.exr (linear RGB).
void exportPlateExr(const Scene& scene, const std::string& folder, ExportRange range, JobContext& job);

// A mask sequence (a folder of PNGs, any non-zero is foreground, or a project's
// patch file) written as full-frame 0/255 PNGs into `folder`.
void exportMaskSequence(const std::string& from, const std::string& folder, JobContext& job);

}  // namespace permanence
