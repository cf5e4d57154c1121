#!/usr/bin/env bash
# Submit a buurtsim job array and, after it, the merge job:
#
#   OUT=$PWD/results BUURTSIM=$HOME/bin/buurtsim \
#     examples/slurm/submit.sh scenarios/baseline.toml [--replications 1000 ...]
#
# Arguments go to `buurtsim run`, or to `buurtsim sweep` when the first is
# `sweep` (see buurtsim-array.sbatch). The merge job
# starts only when every array task succeeded (--dependency=afterok) and is
# cancelled if one fails (--kill-on-invalid-dep=yes). Results: $OUT/merged.
#
# Environment:
#   BUURTSIM    the buurtsim binary (default: `buurtsim` on PATH)
#   OUT         output folder (default: ./buurtsim-slurm); must not hold shards
#               of an earlier run
#   ARRAY_OPTS  extra sbatch options for the array, e.g.
#               "--array=0-15 --cpus-per-task=32 --partition=rome"
#   MERGE_OPTS  extra sbatch options for the merge job (e.g. "--wait")
# SBATCH_ACCOUNT, SBATCH_PARTITION and other SBATCH_* variables apply to both.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ "$#" -eq 0 ]; then
    echo "usage: [OUT=DIR] [BUURTSIM=PATH] $0 [sweep] SCENARIO.toml... [options]" >&2
    exit 2
fi

BUURTSIM=${BUURTSIM:-buurtsim}
OUT=${OUT:-buurtsim-slurm}
# The jobs run in the submit folder; an absolute path survives a --chdir.
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac
if compgen -G "$OUT/shard-*" >/dev/null || [ -e "$OUT/merged" ]; then
    echo "$0: $OUT already holds shards or a merged result; choose another OUT" >&2
    exit 2
fi
mkdir -p "$OUT"
export BUURTSIM OUT

# `sbatch --parsable` prints "JOBID" or "JOBID;CLUSTER".
# shellcheck disable=SC2086  # *_OPTS are word lists
array_job=$(sbatch --parsable ${ARRAY_OPTS:-} "$here/buurtsim-array.sbatch" "$@")
array_job=${array_job%%;*}
echo "submitted array job $array_job (shards to $OUT/shard-*)"

# shellcheck disable=SC2086
merge_job=$(env -u SBATCH_ARRAY_INX sbatch --parsable \
    --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
    ${MERGE_OPTS:-} "$here/buurtsim-merge.sbatch")
merge_job=${merge_job%%;*}
echo "submitted merge job $merge_job (after $array_job succeeds; result in $OUT/merged)"
