#pragma once
// Still images: PNG, JPEG, BMP, TIFF and WebP decoded with FFmpeg's image codecs, which
// every process links anyway; PNG written with zlib. Not OpenCV's imgcodecs: Debian
// builds it with GDAL, which loads ~80 more shared libraries and costs every process
// ~0.17 s of start-up, as much as a whole short command's work.
#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace permanence {

// What a decoded image becomes. AsStored keeps the depth (8 or 16 bits) and the
// channels (1 grey, 3 BGR, 4 BGRA: alpha only where the file has transparency);
// the others convert to 8-bit grey, BGR or BGRA.
enum class ImageLayout { AsStored, Gray, Bgr, Bgra };

// `name` names the image in error messages (the file, or what the bytes are). Throws
// MediaError when the bytes are no image of a supported format or are corrupt. JPEG's
// EXIF orientation is applied, as a viewer shows the photo.
cv::Mat decodeImage(const std::vector<std::uint8_t>& bytes, ImageLayout layout, const std::string& name);
cv::Mat readImageFile(const std::string& path, ImageLayout layout);

// Fast for frames written often (exports, the editor's layers in memory); Compact for
// what is stored and kept (a project's patches): ~20% smaller (a 139x170 textured
// layer of the sample clip: 25 kB -> 20 kB), several times slower.
enum class PngCompression { Fast, Compact };

// PNG of an 8- or 16-bit image with 1, 3 (BGR) or 4 (BGRA) channels; lossless.
// Throws InputError for any other image type.
std::vector<std::uint8_t> encodePng(const cv::Mat& image, PngCompression compression = PngCompression::Fast);
// Throws InputError naming the file when it cannot be written (disk full, no permission).
void writePngFile(const std::string& path, const cv::Mat& image);

}  // namespace permanence
