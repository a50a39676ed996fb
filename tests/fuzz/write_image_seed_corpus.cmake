# Writes the seed corpus of fuzz_frame_folder into CORPUS_DIR: one small image of each
# kind a frame folder or a mask may hold (PNG gray, palette, RGB, RGBA, 16-bit; JPEG,
# BMP, TIFF, WebP), made with the ffmpeg command (FFMPEG).
file(REMOVE_RECURSE "${CORPUS_DIR}")
file(MAKE_DIRECTORY "${CORPUS_DIR}")
set(kinds
  "gray.png:gray" "palette.png:pal8" "rgb.png:rgb24" "rgba.png:rgba" "deep.png:rgb48be"
  "photo.jpg:yuvj420p" "plain.bmp:bgr24" "scan.tif:rgb24" "web.webp:yuv420p")
foreach(kind ${kinds})
  string(REPLACE ":" ";" parts "${kind}")
  list(GET parts 0 name)
  list(GET parts 1 format)
  execute_process(
    COMMAND "${FFMPEG}" -v error -y -f lavfi -i testsrc=size=24x18 -frames:v 1 -pix_fmt ${format} "${CORPUS_DIR}/${name}"
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "ffmpeg could not write the seed ${name}")
  endif()
endforeach()
