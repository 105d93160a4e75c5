#!/usr/bin/env bash
# Reproducible archive-scale benchmark of bantin (issue 6), alone and side by side with Hugo.
#
#   bench/bench.sh                       # 1k, 10k, 100k articles, 3 runs each
#   SIZES="10000" RUNS=5 bench/bench.sh  # one size
#
# Step 2 (bantin alone) needs only this repository (gen_archive takes its sentences from
# seeds/). Step 3 (side by side with Hugo/Zola) needs the peer scripts of the shared bench
# folder (BENCH_DIR, default ../shared/bench); without them it is skipped with a message.
#
# What it does, from the repository root:
#   1. cargo build --release (the bantin binary and the gen_archive example);
#   2. for each size N: generates a realistic archive with gen_archive (bulletins of
#      10-40 articles) in $WORK/gen-N and times `bantin build` there (full builds, output
#      in public/ moved away before each run), plus one `bantin build --verbose` run whose
#      stage timings are kept in $WORK/gen-N/verbose.log;
#   3. (optional) for each size N: runs $BENCH_DIR/run_peers.sh with BANTIN and TOOLS="bantin hugo",
#      which builds its own corpus (gen_corpus.py, 10 articles per bulletin, the same archive
#      in bantin's and Hugo's layouts) and prints the side-by-side table.
# All tables are appended to $OUT (default bench/results-<UTC date>.md).
#
# Environment (all optional):
#   SIZES ("1000 10000 100000"), RUNS (3), SEED (42), TOOLS ("bantin hugo")
#   WORK        scratch root (default /dev/shm/bantin-bench: tmpfs, so disk speed does not count)
#   BENCH_DIR   the peer scripts (default ../shared/bench relative to the repository root)
#   SKIP_GEN=1  skip step 2;  SKIP_PEERS=1  skip step 3
#   BANTIN      binary to time instead of target/release/bantin (it is still built)
#   OUT         where the tables go
#   HUGO, SKIP_INCR, SKIP_INCR_TOOLS, QUIET_WAIT, DISTURB, MAX_RETRY: passed to run_peers.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
SEED=${SEED:-42}
TOOLS=${TOOLS:-"bantin hugo"}
WORK=${WORK:-/dev/shm/bantin-bench}
BENCH_DIR=${BENCH_DIR:-$ROOT/../shared/bench}
OUT=${OUT:-$ROOT/bench/results-$(date -u +%Y-%m-%d).md}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: need GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ -z "${SKIP_PEERS:-}" ]; then
  if [ -x "$BENCH_DIR/run_peers.sh" ]; then
    BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
  else
    echo "bench: no run_peers.sh in $BENCH_DIR: the side-by-side with Hugo/Zola (step 3) is skipped;" >&2
    echo "       bantin's own benchmark (step 2) runs. Set BENCH_DIR to the shared bench folder to compare." >&2
    SKIP_PEERS=1
  fi
fi

echo "== building (release)"
cargo build --release --bin bantin --example gen_archive
BANTIN=${BANTIN:-$ROOT/target/release/bantin}
GEN=$ROOT/target/release/examples/gen_archive
mkdir -p "$WORK" "$(dirname "$OUT")"

# gen_corpus.py looks for seed texts in <bench dir>/../shared/seeds (os.path.normpath, so
# lexically). When the bench folder does not sit where that resolves (as in /work/shared/bench,
# whose seeds are in /work/shared/seeds), run the scripts through a staging folder of
# symlinks: <stage>/bench -> BENCH_DIR, <stage>/shared/seeds -> the seeds.
PEERS=$BENCH_DIR/run_peers.sh
if [ -z "${SKIP_PEERS:-}" ] && [ ! -d "$BENCH_DIR/../shared/seeds" ]; then
  SEEDS_DIR=$BENCH_DIR/../seeds
  [ -d "$SEEDS_DIR" ] || SEEDS_DIR=$ROOT/seeds
  STAGE=$WORK/.scripts
  mkdir -p "$STAGE/shared"
  ln -sfn "$BENCH_DIR" "$STAGE/bench"
  ln -sfn "$(cd "$SEEDS_DIR" && pwd)" "$STAGE/shared/seeds"
  PEERS=$STAGE/bench/run_peers.sh
fi

{
  echo "# bantin benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- commit: \`$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+dirty')\`, $("$BANTIN" --version 2>&1 | sed -n 1p)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr)"
  echo
} >>"$OUT"

