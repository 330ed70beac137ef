# ScoreExporter container image.
#
#   docker build --build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD) -t score-exporter .
#   docker run --rm -p 9464:9464 --read-only score-exporter --demo
#
# The base images are build arguments so a mirror, a pinned digest or a locally made stand-in can be used.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled

FROM ${SDK_IMAGE} AS build
WORKDIR /source

# Restore on its own layer: it is rebuilt only when a project file or the central package versions change.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ScoreExporter/ScoreExporter.csproj src/ScoreExporter/
COPY src/DefenderSimulator/DefenderSimulator.csproj src/DefenderSimulator/
RUN dotnet restore src/ScoreExporter/ScoreExporter.csproj

COPY src/ src/
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
# VERSION and REVISION become the informational version "VERSION+REVISION" behind defender_exporter_build_info.
RUN dotnet publish src/ScoreExporter/ScoreExporter.csproj \
        --configuration Release --no-restore --output /app \
        -p:Version="${VERSION}" -p:SourceRevisionId="${REVISION}" -p:UseAppHost=false

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG RUNTIME_IMAGE
LABEL org.opencontainers.image.title="score-exporter" \
      org.opencontainers.image.description="Prometheus exporter for Microsoft Defender for Endpoint's Secure Score for Devices" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"

# ASPNETCORE_HTTP_PORTS replaces the base image's 8080. DOTNET_EnableDiagnostics=0 drops the diagnostics IPC
# socket the runtime would otherwise create in /tmp, so the container runs with a read-only root filesystem.
ENV ASPNETCORE_HTTP_PORTS=9464 \
    DOTNET_EnableDiagnostics=0

WORKDIR /app
COPY --from=build /app ./

# The chiseled images' non-root "app" user, numeric so Kubernetes can verify runAsNonRoot. No shell is needed.
USER 1654:1654
EXPOSE 9464
ENTRYPOINT ["dotnet", "/app/ScoreExporter.dll"]
