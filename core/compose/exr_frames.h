#pragma once
// The images of an OpenEXR export for compositors (Nuke, Fusion): half float, linear
// light (see linear_light.h), colour premultiplied by alpha as OpenEXR defines it.
// Read them in Nuke with the colour space "linear"; an object's file shows its
// mattes as the layers "modal" and "amodal" (Nuke's modal.alpha, amodal.alpha).
#include "compose/renderer.h"
#include "media/exr_writer.h"

namespace permanence {

// The channels of an object's file besides R, G, B, A.
inline constexpr const char* kModalMatteChannel = "modal.A";    // where the object is visible
inline constexpr const char* kAmodalMatteChannel = "amodal.A";  // its whole shape, hidden parts included

// An object's frame from placeLayerWithMattes (mattes: modal, amodal): its colour
// made linear and premultiplied again there, its alpha, and the two mattes. The data
// window is the box in which any of them is non-zero; for an object that is nowhere
// in the frame it is the single pixel at the origin (OpenEXR has no empty window).
ExrImage objectExrImage(const PlacedLayer& placed, Rational frameRate);

// A plate frame (8-bit BGR) as linear R, G, B over the whole frame.
ExrImage plateExrImage(const cv::Mat& bgr8, Rational frameRate);

}  // namespace permanence
