#pragma once
// The --device of the sam2 backend and its harness.
#include <torch/torch.h>

#include <string>

namespace permanence::sam2 {

// "cpu", "cuda" or "cuda:N"; empty is the CPU. Throws InputError otherwise or when CUDA
// is asked for but absent.
torch::Device parseSam2Device(const std::string& text);

}  // namespace permanence::sam2
