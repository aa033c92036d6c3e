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
# Half the container's memory limit as heap (the JVM's default is a quarter): docs/benchmark.md measured at most
# 64 MiB of live heap at 100 gateways but 150-180 MiB outside the heap (metaspace, threads, buffers), which the other
# half must hold. Exit on an OutOfMemoryError instead of running on with a dead informer thread.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-jar", "/deployments/quarkus-run.jar"]
