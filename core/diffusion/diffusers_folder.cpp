#include "diffusion/diffusers_folder.h"

#include <fstream>

#include "errors.h"
#include "nn/state_dict.h"

namespace permanence::diffusion {
namespace {

using nn::SafetensorsFile;

nlohmann::json readJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": missing or unreadable");
  try {
    nlohmann::json value = nlohmann::json::parse(in);
    if (!value.is_object()) throw InputError(path.string() + ": not a JSON object");
    return value;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string() + ": invalid JSON (" + e.what() + ")");
  }
}

// diffusers puts the variant before the last extension: model.fp16.safetensors,
// model.safetensors.index.fp16.json.
std::string withVariant(const std::string& name, const std::string& variant) {
  if (variant.empty()) return name;
  auto dot = name.rfind('.');
  return name.substr(0, dot) + "." + variant + name.substr(dot);
}

std::vector<SafetensorsFile> openShards(const std::filesystem::path& indexPath) {
  nlohmann::json index = readJsonFile(indexPath);
  if (!index.contains("weight_map") || !index["weight_map"].is_object())
    throw InputError(indexPath.string() + ": no 'weight_map' object");
  std::map<std::string, std::vector<std::string>> keysByShard;
  for (const auto& [key, shard] : index["weight_map"].items()) {
    if (!shard.is_string()) throw InputError(indexPath.string() + ": weight_map entry '" + key + "' is not a file name");
    std::string shardName = shard.get<std::string>();
    if (shardName.find('/') != std::string::npos)
      throw InputError(indexPath.string() + ": shard '" + shardName + "' is not in the component folder");
    keysByShard[shardName].push_back(key);
  }
  std::vector<SafetensorsFile> shards;
  for (const auto& [shardName, keys] : keysByShard) {
    auto path = indexPath.parent_path() / shardName;
    if (!std::filesystem::exists(path))
      throw InputError(indexPath.string() + ": shard " + shardName + " is missing");
    shards.push_back(SafetensorsFile::open(path.string()));
    for (const auto& key : keys)
      if (!shards.back().contains(key))
        throw InputError(path.string() + ": tensor '" + key + "' listed in " + indexPath.filename().string() +
                         " is not in the shard");
  }
  return shards;
}

}  // namespace

ComponentFolder ComponentFolder::open(const std::filesystem::path& folder, const std::string& variant) {
  if (!std::filesystem::is_directory(folder)) throw InputError(folder.string() + ": not a folder");
  ComponentFolder component;
  component.folder_ = folder;
  component.config_ = readJsonFile(folder / "config.json");
  std::vector<std::string> tried;
  for (const char* base : {"diffusion_pytorch_model", "model"}) {
    std::string single = withVariant(std::string(base) + ".safetensors", variant);
    std::string index = withVariant(std::string(base) + ".safetensors.index.json", variant);
    if (std::filesystem::exists(folder / single)) {
      component.files_.push_back(SafetensorsFile::open((folder / single).string()));
      return component;
    }
    if (std::filesystem::exists(folder / index)) {
      component.files_ = openShards(folder / index);
      nn::tensorOwners(component.files_);  // refuse duplicated keys now, not at load
      return component;
    }
    tried.push_back(single);
    tried.push_back(index);
  }
  std::string message = folder.string() + ": no weights found (looked for ";
  for (size_t i = 0; i < tried.size(); ++i) message += (i ? ", " : "") + tried[i];
  throw InputError(message + ")");
}

void ComponentFolder::load(torch::nn::Module& module, torch::Dtype dtype, torch::Device device) const {
  nn::loadStateDict(module, files_, folder_.string(), dtype, device);
}

PipelineFolder PipelineFolder::open(const std::filesystem::path& folder) {
  PipelineFolder pipeline;
  pipeline.folder_ = folder;
  nlohmann::json index = readJsonFile(folder / "model_index.json");
  std::vector<std::string> missing;
  for (const auto& [name, value] : index.items()) {
    // Components are ["library", "Class"] pairs; other entries (_class_name, flags) are not.
    if (!value.is_array() || value.size() != 2 || !value[1].is_string()) continue;
    pipeline.classes_.emplace(name, value[1].get<std::string>());
    if (!std::filesystem::is_directory(folder / name)) missing.push_back(name);
  }
  if (!missing.empty()) {
    std::string message = (folder / "model_index.json").string() + ": component folders missing:";
    for (const auto& name : missing) message += " " + name;
    throw InputError(message);
  }
  return pipeline;
}

std::vector<std::string> PipelineFolder::componentNames() const {
  std::vector<std::string> out;
  for (const auto& entry : classes_) out.push_back(entry.first);
  return out;
}

std::string PipelineFolder::className(const std::string& component) const {
  auto it = classes_.find(component);
  if (it == classes_.end())
    throw InputError((folder_ / "model_index.json").string() + ": no component '" + component + "'");
  return it->second;
}

ComponentFolder PipelineFolder::component(const std::string& name, const std::string& variant) const {
  className(name);  // refuses names model_index.json does not list
  return ComponentFolder::open(folder_ / name, variant);
}

}  // namespace permanence::diffusion
