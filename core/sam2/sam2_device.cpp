#include "sam2/sam2_device.h"

#include "errors.h"

namespace permanence::sam2 {

torch::Device parseSam2Device(const std::string& text) {
  if (text.empty() || text == "cpu") return torch::kCPU;
  if (text.rfind("cuda", 0) != 0) throw InputError("--device '" + text + "': expected cpu, cuda or cuda:N");
  torch::Device device(torch::kCPU);
  try {
    device = torch::Device(text);
  } catch (const std::exception&) {
    throw InputError("--device '" + text + "': expected cpu, cuda or cuda:N");
  }
  if (!torch::cuda::is_available()) throw InputError("--device " + text + ": this build or machine has no CUDA");
  if (device.has_index() && device.index() >= static_cast<int>(torch::cuda::device_count()))
    throw InputError("--device " + text + ": there are " + std::to_string(torch::cuda::device_count()) + " CUDA devices");
  return device;
}

}  // namespace permanence::sam2
