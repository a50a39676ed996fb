#pragma once
// Mask PNG files: any non-zero pixel is foreground on read (grayscale, RGB or palette
// PNG whose index 0 is black); written as 8-bit 0/255.
#include "mask/mask.h"

#include <string>

namespace permanence {

// Throws InputError naming the file when it is missing or not an image.
Mask loadMaskPng(const std::string& path);
// Throws InputError naming the file when it cannot be written.
void saveMaskPng(const std::string& path, const Mask& mask);

}  // namespace permanence
