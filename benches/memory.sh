#!/usr/bin/env bash
# Time and peak memory per resident of one replication of the baseline at
# several sizes (issue 21; README, "Performance"): runs the `region` example
# BEST times per size on one thread and prints, per size, the fastest run's
# seconds, nanoseconds per event and peak resident memory per resident.
#
#   benches/memory.sh                 # 12,000 and 120,000 residents, best of 3
#   SIZES="12000 120000 1000000" BEST=1 benches/memory.sh
#
# Peak memory is the process's VmHWM (Linux) less its size before the run,
# divided by the residents at the start; it includes the event queue, the
# carers and every resident who moved in during the run.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"12000 120000"}
BEST=${BEST:-3}
cargo build --release --quiet --example region
bin=${CARGO_TARGET_DIR:-target}/release/examples/region
printf '%10s %10s %12s %12s %14s\n' residents seconds ns/event peak_MiB bytes/resident
for n in $SIZES; do
    best=""
    for _ in $(seq "$BEST"); do
        line=$("$bin" --residents "$n")
        s=$(sed 's/.*seconds \([0-9.]*\).*/\1/' <<<"$line")
        if [[ -z $best ]] || awk -v a="$s" -v b="$(sed 's/.*seconds \([0-9.]*\).*/\1/' <<<"$best")" 'BEGIN{exit !(a<b)}'; then
            best=$line
        fi
    done
    awk '{for(i=1;i<NF;i++) v[$i]=$(i+1); printf "%10s %10s %12s %12s %14s\n", v["residents"], v["seconds"], v["ns_per_event"], v["peak_rss_mib"], v["bytes_per_resident"]}' <<<"$best"
done
