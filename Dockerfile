# Guildhall as a container image: built with Maven, run by a JRE as a user without privileges.
#   docker build -t guildhall .
#   docker run -p 8080:8080 -v guildhall-data:/var/lib/guildhall guildhall      # SQLite in the volume
# PostgreSQL and nginx beside it: compose.yaml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so a change of code does not download them again.
COPY pom.xml .
RUN mvn -B -q -ntp dependency:go-offline
COPY openapi.yaml ./
COPY verticles verticles
COPY schema schema
COPY webroot webroot
COPY conf conf
RUN mvn -B -q -ntp package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/guildhall --shell /usr/sbin/nologin guildhall \
  && mkdir -p /opt/guildhall /var/lib/guildhall && chown guildhall:guildhall /var/lib/guildhall
COPY --from=build /src/target/guildhall.jar /opt/guildhall/guildhall.jar
# The class-data archive comes from this image's own JVM, made once at build time (see bin/class-data).
RUN cd /tmp && java -XX:ArchiveClassesAtExit=/opt/guildhall/guildhall.jsa -XX:+UseG1GC -Xss512k \
      -jar /opt/guildhall/guildhall.jar --train-cds >/dev/null 2>&1 || true; rm -rf /tmp/*
USER guildhall
WORKDIR /var/lib/guildhall
VOLUME /var/lib/guildhall
EXPOSE 8080 9090
ENV GUILDHALL_PORT=8080
# The admin listener (/metrics) on the container's own interface, so that a scraper on its network reaches
# it; the container's loopback would hide it from everyone. Publish 9090 only to where Prometheus runs.
ENV GUILDHALL_ADMIN_HOST=0.0.0.0
HEALTHCHECK --interval=10s --timeout=3s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/${GUILDHALL_PORT} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q 200 <&3"]
# exec form: the JVM is PID 1 and gets SIGTERM itself (shutdown hooks end streams, drain the store).
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/guildhall/guildhall.jsa", "-Xshare:auto", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Xmx1g", \
  "-Xss512k", "-Djava.net.preferIPv4Stack=true", "-jar", "/opt/guildhall/guildhall.jar"]
