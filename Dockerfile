# Knotty as one long-running server: web chat, Twilio webhooks, and the WebSocket endpoints of the
# `realtime` and `relay` voice modes (which need a process that stays up, not a serverless function).
#
#   docker build -t knotty .
#   docker run -p 8080:8080 --env-file .env knotty
#   docker compose up --build          # with PostgreSQL and the migration step (docker-compose.yml)
#
# Configuration comes from the environment (see README: Configuration, and .env.example). With
# DATABASE_URL unset the data lives in SQLite under /data (mount a volume there), and `knotty serve`
# creates its tables. With PostgreSQL, run `knotty migrate` as the release step before the new
# version serves (fly.toml, render.yaml, docker-compose.yml do); `serve` refuses an old schema.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, from the hashed lock alone (requirements.lock, refreshed by `make lock`): a code,
# pyproject or README edit does not reinstall them, and the image gets exactly the files that were
# locked (pip refuses any whose hash differs).
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock && rm requirements.lock

COPY pyproject.toml README.md ./
COPY app ./app
COPY knotty ./knotty
COPY channels ./channels
COPY web ./web
COPY migrations ./migrations
# `pip check` stops the build when the lock no longer satisfies pyproject.toml's dependencies.
RUN pip install --no-deps . && pip check && rm -rf build

RUN useradd --create-home --uid 10001 knotty && mkdir -p /data && chown knotty /data
USER knotty

ENV KNOTTY_DATA_DIR=/data \
    PORT=8080
EXPOSE 8080

# Liveness only: a database outage must not get every container restarted (/readyz asks the database).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8080\")}/livez', timeout=4)"

# One process per container, two workers for two cores: calls in progress live on their WebSocket,
# conversation state in the database. No migration here: that is the release step's job.
CMD ["sh", "-c", "exec knotty serve --host 0.0.0.0 --port \"${PORT:-8080}\" --workers \"${WEB_CONCURRENCY:-2}\""]
