# ScoreExporter container image: the exporter compiled ahead of time (Native AOT) to one native executable, on a
# runtime-deps base (no .NET runtime, no shell).
#
#   docker build --build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD) -t score-exporter .
#   docker run --rm -p 9464:9464 --read-only score-exporter --demo
#
# The base images are build arguments so a mirror, a pinned digest or a locally made stand-in can be used.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

FROM ${SDK_IMAGE} AS build
# Native AOT links with clang and zlib; the official SDK image installs them, a stand-in may bring them along.
RUN command -v clang >/dev/null || (apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*)
WORKDIR /source

# Restore on its own layer: it is rebuilt only when a project file or the central package versions change.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ScoreExporter/ScoreExporter.csproj src/ScoreExporter/
COPY src/DefenderSimulator/DefenderSimulator.csproj src/DefenderSimulator/
RUN dotnet restore src/ScoreExporter/ScoreExporter.csproj --runtime linux-x64 -p:PublishAot=true

COPY src/ src/
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
# VERSION and REVISION become the informational version "VERSION+REVISION" behind defender_exporter_build_info.
# Smaller code (OptimizationPreference=Size), no stack-trace metadata (exceptions keep their messages, frames lose
# method names) and no EventSource (the image runs without diagnostics anyway): ~3 MB less memory (bench/RESULTS.md).
# The GC stays the project's Server GC with dynamic adaptation, which idles smaller than Workstation GC here.
RUN dotnet publish src/ScoreExporter/ScoreExporter.csproj \
        --configuration Release --runtime linux-x64 --no-restore --output /app \
        -p:PublishAot=true -p:OptimizationPreference=Size -p:StackTraceSupport=false -p:EventSourceSupport=false \
        -p:Version="${VERSION}" -p:SourceRevisionId="${REVISION}"

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG RUNTIME_IMAGE
LABEL org.opencontainers.image.title="score-exporter" \
      org.opencontainers.image.description="Prometheus exporter for Microsoft Defender for Endpoint's Secure Score for Devices" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"

# ASPNETCORE_HTTP_PORTS replaces the base image's 8080. DOTNET_EnableDiagnostics=0 keeps the runtime from creating
# a diagnostics IPC socket in /tmp, so the container runs with a read-only root filesystem.
ENV ASPNETCORE_HTTP_PORTS=9464 \
    DOTNET_EnableDiagnostics=0

WORKDIR /app
# The executable and its defaults; the symbols (.dbg) stay in the build stage.
COPY --from=build /app/ScoreExporter /app/appsettings.json ./

# The chiseled images' non-root "app" user, numeric so Kubernetes can verify runAsNonRoot. No shell is needed.
USER 1654:1654
EXPOSE 9464
ENTRYPOINT ["/app/ScoreExporter"]
