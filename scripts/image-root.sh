#!/usr/bin/env bash
# Lays out the runtime of the container image (mvn -Pimage) in OUT_DIR, which Jib adds on top of `scratch`:
#   /opt/homebase/jre     a jlink'd JRE of the build JDK (>= 21) with javac (jdk.compiler) for Java functions
#   /opt/homebase/bin/deno the pinned Deno (functions-runtime/package-lock.json, from npm)
#   /lib*, /usr/lib*      the shared libraries (glibc, libgcc) the JRE and Deno load, copied from this machine
#   /tmp /data /project   scratch space, the data volume and the project mount point
# No registry, no base image: everything comes from this machine's JDK and the npm package.
#   scripts/image-root.sh server/target/image-root
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=find-jdk.sh
. "$root/scripts/find-jdk.sh"
homebase_find_jdk
mkdir -p "${1:?usage: scripts/image-root.sh OUT_DIR}"
out="$(cd "$1" && pwd)"
modules="java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.httpserver,jdk.management,jdk.net,jdk.charsets,jdk.localedata,jdk.compiler"

rm -rf "$out"
mkdir -p "$out/opt/homebase/bin" "$out/tmp" "$out/data" "$out/project" "$out/etc"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$out/opt/homebase/jre"

deno="$root/functions-runtime/node_modules/@deno/linux-x64-glibc/deno"
if [ ! -x "$deno" ]; then
  (cd "$root/functions-runtime" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
cp "$deno" "$out/opt/homebase/bin/deno"

# The libraries the dynamic linker resolves for the JRE's executables and libraries and for Deno.
{
  find "$out/opt/homebase/jre" -type f \( -name '*.so' -o -perm -u+x \) -print
  echo "$out/opt/homebase/bin/deno"
} | while read -r f; do ldd "$f" 2>/dev/null || true; done \
  | awk '/=> \// { print $3 } /^[ \t]*\/lib/ { print $1 }' | sort -u | while read -r lib; do
  case "$lib" in "$out"/*|/opt/homebase/*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
printf 'root:x:0:0:root:/data:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\n' >"$out/etc/group"
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"
