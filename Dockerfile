# syntax=docker/dockerfile:1
# Multi-stage build of the operator (Quarkus fast-jar). Build and push:
#   docker build -t ghcr.io/llmgw/litellm-operator:0.1.0 . && docker push ghcr.io/llmgw/litellm-operator:0.1.0
# or scripts/build-image.sh (docker or buildah). The base images are build arguments with public defaults so
# the node tier builds the same file on locally built Debian bases (scripts/build-node-images.sh).
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
# MAVEN_ARGS is read by Maven itself (e.g. "-o" for an offline build from a mounted repository).
ARG MAVEN_ARGS=""
# Unset by default; set it to use a Maven wrapper distribution and repository mounted into the build.
ARG MAVEN_USER_HOME
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
COPY deploy/ deploy/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q package -DskipTests

FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="litellm-operator" \
      org.opencontainers.image.description="Kubernetes operator for LiteLLM proxy gateways" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/llmgw/litellm-operator" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /deployments
COPY --from=build --chown=65532:65532 /src/target/quarkus-app/lib/ lib/
COPY --from=build --chown=65532:65532 /src/target/quarkus-app/*.jar ./
COPY --from=build --chown=65532:65532 /src/target/quarkus-app/app/ app/
COPY --from=build --chown=65532:65532 /src/target/quarkus-app/quarkus/ quarkus/
USER 65532:65532
EXPOSE 8080
# JVM settings for a small container, measured by scripts/bench.sh (docs/benchmark.md): half the memory limit as heap
# (the other half holds metaspace, threads and buffers, 150-180 MiB outside the heap at 100 gateways); the serial
# collector, which the JVM itself picks under 1792 MiB or one CPU and which keeps the RSS lowest; and the C1 compiler
# only: the operator waits on the API server, and C2's compile threads were a third of its CPU while it converged
# (C1 only: 150 -> 83 ms of CPU per gateway, 3.8 -> 2.6 s to start). Exit on an OutOfMemoryError instead of running
# on with a dead informer thread. JAVA_TOOL_OPTIONS adds options; these come later on the command line and win.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", \
            "-jar", "/deployments/quarkus-run.jar"]
