# syntax=docker/dockerfile:1
# Multi-stage build of the server; runs as a non-root user with the recommended production JVM flags and a
# Java 25 AOT cache (classes loaded and linked, method profiles) trained at build time: see the README,
# "Production and containers". The image carries no embedded PostgreSQL (the exec jar excludes it).
# Not built in CI (no Docker engine there); DeploymentFilesTest checks its structure, and bench/startup.sh
# runs the same extract / train / run commands against a real database.
FROM eclipse-temurin:25-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ./mvnw -B -pl server -am package -DskipTests \
    && java -Djarmode=tools -jar server/target/server-*-exec.jar extract --destination /app --application-filename app.jar

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home app
WORKDIR /app
# The extracted layout (app.jar + lib/): the AOT cache only covers classes loaded from plain jars on the class path.
COPY --from=build /app/lib /app/lib
COPY --from=build /app/app.jar /app/app.jar
# Recommended production flags (README, "Production and containers"): a fixed 256 MB heap; Serial GC (≤ 2 CPUs,
# small heap: least native overhead); bounded metaspace, code cache, thread stacks and direct memory, so the
# whole process stays under 400 MB RSS. Heap sizing by container share instead: replace -Xms/-Xmx with
# -XX:MaxRAMPercentage=50 and give the container ≥ 512 MB. Override JAVA_OPTS to change them.
# MALLOC_ARENA_MAX: glibc's per-thread malloc arenas are memory the JVM does not account for (~50 MB measured).
ENV MALLOC_ARENA_MAX=2
ENV JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError"
# AOT cache training run: the context refreshes (every singleton created), then the JVM exits and writes
# app.aot. It runs with the runtime's JVM and flags, needs no database and no secrets (default profile,
# Flyway off, no JDBC metadata at boot, an unreachable URL that nothing connects to before the exit).
RUN java $JAVA_OPTS -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -jar /app/app.jar \
      --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/aot-training --spring.flyway.enabled=false \
      --spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
      --spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.PostgreSQLDialect \
    && test -s /app/app.aot
USER 10001
ENV SPRING_PROFILES_ACTIVE=prod
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
# exec: java is PID 1 and gets SIGTERM (graceful shutdown). A stale or mismatched cache is ignored with a warning.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:AOTCache=/app/app.aot -jar /app/app.jar \"$@\"", "app"]
