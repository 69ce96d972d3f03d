# procure: build the release binary, then run it on a slim Debian with only its runtime libraries.
# Used by docker-compose.yml, which pairs it with a PostgreSQL server (DATABASE_URL).
FROM swift:6.3-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Plugins Plugins
COPY Tools Tools
COPY Sources Sources
COPY Tests Tests
COPY sql sql
RUN swift build -c release --product procure --static-swift-stdlib \
    && install -D .build/release/procure /out/procure

FROM debian:bookworm-slim
# libcurl: FoundationNetworking (the CLI's HTTP client); curl: the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/procure procure
COPY --from=build /out/procure /usr/local/bin/procure
USER procure
WORKDIR /var/lib/procure
ENV PROCURE_HOST=0.0.0.0 PROCURE_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
    CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["procure"]
CMD ["serve"]
