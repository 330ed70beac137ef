#!/usr/bin/env bash
# Builds local stand-ins for the official .NET base images from this machine's own .NET installation, for
# building and running the Dockerfile where no container registry can be reached (CI):
#   score-exporter-stand-in/sdk:<sdk version>      the SDK, a busybox shell for RUN, CA certificates
#   score-exporter-stand-in/aspnet:<runtime version>  the ASP.NET runtime and the libraries it loads; no shell,
#                                                   user 1654 like the chiseled images
# Prints the two image references (sdk first). Talks to the daemon in DOCKER_HOST. Existing tags are reused.
# Needs: docker, busybox-static, ca-certificates, a .NET SDK on PATH.
set -euo pipefail

docker_cli="${DOCKER_CLI:-docker}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
sdk_version="$(dotnet --version)"
runtime_version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')"
netcore_version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')"
sdk_image="score-exporter-stand-in/sdk:$sdk_version"
runtime_image="score-exporter-stand-in/aspnet:$runtime_version"

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

if ! "$docker_cli" image inspect "$sdk_image" >/dev/null 2>&1; then
  root="$work/sdk"
  mkdir -p "$root/usr/share"
  cp -a "$dotnet_root" "$root/usr/share/dotnet"
  make_root "$root" "$root/usr/share/dotnet"
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
  mkdir -p "$root/usr/share/dotnet/shared" "$root/usr/share/dotnet/host"
  cp -a "$dotnet_root/dotnet" "$root/usr/share/dotnet/"
  cp -a "$dotnet_root/host/fxr" "$root/usr/share/dotnet/host/"
  mkdir -p "$root/usr/share/dotnet/shared/Microsoft.NETCore.App" "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$netcore_version" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$runtime_version" "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
  make_root "$root" "$root/usr/share/dotnet"
  ln -s ../share/dotnet/dotnet "$root/usr/bin/dotnet"
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
    --change "ENV DOTNET_VERSION=$netcore_version" \
    --change "ENV ASPNET_VERSION=$runtime_version" \
    --change 'USER 1654' \
    --change 'WORKDIR /' \
    - "$runtime_image" >/dev/null
  rm -rf "$root"
fi

echo "$sdk_image"
echo "$runtime_image"
