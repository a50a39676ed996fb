#include "nn/state_dict.h"

#include <set>
#include <sstream>

#include "errors.h"

namespace permanence::nn {
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

}  // namespace

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

void loadStateDict(torch::nn::Module& module, const std::vector<SafetensorsFile>& files, const std::string& source,
                   torch::Dtype dtype, torch::Device device) {
  auto owners = tensorOwners(files);
  ShapeMap shapes;
  for (const auto& [name, file] : owners) shapes.emplace(name, file->info(name).shape);
  auto targets = moduleTensors(module);
  checkKeys(targets, shapes, source);
  torch::NoGradGuard noGrad;
  for (auto& [name, target] : targets) target.set_data(loadTensor(*owners.at(name), name, dtype, device));
}

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
  loadStateDict(module, files, safetensorsPath, dtype, device);
}

}  // namespace permanence::nn
