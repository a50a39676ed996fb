#pragma once
// The diffusers folder layouts the diffusion weights come in.
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/safetensors_file.h"

namespace permanence::diffusion {

// One diffusers model component: a folder with config.json and its weights, either one
// file (diffusion_pytorch_model.safetensors or model.safetensors, or the
// <name>.<variant>.safetensors variant) or shards listed by a *.safetensors.index.json.
class ComponentFolder {
 public:
  // variant is "" or e.g. "fp16". Validates config.json, the index and every shard's
  // header (nothing large is allocated) and says what is missing.
  static ComponentFolder open(const std::filesystem::path& folder, const std::string& variant = "");

  const std::filesystem::path& folder() const { return folder_; }
  const nlohmann::json& config() const { return config_; }
  const std::vector<nn::SafetensorsFile>& files() const { return files_; }

  // Strict load of all shards together (see nn::loadStateDict).
  void load(torch::nn::Module& module, torch::Dtype dtype = torch::kFloat32,
            torch::Device device = torch::kCPU) const;

 private:
  std::filesystem::path folder_;
  nlohmann::json config_;
  std::vector<nn::SafetensorsFile> files_;
};

// A diffusers pipeline folder: model_index.json naming its components, each in a
// subfolder of the same name.
class PipelineFolder {
 public:
  // Throws InputError when model_index.json is missing or invalid, or when a named
  // component has no subfolder.
  static PipelineFolder open(const std::filesystem::path& folder);

  const std::filesystem::path& folder() const { return folder_; }
  std::vector<std::string> componentNames() const;  // sorted
  // The class named for a component, e.g. "UNetSpatioTemporalConditionModel".
  std::string className(const std::string& component) const;
  ComponentFolder component(const std::string& name, const std::string& variant = "") const;

 private:
  std::filesystem::path folder_;
  std::map<std::string, std::string> classes_;
};

}  // namespace permanence::diffusion
