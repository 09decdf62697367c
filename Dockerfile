# Puente as a container: python:3.11-slim, installed with the exact pins of constraints.txt,
# run as an unprivileged user. Builds from PyPI (or the index named by PIP_INDEX_URL, e.g. a
# local mirror, for an offline build: `docker build --build-arg PIP_INDEX_URL=... .`).
#
#   docker build -t puente .
#   docker run --rm -p 8000:8000 \
#     -v /path/to/shared/data:/data/mirror:ro -v puente-db:/data/db puente
#
# Mounts: /data/mirror (read-only: the publishers' files laid out like shared/data, read
# through PUENTE_MIRROR) and /data/db (the DuckDB database file, PUENTE_DB).
FROM python:3.11-slim

ARG PIP_INDEX_URL=https://pypi.org/simple
ENV PIP_INDEX_URL=${PIP_INDEX_URL} \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY src ./src
RUN pip install -c constraints.txt . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin puente \
    && mkdir -p /data/db /data/mirror \
    && chown -R puente:puente /data/db

ENV PUENTE_DB=/data/db/puente.duckdb \
    PUENTE_MIRROR=/data/mirror \
    PUENTE_HOST=0.0.0.0 \
    PUENTE_PORT=8000

USER puente
VOLUME ["/data/db"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["puente", "serve"]
