# The step driver of interop's scripts (generate.sh, smoke.sh, signers/check.sh), sourced.
#
#   ALL=(a b-c)            # every step, in order; step b-c runs the function PREFIXb_c
#   run_steps LABEL PREFIX "$@"
#
# Runs the steps named in the arguments (all of ALL when none is), each in a subshell under
# `set -euo pipefail` so that one failing does not stop the others, prints each step's
# outcome and time, and returns 1 naming the failed ones. An unknown step name exits 2
# before any step runs.
run_steps() {
  local label=$1 prefix=$2
  shift 2
  local steps=("$@")
  [ ${#steps[@]} -gt 0 ] || steps=("${ALL[@]}")
  local s fn
  for s in "${steps[@]}"; do
    fn="$prefix${s//-/_}"
    declare -F "$fn" >/dev/null || { echo "unknown step $s (steps: ${ALL[*]})" >&2; exit 2; }
  done
  local failed=() started rc
  for s in "${steps[@]}"; do
    fn="$prefix${s//-/_}"
    printf '\n=== %s: %s ===\n' "$label" "$s"
    started=$SECONDS
    set +e
    ( set -euo pipefail; "$fn" )
    rc=$?
    set -e
    if [ $rc -eq 0 ]; then
      printf '=== %s: %s: ok (%ss) ===\n' "$label" "$s" $((SECONDS - started))
    else
      printf '=== %s: %s: FAILED (exit %s, %ss) ===\n' "$label" "$s" $rc $((SECONDS - started))
      failed+=("$s")
    fi
  done
  if [ ${#failed[@]} -gt 0 ]; then
    printf '\n%s: FAILED: %s\n' "$label" "${failed[*]}"
    return 1
  fi
  printf '\n%s: all passed (%s)\n' "$label" "${steps[*]}"
}
