# syntax=docker/dockerfile:1
# Multi-stage build of the server; runs as a non-root user with the recommended production JVM flags and a
# Java 25 AOT cache (classes loaded and linked, method profiles) trained at build time against a throwaway
# database: see the README, "Production and containers". The image carries no PostgreSQL of any kind (the exec jar
# excludes the embedded one; the training database lives only in the train stage).
# Not built in CI (no Docker engine there); DeploymentFilesTest checks its structure, and bench/startup.sh
# runs the same extract / train / run commands against a real database.
FROM eclipse-temurin:25-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Spring AOT (-Pspring-aot): bean definitions generated at build time for the prod profile. Settings that decide
# which beans exist are fixed here and checked at start (README "Spring AOT"); to build with, e.g., span export:
#   docker build --build-arg AOT_SETTINGS="-Dmanagement.opentelemetry.tracing.export.otlp.endpoint=http://collector:4318/v1/traces" .
ARG AOT_SETTINGS=""
RUN ./mvnw -B -pl server -am package -DskipTests -Pspring-aot ${AOT_SETTINGS:+"-Dspring-boot.aot.jvmArguments=$AOT_SETTINGS"} \
    && java -Djarmode=tools -jar server/target/server-*-exec.jar extract --destination /app --application-filename app.jar

# AOT cache training (deploy/aot-train.sh): on the runtime stage's JVM, against a throwaway PostgreSQL that exists
# only in this stage. A first run migrates it (-Dspring.context.exit=onRefresh: the context refreshes, Flyway migrates,
# the JVM exits); the training run then starts as production does (schema migrated: Flyway only validates), answers a
# few requests and is stopped, and the JVM writes app.aot. The training run is in Spring AOT mode, as production:
# its code is generated for the prod profile, so it gets the prod profile and throwaway secrets (generated here, used
# by that run only; the cache holds classes, their linkage and method profiles).
FROM eclipse-temurin:25-jre AS train
RUN apt-get update && apt-get install -y --no-install-recommends curl openssl postgresql && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/lib /app/lib
COPY --from=build /app/app.jar /app/app.jar
COPY deploy/aot-train.sh /usr/local/bin/aot-train.sh
# Keep in sync with the runtime stage's JAVA_OPTS: a cache is only used by a JVM started with compatible flags.
ENV MALLOC_ARENA_MAX=2
ENV JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:MaxDirectMemorySize=64m -XX:FlightRecorderOptions=memorysize=1m -XX:+ExitOnOutOfMemoryError -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
RUN set -e; pgbin=$(ls -d /usr/lib/postgresql/*/bin); mkdir -p /tmp/pg && chown postgres /tmp/pg \
    && su postgres -c "$pgbin/initdb -D /tmp/pg/data -A trust -U postgres >/dev/null" \
    && su postgres -c "$pgbin/pg_ctl -D /tmp/pg/data -o '-c listen_addresses=127.0.0.1 -p 5432 -k /tmp/pg' -w start >/dev/null" \
    && java $JAVA_OPTS -Dspring.context.exit=onRefresh -jar /app/app.jar \
         --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/postgres --spring.datasource.username=postgres >/tmp/pg/migrate.log \
    && SPRING_PROFILES_ACTIVE=prod MARKETPLACE_AUTH_ISSUER=http://127.0.0.1 \
       MARKETPLACE_AUTH_SIGNING_KEY="$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null)" \
       MARKETPLACE_PAYMENTS_WEBHOOK_SECRET="whsec_$(openssl rand -hex 24)" MARKETPLACE_WEBHOOKS_SECRET_KEY="$(openssl rand -base64 32)" \
       aot-train.sh /app jdbc:postgresql://127.0.0.1:5432/postgres postgres $JAVA_OPTS -Dspring.aot.enabled=true \
    && su postgres -c "$pgbin/pg_ctl -D /tmp/pg/data -m fast -w stop >/dev/null" \
    && rm -f /app/train.log && test -s /app/app.aot

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home app
WORKDIR /app
# The extracted layout (app.jar + lib/): the AOT cache only covers classes loaded from plain jars on the class path.
COPY --from=build /app/lib /app/lib
COPY --from=build /app/app.jar /app/app.jar
# Recommended production flags (README, "Production and containers"): a fixed 256 MB heap; Serial GC (≤ 2 CPUs,
# small heap: least native overhead); bounded metaspace, code cache, thread stacks and direct memory, so the
# process's memory is bounded (measured RSS: README "Benchmarks"). Heap sizing by container share instead: replace -Xms/-Xmx with
# -XX:MaxRAMPercentage=50 and give the container ≥ 512 MB. Override JAVA_OPTS to change them.
# MALLOC_ARENA_MAX: glibc's per-thread malloc arenas are memory the JVM does not account for (~50 MB measured).
ENV MALLOC_ARENA_MAX=2
ENV JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:MaxDirectMemorySize=64m -XX:FlightRecorderOptions=memorysize=1m -XX:+ExitOnOutOfMemoryError -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
# The AOT cache trained in the stage above, for exactly these jars (same files, same JVM, same flags).
COPY --from=train /app/app.aot /app/app.aot
USER 10001
ENV SPRING_PROFILES_ACTIVE=prod
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
# exec: java is PID 1 and gets SIGTERM (graceful shutdown). A stale or mismatched cache is ignored with a warning.
# Spring AOT mode (the generated bean definitions); SPRING_AOT_OPTS="" starts without it, e.g. to use a setting the
# image was not built with (the start refuses such a setting in Spring AOT mode, naming it).
ENV SPRING_AOT_OPTS="-Dspring.aot.enabled=true"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $SPRING_AOT_OPTS -XX:AOTCache=/app/app.aot -jar /app/app.jar \"$@\"", "app"]
