# The Debian package: `cpack -G DEB` in a build folder (the release one) writes
# permanence_VERSION_ARCH.deb, which `apt install ./permanence_*.deb` installs on
# Debian 12: permanence and permanence-cli in /usr/bin, the diffusion plugin in
# /usr/lib/permanence/plugins (where the executables look: ../lib/permanence/plugins),
# the desktop entry, its icon and the project type (resources/CMakeLists.txt).
# Debian's own triggers (desktop-file-utils, shared-mime-info, hicolor-icon-theme)
# refresh their caches on install and removal, so the package has no scripts, and
# `apt remove` leaves nothing, not even dpkg's record of it.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME permanence)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "video editor for de-occlusion: click an object, see it whole")
set(CPACK_PACKAGE_DESCRIPTION "Permanence tracks an object that the user clicks in a video, infers its whole \
shape where something hides it, paints the hidden pixels (Top-K alternatives), and re-composes and exports \
the scene: an editor (permanence) and a command line (permanence-cli) with batch and Slurm support.")
set(PERMANENCE_PACKAGE_MAINTAINER "Permanence maintainers <permanence@localhost>"
    CACHE STRING "Maintainer field of the .deb")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PERMANENCE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # permanence_0.1.0_amd64.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# Depends from the libraries the executables and the plugin link (dpkg-shlibdeps),
# plus what they load at run time, which dpkg-shlibdeps cannot see: Qt's SVG icon
# engine, which draws the toolbar's icons.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
include(CPack)
