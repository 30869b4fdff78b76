#!/usr/bin/env bash
# kbench setup: everything a fresh machine needs, and fast when run again.
#   1. OS packages the native Kafka client (librdkafka) builds against, kcat (tests use it
#      as an independent Kafka client) and chromium (the browser test opens the HTML reports in
#      it, headless): installed with apt-get when possible, else listed.
#   2. npm dependencies; @confluentinc/kafka-javascript is built from source when its prebuilt
#      binary cannot be downloaded.
#   3. The TypeScript build (dist/).
#   4. The Apache Kafka broker and tools jars from Maven Central, cached outside the repo.
set -uo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }
warn() { printf 'setup: WARNING: %s\n' "$*" >&2; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

setup_start=$(date +%s)

# --- 0. Node ----------------------------------------------------------------------------------
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  warn "kbench needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))"
  exit 1
fi

# --- 1. OS packages ---------------------------------------------------------------------------
os_packages=(g++ make python3 zlib1g-dev libssl-dev libcurl4-openssl-dev libsasl2-dev libzstd-dev liblz4-dev kcat chromium)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${os_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "OS packages: all present"
  elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    step_start=$(date +%s)
    say "OS packages: installing ${missing[*]}"
    if DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
      say "OS packages: installed in $(elapsed "$step_start")"
    else
      warn "apt-get could not install ${missing[*]}; the confluent client may not build (kafkajs still works)"
    fi
  else
    warn "missing OS packages: ${missing[*]}"
    warn "install them with: sudo apt-get install ${missing[*]}"
  fi
else
  warn "not a Debian/Ubuntu system: install by hand a C/C++ toolchain, make, python3, and the development"
  warn "headers of zlib, OpenSSL, libcurl, Cyrus SASL, zstd and lz4 (for the confluent client), and kcat and chromium (for the tests)"
fi

# --- 2. npm dependencies ----------------------------------------------------------------------
# librdkafka links against the system libraries above instead of downloading their sources.
export CKJS_LINKING=dynamic
# node-gyp needs Node's C headers; Node's own package ships them under <prefix>/include/node.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
lock_hash=$( (cat package.json package-lock.json 2>/dev/null; node --version) | sha256sum | cut -d' ' -f1)
stamp=node_modules/.kbench-setup-stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  say "npm dependencies: up to date"
else
  step_start=$(date +%s)
  say "npm dependencies: installing (the confluent client builds from source: 1-2 minutes)"
  if [ -f package-lock.json ]; then npm ci --no-fund --no-audit --loglevel=error; else npm install --no-fund --no-audit --loglevel=error; fi
  status=$?
  if [ $status -ne 0 ]; then warn "npm install failed (exit $status)"; exit $status; fi
  echo "$lock_hash" > "$stamp"
  say "npm dependencies: installed in $(elapsed "$step_start")"
fi
if node -e "require('@confluentinc/kafka-javascript')" >/dev/null 2>&1; then
  say "confluent client: $(node -p "'librdkafka ' + require('@confluentinc/kafka-javascript').librdkafkaVersion")"
else
  warn "the confluent client (@confluentinc/kafka-javascript) is not usable here; scenarios can still use client: 'kafkajs'"
fi

# --- 3. Build ---------------------------------------------------------------------------------
step_start=$(date +%s)
npm run build --silent || { warn "TypeScript build failed"; exit 1; }
say "build: dist/ in $(elapsed "$step_start")"

# --- 4. Apache Kafka jars ---------------------------------------------------------------------
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  warn "Java 17+ is not installed: kbench cannot start its embedded Kafka cluster."
  warn "Install it (Debian: apt-get install openjdk-17-jre-headless maven), or run against an existing"
  warn "cluster with --brokers HOST:PORT, e.g. the Docker Compose cluster (docker compose up -d)."
elif ! command -v "${KBENCH_MVN:-mvn}" >/dev/null 2>&1; then
  warn "Maven is not installed: it is needed once to fetch the Apache Kafka jars."
  warn "Install it (Debian: apt-get install maven), or run against an existing cluster with --brokers HOST:PORT."
else
  step_start=$(date +%s)
  node bin/kbench.js cluster install || { warn "fetching the Kafka jars failed"; exit 3; }
  say "Kafka jars: ready in $(elapsed "$step_start")"
fi

say "done in $(elapsed "$setup_start")"
