# syntax=docker/dockerfile:1
# Payrail's container image (docs/packaging.md): built from this repository, run as a non-root user on a read-only
# root filesystem, sized from the container's memory limit, its health checked on the actuator. It runs against an
# external PostgreSQL (PAYRAIL_DB_URL); the embedded one is for ./payrail on a laptop, not for containers.
#
#   docker build -t payrail .
#   docker run --read-only --tmpfs /tmp -e PAYRAIL_DB_URL=... -e PAYRAIL_ADMIN_TOKEN=... -p 8080:8080 payrail

# --- build: the server's jar, tests not compiled (CI runs them) ---
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY payrail-core/ payrail-core/
COPY payrail-provider-sim/ payrail-provider-sim/
COPY payrail-server/ payrail-server/
COPY payrail-bench/pom.xml payrail-bench/pom.xml
RUN ./mvnw -B -q -Dmaven.test.skip=true package -pl payrail-server -am \
    && cp payrail-server/target/payrail-server.jar /src/payrail.jar

# --- run: a JRE and the jar, nothing else ---
FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system --gid 10001 payrail \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin payrail
COPY --from=build --chown=root:root --chmod=0444 /src/payrail.jar /opt/payrail/payrail.jar
# production mode refuses a generated or well-known admin token and the demo merchant; logs are JSON lines on stdout;
# the only writable place is /tmp (mount a tmpfs): the JVM's and Tomcat's temporary files, settlement uploads
ENV PAYRAIL_MODE=production \
    PAYRAIL_DEMO=false \
    PAYRAIL_LOG_FORMAT=json \
    PAYRAIL_PORT=8080 \
    PAYRAIL_STRIPE_PORT=8081 \
    PAYRAIL_DATA_DIR=/tmp/payrail \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 10001:10001
WORKDIR /tmp
EXPOSE 8080 8081
# `healthcheck` asks this container's own readiness endpoint (no curl in the image): ready means the database answers
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", "/opt/payrail/payrail.jar", "healthcheck"]
ENTRYPOINT ["java", "-jar", "/opt/payrail/payrail.jar"]
