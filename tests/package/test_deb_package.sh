#!/usr/bin/env bash
# The .deb end to end (ctest label `package`): cpack builds it from this build folder
# into a scratch folder; dpkg-deb checks its files and control fields; it is
# extracted into a scratch root (the files `apt install` puts under /), where the
# extracted permanence-cli makes a sample, runs it and loads the diffusion plugin
# from ROOT/usr/lib/permanence/plugins (../lib/permanence/plugins of the executable,
# no PERMANENCE_PLUGIN_DIR), and the extracted editor opens the project offscreen.
# The project's project.json is typed application/x-permanence-project by the
# package's MIME type. Usage: test_deb_package.sh BUILD_DIR CPACK
set -euo pipefail
build=$1
cpack=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
debs=("$work"/pkg/permanence_*_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack wrote no permanence_VERSION_ARCH.deb"
deb=${debs[0]}
echo "package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"

# Files: the executables, the plugin, the desktop entry, its icon, the MIME type;
# nothing outside /usr.
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/permanence ./usr/bin/permanence-cli ./usr/lib/permanence/plugins/permanence_diffusion_backend.so \
         ./usr/lib/permanence/plugins/permanence_sam2_backend.so \
         ./usr/share/applications/permanence.desktop ./usr/share/icons/hicolor/scalable/apps/permanence.svg \
         ./usr/share/mime/packages/permanence.xml; do
  grep -qx "$f" <<<"$files" || fail "$f is not in the package"
done
outside=$(grep -v -e '^\./$' -e '^\./usr/' <<<"$files" || true)
[ -z "$outside" ] || fail "files outside /usr: $outside"

# No maintainer scripts: dpkg's triggers refresh the desktop, icon and MIME caches,
# and without a postrm `apt remove` leaves no trace (not even dpkg's "rc" record).
dpkg-deb -e "$deb" "$work/control"
for script in preinst postinst prerm postrm; do
  [ ! -e "$work/control/$script" ] || fail "the package has a $script script"
done

# Control: name, and the Depends that dpkg-shlibdeps found plus the SVG icon engine.
control=$(dpkg-deb -f "$deb" Package Depends)
grep -q '^Package: permanence$' <<<"$control" || fail "package name: $control"
for dep in 'libqt6svg6' 'libqt6widgets6' 'libavcodec[0-9]' 'libopencv-core[0-9]' 'libtorch[0-9]' 'libc6'; do
  grep -q "[ ,]$dep" <<<"$control" || fail "Depends lacks $dep: $control"
done

root="$work/root"
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/permanence.desktop" || fail "desktop entry does not validate"

# The extracted command line, from its installed-relative paths only.
unset PERMANENCE_PLUGIN_DIR
cli="$root/usr/bin/permanence-cli"
summary=$("$cli" sample --out "$work/clip" --width 160 --height 96 --frames 12)
click=$(sed -n 's/.*"click":"\([0-9]*,[0-9]*\)".*/\1/p' <<<"$summary")
"$cli" run --video "$work/clip/sample.mp4" --click "$click@0" --out "$work/run" >"$work/run.json" 2>"$work/run.log" ||
  { cat "$work/run.log"; fail "permanence-cli run failed"; }
[ -f "$work/run/composite.mp4" ] || fail "run wrote no composite"
# The plugin loads from ROOT/usr/lib/permanence/plugins: the failure is about the weights, not the plugin.
set +e
plugin=$("$cli" amodal --frames "$work/clip/sample.mp4" --masks "$work/run/objects/obj1/modal" --out "$work/amodal" \
  --backend diffusion --weights-dir "$work/no-weights" 2>&1)
set -e
grep -q "could not be loaded" <<<"$plugin" && fail "plugin not found from the installed paths: $plugin"
grep -q "no-weights" <<<"$plugin" || fail "expected the diffusion backend to ask for its weights: $plugin"
# Likewise the SAM 2 plugin: it is found, and refuses a weights file that is not one.
echo "not a checkpoint" >"$work/junk.safetensors"
set +e
sam2=$("$cli" track --frames "$work/clip/sample.mp4" --click "$click@0" --out "$work/sam2" \
  --backend sam2 --weights "$work/junk.safetensors" 2>&1)
set -e
grep -q "could not be loaded" <<<"$sam2" && fail "sam2 plugin not found from the installed paths: $sam2"
grep -q "junk.safetensors" <<<"$sam2" || fail "expected the sam2 backend to name the bad weights file: $sam2"

# The extracted editor opens the project (as the desktop entry would, given its project.json).
QT_QPA_PLATFORM=offscreen "$root/usr/bin/permanence" "$work/run/sample.permanence/project.json" \
  --screenshot "$work/editor.png" >"$work/editor.log" 2>&1 || { cat "$work/editor.log"; fail "the editor failed"; }
[ "$(stat -c %s "$work/editor.png")" -gt 10000 ] || fail "the editor's screenshot is empty"

# The MIME type, compiled as update-mime-database does on install, types the
# project.json by its content (and leaves other JSON alone).
mkdir -p "$work/share/mime/packages"
cp "$root/usr/share/mime/packages/permanence.xml" "$work/share/mime/packages/"
XDG_DATA_HOME="$work/share" update-mime-database "$work/share/mime"
echo '{"name": "not a project"}' >"$work/other.json"
type_of() { XDG_DATA_HOME="$work/share" XDG_DATA_DIRS=/usr/share gio info -a standard::content-type "$1" |
  sed -n 's/.*standard::content-type: //p'; }
[ "$(type_of "$work/run/sample.permanence/project.json")" = application/x-permanence-project ] ||
  fail "project.json is typed $(type_of "$work/run/sample.permanence/project.json")"
[ "$(type_of "$work/other.json")" = application/json ] || fail "other JSON is typed $(type_of "$work/other.json")"
echo "package: ok"