# wall_rss DIR CMD... : run CMD in DIR under GNU time; prints "wall_s maxrss_kb"
wall_rss() {
  local dir=$1 tf; shift
  tf=$(mktemp)
  if ! (cd "$dir" && "$TIME" -v -o "$tf" "$@" >"$dir/.last.log" 2>&1); then
    echo "bench: FAILED in $dir: $*" >&2; tail -20 "$dir/.last.log" >&2; rm -f "$tf"; return 1
  fi
  local rc=0
  python3 - "$tf" <<'PY' || rc=$?
import re, sys
t = open(sys.argv[1]).read()
w = [float(x) for x in re.search(r"Elapsed \(wall clock\) time.*?: (.*)", t).group(1).split(":")]
sec = w[-1] + 60 * w[-2] + (3600 * w[-3] if len(w) == 3 else 0)
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)
print(f"{sec:.3f} {rss}")
PY
  rm -f "$tf"
  return $rc
}

# ---- 2. bantin alone on gen_archive archives -------------------------------------
if [ -z "${SKIP_GEN:-}" ]; then
  echo "## bantin on gen_archive archives (bulletins of 10-40 articles, seed $SEED)" >>"$OUT"
  echo >>"$OUT"
  if [ -z "${SKIP_PEERS:-}" ]; then
    echo "Not checked for disturbance by other load (run_peers.sh's tables below are)." >>"$OUT"
  else
    echo "Not checked for disturbance by other load." >>"$OUT"
  fi
  echo >>"$OUT"
  echo "| articles | generate s | source MB | build wall s (median) | min | max | peak RSS MiB | output files | output MB |" >>"$OUT"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" >>"$OUT"
  for n in $SIZES; do
    dir=$WORK/gen-$n
    echo "== gen_archive $n -> $dir"
    mkdir -p "$dir"
    rm -rf "$dir/public" "$dir/.trash"
    gen_out=$("$GEN" --articles "$n" --seed "$SEED" --force "$dir")
    echo "   $gen_out"
    gen_s=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$gen_out")
    src_mb=$(find "$dir/content" -type f -printf '%s\n' | awk '{s+=$1} END{printf "%.1f", s/1e6}')
    walls=() rss_max=0
    for r in $(seq "$RUNS"); do
      # a rename, not a delete, right before a timed run: deleting 100k files on tmpfs
      # would load the machine while the next build is timed
      [ -e "$dir/public" ] && mkdir -p "$dir/.trash" && mv "$dir/public" "$(mktemp -d "$dir/.trash/XXXXXX")/"
      res=$(wall_rss "$dir" "$BANTIN" build)
      read -r wall rss <<<"$res"
      echo "   bantin build #$r: wall ${wall}s, peak RSS $((rss / 1024)) MiB"
      walls+=("$wall")
      [ "$rss" -gt "$rss_max" ] && rss_max=$rss
      rm -rf "$dir/.trash"
    done
    [ -d "$dir/public" ] || { echo "bench: $BANTIN build wrote no $dir/public/" >&2; exit 1; }
    files=$(find "$dir/public" -type f | wc -l)
    out_mb=$(find "$dir/public" -type f -printf '%s\n' | awk '{s+=$1} END{printf "%.1f", s/1e6}')
    read -r med min max < <(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{printf "%.2f %.2f %.2f\n", a[int((NR+1)/2)], a[1], a[NR]}')
    echo "| $n | $gen_s | $src_mb | $med | $min | $max | $((rss_max / 1024)) | $files | $out_mb |" >>"$OUT"
    # stage timings (not timed by us): one verbose build on top of the last output
    (cd "$dir" && "$BANTIN" build --verbose >"$dir/verbose.log" 2>&1) ||
      echo "   (bantin build --verbose failed; see $dir/verbose.log)"
  done
  echo >>"$OUT"
  for n in $SIZES; do
    [ -s "$WORK/gen-$n/verbose.log" ] || continue
    { echo "\`bantin build --verbose\` at $n articles:"; echo; echo '```'; cat "$WORK/gen-$n/verbose.log"; echo '```'; echo; } >>"$OUT"
  done
fi

# ---- 3. side by side with the peers ---------------------------------------------
if [ -z "${SKIP_PEERS:-}" ]; then
  echo "## side by side (run_peers.sh of the shared bench folder; gen_corpus.py archive, 10 articles per bulletin)" >>"$OUT"
  echo >>"$OUT"
  for n in $SIZES; do
    echo "== run_peers.sh $n $RUNS (TOOLS=$TOOLS)"
    BANTIN=$BANTIN TOOLS=$TOOLS WORK=$WORK SEED=$SEED "$PEERS" "$n" "$RUNS"
    cat "$WORK/$n/results.md" >>"$OUT"
    echo >>"$OUT"
  done
fi
echo "== results: $OUT"
