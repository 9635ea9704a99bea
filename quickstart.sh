#!/bin/sh
# quickstart.sh - build libstalkcase on Debian 12 and show what it does.
#
#   ./quickstart.sh          install missing build dependencies, build (library, command and
#                            Python bindings), run `stalkcase stats` on the bundled sample
#   ./quickstart.sh check    the same set-up, then the full test suite: make check, the suite
#                            under valgrind and under AddressSanitizer/UBSan, and make distcheck
#
# Environment: PYTHON (default /usr/bin/python3, Debian's Python), MAKEFLAGS (e.g. -j2).
set -eu

mode=${1:-run}
case $mode in
run | check) ;;
*)
    echo "usage: $0 [check]" >&2
    exit 2
    ;;
esac

cd "$(dirname "$0")"
PYTHON=${PYTHON:-/usr/bin/python3}

# Debian packages needed to build and test. Each is listed with a file that proves it is there.
packages="
autoconf:/usr/bin/autoconf
automake:/usr/bin/automake
libtool:/usr/bin/libtoolize
autoconf-archive:/usr/share/aclocal/ax_check_compile_flag.m4
make:/usr/bin/make
gcc:/usr/bin/gcc
pkg-config:/usr/bin/pkg-config
libxml2-dev:/usr/include/libxml2/libxml/parser.h
zlib1g-dev:/usr/include/zlib.h
libcsv-dev:/usr/include/csv.h
libsodium-dev:/usr/include/sodium.h
libcmocka-dev:/usr/include/cmocka.h
python3:/usr/bin/python3
swig:/usr/bin/swig
python3-dev:/usr/bin/python3-config
python3-pytest:/usr/lib/python3/dist-packages/pytest/__init__.py
"
if [ "$mode" = check ]; then
    packages="$packages
valgrind:/usr/bin/valgrind
clang:/usr/bin/clang
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
librsvg2-bin:/usr/bin/rsvg-convert
python3-matplotlib:/usr/lib/python3/dist-packages/matplotlib/__init__.py
"
fi

missing=
for entry in $packages; do
    pkg=${entry%%:*}
    file=${entry#*:}
    [ -e "$file" ] || missing="$missing $pkg"
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "quickstart: installing$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        # shellcheck disable=SC2086
        apt-get install -y --no-install-recommends $missing
    else
        echo "quickstart: missing Debian packages. Install them first, as root:" >&2
        echo "  apt-get update && apt-get install -y$missing" >&2
        exit 1
    fi
fi

jobs=$(nproc 2>/dev/null || echo 2)

echo "quickstart: autoreconf -fi"
autoreconf -fi
echo "quickstart: ./configure --enable-werror --enable-python PYTHON=$PYTHON"
./configure --enable-werror --enable-python PYTHON="$PYTHON"
echo "quickstart: make"
make -j"$jobs"

if [ "$mode" = check ]; then
    echo "quickstart: make check"
    make -j"$jobs" check
    echo "quickstart: make check-valgrind"
    make check-valgrind
    echo "quickstart: make check-asan"
    make check-asan
    echo "quickstart: make fuzz-smoke   (the XML reader and writer under libFuzzer, 60 s)"
    make fuzz-smoke
    echo "quickstart: make distcheck"
    make -j"$jobs" distcheck
fi

echo
echo "quickstart: examples/stalkcase stats   (bundled synthetic sample; see examples/data/README.md)"
echo
examples/stalkcase stats
