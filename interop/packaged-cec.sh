# What the scripts that run the packaged `cec` share (sourced): a PATH with no Rust
# toolchain on it, and starting `cec simulate` on a free port the way docs/other-languages.md
# tells a user to (its printed `export` line sets the CEC_* variables).
#
#   PATH="$(path_without_rust)"           # fails if cargo/rustc/rustup stay reachable
#   start_simulator LOG CMD...            # runs CMD (e.g. cec simulate --port 0) in the
#                                         # background, output to LOG, until it prints its
#                                         # `export` line; exports those CEC_* variables and
#                                         # sets SIM_PID and SIM_URL
#   stop_simulator                        # stops the simulator started last (SIGINT: it prints
#                                         # how many requests it answered) and waits for it

# PATH without the folders that hold cargo, rustc or rustup.
path_without_rust() {
  local kept=() dir
  local IFS=:
  for dir in $PATH; do
    [ -n "$dir" ] || continue
    if [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || [ -e "$dir/rustup" ]; then
      continue
    fi
    kept+=("$dir")
  done
  local result="${kept[*]}"
  if PATH="$result" command -v cargo >/dev/null 2>&1 || PATH="$result" command -v rustc >/dev/null 2>&1; then
    echo "path_without_rust: cargo or rustc is still on PATH" >&2
    return 1
  fi
  printf '%s\n' "$result"
}

start_simulator() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  SIM_PID=$!
  local line="" _
  for _ in $(seq 1 300); do
    line="$(grep -m 1 'export CEC_' "$log" || true)"
    [ -n "$line" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || { cat "$log" >&2; echo "the simulator exited" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$line" ] || { cat "$log" >&2; echo "the simulator did not start" >&2; return 1; }
  eval "$line"
  SIM_URL="$CEC_ISALES_URL"
  echo "simulator ($*) at $SIM_URL, pid $SIM_PID"
}

stop_simulator() {
  [ -n "${SIM_PID:-}" ] || return 0
  kill -INT "$SIM_PID" 2>/dev/null || true
  wait "$SIM_PID" 2>/dev/null || true
  SIM_PID=""
}
