#!/usr/bin/env bash
# Adds to the native-image kit built at KIT_HOME the JDK 25 native entry points its JDK 17 static
# libraries lack (.ci/native-kit-compat/compat.c), once; a kit that has them is left alone.
#   .ci/native-kit-compat.sh /opt/native-kit
set -euo pipefail
kit=$1
lib="$kit/home/lib/static/linux-amd64/glibc/libjava.a"
# grep without -q reads all of nm's output: under pipefail an early exit would fail nm (SIGPIPE).
if nm "$lib" 2>/dev/null | grep ' T Java_java_io_RandomAccessFile_length0$' >/dev/null; then
  exit 0
fi
src="$(cd "$(dirname "$0")" && pwd)/native-kit-compat/compat.c"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -c -O2 -fPIC -I"$kit/home/include" -I"$kit/home/include/linux" "$src" -o "$work/sandgate_compat.o"
ar rs "$lib" "$work/sandgate_compat.o"
echo "added the JDK 25 entry points of $src to $lib"
