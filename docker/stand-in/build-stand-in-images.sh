#!/usr/bin/env bash
# Builds local stand-ins for the official .NET base images from this machine's own .NET installation, for
# building and running the Dockerfile where no container registry can be reached (CI):
#   score-exporter-stand-in/sdk:<sdk version>-aot     the SDK, a busybox shell for RUN, CA certificates, and the
#                                                    Native AOT toolchain: clang, binutils, libc and zlib for linking
#   score-exporter-stand-in/runtime-deps:<runtime version>  only the libraries a .NET executable loads (libc, libm,
#                                                    libstdc++, OpenSSL); no shell, user 1654 like the chiseled images
# Prints the two image references (sdk first). Talks to the daemon in DOCKER_HOST. Existing tags are reused.
# Needs: docker, busybox-static, ca-certificates, clang, zlib1g-dev, a .NET SDK on PATH.
set -euo pipefail

docker_cli="${DOCKER_CLI:-docker}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
sdk_version="$(dotnet --version)"
netcore_version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')"
sdk_image="score-exporter-stand-in/sdk:$sdk_version-aot"
runtime_image="score-exporter-stand-in/runtime-deps:$netcore_version"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Lays out a merged-/usr root (like Debian 12 and Ubuntu 24.04) with the given files and the shared libraries
# that they, and anything they dlopen by name, need.
make_root() {
  local root="$1"; shift
  mkdir -p "$root"/usr/{bin,lib,lib64} "$root"/{etc,tmp,root,home/app} "$root"/etc/ssl/certs
  ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
  chown 1654:1654 "$root/home/app"
  cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  # Every library lives in the multiarch folder under the name the loader asks for; libssl and libcrypto are
  # loaded by name at run time, so ldd cannot see them.
  local multiarch="$root/usr/lib/x86_64-linux-gnu" lib
  mkdir -p "$multiarch"
  { find "$@" -type f \( -name '*.so' -o -perm -u+x \) -print0 | xargs -0 ldd 2>/dev/null || true
    ldd /usr/lib/x86_64-linux-gnu/libssl.so.3
    echo "/usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3"
  } | grep -o '/[^ :]*\.so[.0-9]*' | grep -v "^$root/" | sort -u | while IFS= read -r lib; do
    [[ -e "$multiarch/$(basename "$lib")" ]] || cp -L "$lib" "$multiarch/$(basename "$lib")"
  done
  ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/usr/lib64/ld-linux-x86-64.so.2"
}

# Copies this machine's clang, binutils, libc and zlib development files (the packages "clang zlib1g-dev" pull in)
# into the root, so Native AOT can compile and link there as on a Debian SDK image with them installed.
add_aot_toolchain() {
  local root="$1" packages
  command -v clang >/dev/null && [[ -e /usr/include/zlib.h ]] || { echo "clang and zlib1g-dev are needed on this machine" >&2; exit 1; }
  packages=$(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances \
    clang zlib1g-dev 2>/dev/null | grep -v '^ ' | grep -v '^<' | sort -u)
  # shellcheck disable=SC2086
  dpkg -L $packages 2>/dev/null | grep -v -e '^/usr/share/doc' -e '^/usr/share/man' -e '^/usr/share/locale' -e '^/usr/share/info' -e '^/\.$' \
    | while IFS= read -r path; do [[ -f $path || -L $path ]] && echo "${path#/}"; done \
    | tar -C / --no-recursion -cf - -T - | tar -C "$root" --keep-directory-symlink -xf -
}

if ! "$docker_cli" image inspect "$sdk_image" >/dev/null 2>&1; then
  root="$work/sdk"
  mkdir -p "$root/usr/share"
  cp -a "$dotnet_root" "$root/usr/share/dotnet"
  make_root "$root" "$root/usr/share/dotnet"
  add_aot_toolchain "$root"
  cp /bin/busybox "$root/usr/bin/busybox"
  for applet in sh ls cat mkdir rm cp mv env; do ln -s busybox "$root/usr/bin/$applet"; done
  ln -s ../share/dotnet/dotnet "$root/usr/bin/dotnet"
  tar --numeric-owner -C "$root" -c . | "$docker_cli" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV HOME=/root' \
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
    --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true' \
    --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
    --change 'ENV DOTNET_NOLOGO=1' \
    --change "ENV DOTNET_SDK_VERSION=$sdk_version" \
    --change 'WORKDIR /' \
    --change 'CMD ["sh"]' \
    - "$sdk_image" >/dev/null
  rm -rf "$root"
fi

if ! "$docker_cli" image inspect "$runtime_image" >/dev/null 2>&1; then
  root="$work/runtime"
  # The runtime's own native libraries stand for a .NET executable's needs; only what they load is kept.
  make_root "$root" "$dotnet_root/shared/Microsoft.NETCore.App/$netcore_version"
  # Like the chiseled images: no shell, no package manager, a non-root default user.
  if [[ -n "$(find "$root" -name sh -o -name bash -o -name busybox)" ]]; then
    echo "stand-in runtime image would contain a shell" >&2; exit 1
  fi
  tar --numeric-owner -C "$root" -c . | "$docker_cli" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV APP_UID=1654' \
    --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
    --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true' \
    --change 'USER 1654' \
    --change 'WORKDIR /' \
    - "$runtime_image" >/dev/null
  rm -rf "$root"
fi

echo "$sdk_image"
echo "$runtime_image"
