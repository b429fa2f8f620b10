# Knotty as one long-running server: web chat, Twilio webhooks, and the WebSocket endpoints of the
# `realtime` and `relay` voice modes (which need a process that stays up, not a serverless function).
#
#   docker build -t knotty .
#   docker run -p 8080:8080 --env-file .env knotty
#
# Configuration comes from the environment (see README: Configuration). With DATABASE_URL unset the
# data lives in SQLite under /data: mount a volume there, or set DATABASE_URL to PostgreSQL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p knotty channels web migrations \
    && touch knotty/__init__.py channels/__init__.py web/__init__.py migrations/__init__.py \
    && pip install . \
    && pip uninstall -y knotty \
    && rm -rf knotty channels web migrations

COPY knotty ./knotty
COPY channels ./channels
COPY web ./web
COPY migrations ./migrations
RUN pip install --no-deps . && rm -rf build

RUN useradd --create-home --uid 10001 knotty && mkdir -p /data && chown knotty /data
USER knotty

ENV KNOTTY_DATA_DIR=/data \
    PORT=8080
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8080\")}/healthz', timeout=4)"

# Bring the schema up to date (PostgreSQL or the SQLite file), then serve. One process per
# container: calls in progress live on their WebSocket, conversation state lives in the database.
CMD ["sh", "-c", "knotty migrate && exec knotty serve --host 0.0.0.0 --port \"${PORT:-8080}\" --workers \"${WEB_CONCURRENCY:-2}\""]
