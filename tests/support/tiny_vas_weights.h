#pragma once
// Tiny random Diffusion-VAS weights in the published layouts, written by the tests
// themselves: the two diffusers pipeline folders and a Depth Anything V2 safetensors
// file. The networks are the real ones, only narrow (VAE scale factor 8, 2 UNet levels).
#include <cstdint>
#include <filesystem>

#include "diffusion/vas_pipeline.h"

namespace permanence::test {

// One pipeline folder: model_index.json, unet/ (with conv_in2), vae/, image_encoder/,
// scheduler/, feature_extractor/.
void writeTinyVasPipeline(const std::filesystem::path& folder, std::uint64_t seed);

// root/diffusion-vas-amodal-segmentation, root/diffusion-vas-content-completion and
// root/depth_anything_v2_vits.safetensors (embed 64, 12 blocks).
void writeTinyVasWeights(const std::filesystem::path& root);

// Settings that keep a tiny pipeline fast on the CPU: 32x64 working size, few steps.
diffusion::VasSettings tinyVasSettings();

}  // namespace permanence::test
