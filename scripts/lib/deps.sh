# shellcheck shell=bash
# Sourced by scripts/run and scripts/test: the Debian 12 packages Interleave needs, and a
# function that installs the missing ones.

# Build tools (ccache and mold make rebuilds and links fast), Qt 6 (widgets, charts, SVG), test
# and benchmark libraries, parsers, and what a headless machine needs to start the window (a
# virtual X server, a font), and the validators the tests run on the desktop file and the
# AppStream metainfo.
# qt6-qpa-plugins (the xcb and offscreen platforms) and libqt6opengl6-dev (QtCharts' CMake package
# needs it) are only "recommended" by the Qt packages: listed so they come even where apt is set
# not to install recommendations.
INTERLEAVE_DEB_PACKAGES=(
    build-essential
    cmake
    ninja-build
    ccache
    mold
    g++
    clang
    libclang-rt-14-dev
    qt6-base-dev
    qt6-charts-dev
    qt6-svg-dev
    qt6-qpa-plugins
    libqt6opengl6-dev
    libgl-dev
    libgtest-dev
    libgmock-dev
    libbenchmark-dev
    nlohmann-json3-dev
    libcli11-dev
    # giflib: `interleave animate` writes its GIF through it, and the tests read it back with it.
    libgif-dev
    python3
    fonts-dejavu-core
    xvfb
    xauth
    desktop-file-utils
    appstream
)

interleave_missing_packages() {
    local pkg status
    for pkg in "${INTERLEAVE_DEB_PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        if [[ "$status" != installed ]]; then
            printf '%s\n' "$pkg"
        fi
    done
}

# Installs only what is missing; the package lists are refreshed only when something is.
interleave_install_deps() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        echo "deps: not a Debian system (no dpkg-query/apt-get); assuming these are installed: ${INTERLEAVE_DEB_PACKAGES[*]}" >&2
        return 0
    fi

    local missing=()
    mapfile -t missing < <(interleave_missing_packages)
    if ((${#missing[@]} == 0)); then
        echo "deps: all ${#INTERLEAVE_DEB_PACKAGES[@]} Debian packages are installed"
        return 0
    fi

    local as_root=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "deps: missing ${missing[*]}; run this as root or install sudo" >&2
            return 1
        fi
        as_root=(sudo)
    fi

    echo "deps: installing ${missing[*]}"
    # `|| return`: callers may run this as a condition, where errexit does not apply.
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || return 1
}
