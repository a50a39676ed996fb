#include "depth/dpt_head.h"

namespace permanence::depth {
namespace {

using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

Conv2d conv3x3(int64_t in, int64_t out, bool bias) { return Conv2d(Conv2dOptions(in, out, 3).padding(1).bias(bias)); }

torch::Tensor resizeBilinear(const torch::Tensor& x, std::vector<int64_t> size) {
  return torch::nn::functional::interpolate(
      x, torch::nn::functional::InterpolateFuncOptions().size(std::move(size)).mode(torch::kBilinear).align_corners(true));
}

}  // namespace

ResidualConvUnitImpl::ResidualConvUnitImpl(int64_t features) {
  conv1 = register_module("conv1", conv3x3(features, features, true));
  conv2 = register_module("conv2", conv3x3(features, features, true));
}

torch::Tensor ResidualConvUnitImpl::forward(const torch::Tensor& x) {
  return conv2(torch::relu(conv1(torch::relu(x)))) + x;
}

FeatureFusionBlockImpl::FeatureFusionBlockImpl(int64_t features) {
  out_conv = register_module("out_conv", Conv2d(Conv2dOptions(features, features, 1)));
  resConfUnit1 = register_module("resConfUnit1", ResidualConvUnit(features));
  resConfUnit2 = register_module("resConfUnit2", ResidualConvUnit(features));
}

torch::Tensor FeatureFusionBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& skip,
                                              std::vector<int64_t> size) {
  torch::Tensor out = skip.defined() ? x + resConfUnit1(skip) : x;
  out = resConfUnit2(out);
  if (size.empty()) size = {out.size(2) * 2, out.size(3) * 2};
  return out_conv(resizeBilinear(out, std::move(size)));
}

DptScratchImpl::DptScratchImpl(const std::vector<int64_t>& oc, int64_t features) {
  layer1_rn = register_module("layer1_rn", conv3x3(oc[0], features, false));
  layer2_rn = register_module("layer2_rn", conv3x3(oc[1], features, false));
  layer3_rn = register_module("layer3_rn", conv3x3(oc[2], features, false));
  layer4_rn = register_module("layer4_rn", conv3x3(oc[3], features, false));
  refinenet1 = register_module("refinenet1", FeatureFusionBlock(features));
  refinenet2 = register_module("refinenet2", FeatureFusionBlock(features));
  refinenet3 = register_module("refinenet3", FeatureFusionBlock(features));
  refinenet4 = register_module("refinenet4", FeatureFusionBlock(features));
  output_conv1 = register_module("output_conv1", conv3x3(features, features / 2, true));
  output_conv2 = register_module(
      "output_conv2", torch::nn::Sequential(conv3x3(features / 2, 32, true), torch::nn::ReLU(),
                                            Conv2d(Conv2dOptions(32, 1, 1)), torch::nn::ReLU()));
}

DptHeadImpl::DptHeadImpl(int64_t inChannels, int64_t features, const std::vector<int64_t>& oc) {
  projects = register_module("projects", torch::nn::ModuleList());
  for (int64_t c : oc) projects->push_back(Conv2d(Conv2dOptions(inChannels, c, 1)));
  resize_layers = register_module("resize_layers", torch::nn::ModuleList());
  resize_layers->push_back(torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(oc[0], oc[0], 4).stride(4)));
  resize_layers->push_back(torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(oc[1], oc[1], 2).stride(2)));
  resize_layers->push_back(torch::nn::Identity());
  resize_layers->push_back(Conv2d(Conv2dOptions(oc[3], oc[3], 3).stride(2).padding(1)));
  scratch = register_module("scratch", DptScratch(oc, features));
}

torch::Tensor DptHeadImpl::forward(const std::vector<std::pair<torch::Tensor, torch::Tensor>>& features,
                                   int64_t patchH, int64_t patchW) {
  std::vector<torch::Tensor> levels;
  for (size_t i = 0; i < features.size(); ++i) {
    const torch::Tensor& tokens = features[i].first;
    torch::Tensor x = tokens.permute({0, 2, 1}).reshape({tokens.size(0), tokens.size(2), patchH, patchW});
    x = projects[i]->as<torch::nn::Conv2d>()->forward(x);
    // Brings each level to 4x, 2x, 1x and 1/2x the patch grid.
    const auto& resize = resize_layers[i];
    if (auto* up = resize->as<torch::nn::ConvTranspose2dImpl>()) x = up->forward(x);
    if (auto* down = resize->as<torch::nn::Conv2dImpl>()) x = down->forward(x);
    levels.push_back(x);
  }
  torch::Tensor l1 = scratch->layer1_rn(levels[0]), l2 = scratch->layer2_rn(levels[1]);
  torch::Tensor l3 = scratch->layer3_rn(levels[2]), l4 = scratch->layer4_rn(levels[3]);
  torch::Tensor path = scratch->refinenet4->forward(l4, torch::Tensor(), {l3.size(2), l3.size(3)});
  path = scratch->refinenet3->forward(path, l3, {l2.size(2), l2.size(3)});
  path = scratch->refinenet2->forward(path, l2, {l1.size(2), l1.size(3)});
  path = scratch->refinenet1->forward(path, l1, {});
  torch::Tensor out = resizeBilinear(scratch->output_conv1(path), {patchH * 14, patchW * 14});
  return scratch->output_conv2->forward(out);
}

}  // namespace permanence::depth
