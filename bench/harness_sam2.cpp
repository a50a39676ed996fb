// SAM 2.1 at full size with random weights: the image encoder, tracking and a click,
// timed, on one JSON line.
//   harness_sam2 --model tiny|small|base_plus|large --image-size S --frames N [--device D] [--threads T]
// encoder_ms_per_frame: forward_image; propagate_ms_per_frame: a tracked frame (image
// encoder, memory attention over the bank, decoder, memory encoder); click_ms: one
// click on a frame whose embedding is already computed (prompt encoder + decoder +
// upsampling to the frame); the cpu_* fields are the same in process CPU time, which
// a machine shared with other work disturbs less than wall time (with one thread).
// Frames are random S x S images; the first frame gets a click and the others are
// tracked from it.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "sam2/sam2_device.h"
#include "sam2/sam2_model.h"
#include "sam2/video_predictor.h"

namespace {

using namespace permanence::sam2;

double peakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Process CPU time in milliseconds (all threads).
double cpuMs() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

void synchronise(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

int usage(const char* program) {
  std::fprintf(stderr, "usage: %s --model tiny|small|base_plus|large --image-size S --frames N [--device D] [--threads T]\n",
               program);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string size = "tiny", deviceText = "cpu";
  int64_t imageSize = 1024;
  int frames = 4, threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i], value = argv[i + 1];
    if (option == "--model") size = value;
    else if (option == "--image-size") imageSize = std::stoll(value);
    else if (option == "--frames") frames = std::stoi(value);
    else if (option == "--device") deviceText = value;
    else if (option == "--threads") threads = std::stoi(value);
    else return usage(argv[0]);
  }
  if (argc % 2 == 0 || frames < 2 || imageSize % 32 != 0) return usage(argv[0]);
  try {
    if (threads > 0) torch::set_num_threads(threads);
    const torch::Device device = parseSam2Device(deviceText);
    Sam2Config config = Sam2Config::forSize(size);
    config.imageSize = imageSize;
    torch::manual_seed(0);
    torch::NoGradGuard noGrad;
    Sam2Model model(config);
    model->to(device);
    model->eval();

    const torch::Tensor images = torch::randn({frames, 3, imageSize, imageSize}).to(device);
    // The encoder alone, after one warm-up frame.
    model->forwardImage(images[0].unsqueeze(0));
    synchronise(device);
    auto start = std::chrono::steady_clock::now();
    double cpuStart = cpuMs();
    for (int t = 0; t < frames; ++t) model->forwardImage(images[t].unsqueeze(0));
    synchronise(device);
    const double encoderMs = msSince(start) / frames, encoderCpuMs = (cpuMs() - cpuStart) / frames;

    const int side = static_cast<int>(imageSize);
    VideoPredictor predictor(model, [&](int t) { return images[t].unsqueeze(0); }, frames, side, side);
    const torch::Tensor click = torch::tensor({{side * 0.5f, side * 0.5f}}), positive = torch::tensor({int64_t{1}});
    predictor.addPoints(0, click, positive);  // computes frame 0's embedding
    synchronise(device);
    start = std::chrono::steady_clock::now();
    predictor.addPoints(0, torch::tensor({{side * 0.4f, side * 0.6f}}), positive, {}, false);
    synchronise(device);
    const double clickMs = msSince(start);

    double propagateMs = 0, propagateCpuMs = 0;
    auto frameStart = std::chrono::steady_clock::now();
    double frameCpuStart = cpuMs();
    predictor.propagate([&](const FrameResult& r) {
      synchronise(device);
      if (r.frame > 0) {  // frame 0 is the clicked one
        propagateMs += msSince(frameStart);
        propagateCpuMs += cpuMs() - frameCpuStart;
      }
      frameStart = std::chrono::steady_clock::now();
      frameCpuStart = cpuMs();
    });
    propagateMs /= frames - 1;
    propagateCpuMs /= frames - 1;

    int64_t parameters = 0;
    for (const auto& p : model->parameters()) parameters += p.numel();
    nlohmann::json line = {{"model", size},
                           {"image_size", imageSize},
                           {"frames", frames},
                           {"device", deviceText},
                           {"threads", torch::get_num_threads()},
                           {"parameters", parameters},
                           {"encoder_ms_per_frame", encoderMs},
                           {"propagate_ms_per_frame", propagateMs},
                           {"click_ms", clickMs},
                           {"cpu_encoder_ms_per_frame", encoderCpuMs},
                           {"cpu_propagate_ms_per_frame", propagateCpuMs},
                           {"peak_rss_mb", peakRssMiB()}};
    std::cout << line.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << e.what() << std::endl;
    return 1;
  }
}
