#!/usr/bin/env bash
# The container image's Java runtime, written into the directory given ($1), which Jib adds to
# an empty ("scratch") base image: no registry is needed for a base image, and the image holds
# nothing but what the server runs on.
#   /opt/java   a jlink image of the JDK building it (the modules jdeps finds in the server jar)
#   /lib, /lib64, /usr/lib   the system libraries that runtime loads (glibc, libstdc++, zlib)
#   /tmp, /data             scratch space and the embedded H2 database's volume
set -euo pipefail
out=${1:?usage: java-runtime.sh OUTPUT_DIR}
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# jdeps --print-module-deps over publicip-server.jar, plus jdk.crypto.ec for TLS to PostgreSQL
# and jdk.zipfs; java.desktop is there for java.beans, its native AWT libraries are left out
modules=java.base,java.compiler,java.desktop,java.instrument,java.naming,java.rmi,java.scripting,java.security.jgss,java.sql,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.crypto.ec,jdk.zipfs

rm -rf "$out"
mkdir -p "$out/opt"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/opt/java"
# the JDK's default class-data archive (lib/server/classes.jsa), which jlink does not write on
# JDK 17: the JVM maps the core classes instead of loading them at every start
"$out/opt/java/bin/java" -Xshare:dump > /dev/null

# the libraries of the launcher, the VM and every native library but the desktop ones
natives=$(ls "$out"/opt/java/lib/*.so | grep -v -E '/lib(awt|awt_xawt|awt_headless|fontmanager|jawt|jsound|splashscreen|lcms|javajpeg|mlib_image)\.so$')
libraries=$(ldd "$out/opt/java/bin/java" "$out/opt/java/lib/server/libjvm.so" $natives 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/lib/ {print $1}' | grep -v "^$out/" | sort -u)
for library in $libraries; do
  mkdir -p "$out$(dirname "$library")"
  cp -L "$library" "$out$library"
done
mkdir -p "$out/tmp" "$out/data"
echo "java runtime for the image: $(du -sh "$out" | cut -f1) in $out ($(echo "$libraries" | wc -w) system libraries)"
