#pragma once
// Random Diffusion-VAS weights in the published layouts: the two diffusers pipeline
// folders and a Depth Anything V2 safetensors file, written from the real networks.
// Tests use a tiny architecture (VAE scale factor 8, 2 UNet levels); the benchmark
// harness the full-size one (SVD-xt UNet + conv_in2, SVD VAE, CLIP ViT-H/14, vitl).
#include <cstdint>
#include <filesystem>

#include "diffusion/vas_pipeline.h"

namespace permanence::diffusion {

enum class VasArchitecture { Tiny, FullSize };

// One pipeline folder: model_index.json, unet/ (with conv_in2), vae/, image_encoder/,
// scheduler/, feature_extractor/.
void writeRandomVasPipeline(const std::filesystem::path& folder, VasArchitecture architecture, std::uint64_t seed);

// root/diffusion-vas-amodal-segmentation, root/diffusion-vas-content-completion and
// root/depth_anything_v2_<vits|vitl>.safetensors (tiny: vits narrowed to width 64).
void writeRandomVasWeights(const std::filesystem::path& root, VasArchitecture architecture);

// Settings that keep the tiny architecture fast on the CPU: 64x32 working size, 3
// steps, 4-frame windows every 2 frames.
VasSettings tinyVasSettings();

}  // namespace permanence::diffusion
