# Sourced by the scripts: puts the project's tools first on PATH.
# binaryen from npm must come before Debian's /usr/bin/wasm-opt (too old for Rust 1.95 output).
_doorstep_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$_doorstep_root/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
