#include "diffusion/state_dict.h"

#include <fstream>
#include <set>
#include <sstream>

#include "errors.h"

namespace permanence::diffusion {
namespace {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

std::string shapeText(const std::vector<int64_t>& shape) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
  out << "]";
  return out.str();
}

// Parameters and buffers by their dotted state_dict names.
std::map<std::string, torch::Tensor> moduleTensors(torch::nn::Module& module) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& item : module.named_parameters()) out.emplace(item.key(), item.value());
  for (const auto& item : module.named_buffers()) out.emplace(item.key(), item.value());
  return out;
}

// A list of names, cut after a screenful so a wholly wrong file stays readable.
std::string nameList(const std::vector<std::string>& names) {
  constexpr size_t kShown = 20;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kShown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kShown) out += ", ... and " + std::to_string(names.size() - kShown) + " more";
  return out;
}

void checkKeys(const std::map<std::string, torch::Tensor>& expected, const ShapeMap& given,
               const std::string& source) {
  std::vector<std::string> missing, unexpected, mismatched;
  for (const auto& [name, tensor] : expected) {
    auto it = given.find(name);
    if (it == given.end())
      missing.push_back(name);
    else if (tensor.sizes().vec() != it->second)
      mismatched.push_back(name + " (file " + shapeText(it->second) + ", module " +
                           shapeText(tensor.sizes().vec()) + ")");
  }
  for (const auto& entry : given)
    if (!expected.count(entry.first)) unexpected.push_back(entry.first);
  if (missing.empty() && unexpected.empty() && mismatched.empty()) return;
  std::string message = source + ": weights do not match the model:";
  if (!missing.empty()) message += " missing keys: " + nameList(missing) + ";";
  if (!unexpected.empty()) message += " unexpected keys: " + nameList(unexpected) + ";";
  if (!mismatched.empty()) message += " shape mismatches: " + nameList(mismatched) + ";";
  message.pop_back();
  throw InputError(message);
}

// Which file of a (possibly sharded) checkpoint holds each tensor.
std::map<std::string, const SafetensorsFile*> tensorOwners(const std::vector<SafetensorsFile>& files) {
  std::map<std::string, const SafetensorsFile*> owners;
  for (const auto& file : files)
    for (const auto& name : file.names()) {
      auto [it, inserted] = owners.emplace(name, &file);
      if (!inserted)
        throw InputError(file.path() + ": tensor '" + name + "' also appears in " + it->second->path());
    }
  return owners;
}

void loadFromFiles(torch::nn::Module& module, const std::vector<SafetensorsFile>& files,
                   const std::string& source, torch::Dtype dtype, torch::Device device) {
  auto owners = tensorOwners(files);
  ShapeMap shapes;
  for (const auto& [name, file] : owners) shapes.emplace(name, file->info(name).shape);
  auto targets = moduleTensors(module);
  checkKeys(targets, shapes, source);
  torch::NoGradGuard noGrad;
  for (auto& [name, target] : targets) target.set_data(owners.at(name)->load(name, dtype, device));
}

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

void loadStateDict(torch::nn::Module& module, const TensorMap& tensors, const std::string& sourceName) {
  ShapeMap shapes;
  for (const auto& [name, tensor] : tensors) shapes.emplace(name, tensor.sizes().vec());
  auto targets = moduleTensors(module);
  checkKeys(targets, shapes, sourceName);
  torch::NoGradGuard noGrad;
  for (auto& [name, target] : targets) target.copy_(tensors.at(name));
}

void loadStateDict(torch::nn::Module& module, const std::string& safetensorsPath, torch::Dtype dtype,
                   torch::Device device) {
  std::vector<SafetensorsFile> files;
  files.push_back(SafetensorsFile::open(safetensorsPath));
  loadFromFiles(module, files, safetensorsPath, dtype, device);
}

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
      tensorOwners(component.files_);  // refuse duplicated keys now, not at load
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
  loadFromFiles(module, files_, folder_.string(), dtype, device);
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
