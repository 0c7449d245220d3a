#!/usr/bin/env bash
# Measures trailint against the parse-only floor on a generated tree:
# wall and CPU time, throughput and peak memory, side by side in one run.
#
#   bench/run.sh [ROOTS] [TEMPLATES]      # default 1000 1000
#   TRAILINT=/path/to/trailint bench/run.sh   # measure another build
#   TFSEC=/path/to/tfsec TRIVY=/path/to/trivy bench/run.sh
#                                             # and peers, side by side
#
# Needs Go and GNU time (/usr/bin/time; Debian package "time").
set -euo pipefail

roots=${1:-1000}
templates=${2:-1000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
	echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2
	exit 2
fi

cd "$repo"
if [ -n "${TRAILINT:-}" ]; then
	cp "$TRAILINT" "$work/trailint"
else
	go build -o "$work/trailint" ./cmd/trailint
fi
go build -o "$work/parsefloor" ./bench/parsefloor
go run ./bench/gentree -roots "$roots" -templates "$templates" -want "$work/want.txt" "$work/tree"
# A tree twice the size, to check that time grows at most linearly and
# memory less than that.
go run ./bench/gentree -roots "$((roots * 2))" -templates "$((templates * 2))" "$work/double" >/dev/null

tree=$work/tree
small=terraform/g00/r0000

# bytes and files of a path of the tree
size() { find "$tree/$1" -type f \( -name '*.tf' -o -name '*.yaml' -o -name '*.json' \) -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}'; }

# measure NAME PATH COMMAND...: runs COMMAND in the tree, records wall
# seconds, CPU seconds and peak RSS in KB.
measure() {
	local name=$1 path=$2
	shift 2
	(cd "${in:-$tree}" && /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err") || true
	read -r wall user sys rss <"$work/$name.time"
	read -r files bytes < <(tree=${in:-$tree} size "$path")
	printf '%s %s %s %s %s %s %s\n' "$name" "$path" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$rss" "$files" "$bytes" >>"$work/results"
}

: >"$work/results"
measure floor . "$work/parsefloor" .
measure whole . "$work/trailint" --fail-on never .
measure floor-tf terraform "$work/parsefloor" terraform
measure tf terraform "$work/trailint" --fail-on never terraform
measure floor-cfn cloudformation "$work/parsefloor" cloudformation
measure cfn cloudformation "$work/trailint" --fail-on never cloudformation
measure small "$small" "$work/trailint" --fail-on never "$small"
in=$work/double measure floor-double . "$work/parsefloor" .
in=$work/double measure double . "$work/trailint" --fail-on never .
# Peers, when given: the same halves, in the same run.
if [ -n "${TFSEC:-}" ]; then
	measure tfsec-tf terraform "$TFSEC" --soft-fail -f json terraform
	measure tfsec-small "$small" "$TFSEC" --soft-fail -f json "$small"
fi
if [ -n "${TRIVY:-}" ]; then
	measure trivy-tf terraform "$TRIVY" config --skip-check-update -q -f json terraform
	measure trivy-cfn cloudformation "$TRIVY" config --skip-check-update -q -f json cloudformation
	measure trivy-small "$small" "$TRIVY" config --skip-check-update -q -f json "$small"
fi

# The whole-tree findings must be exactly the trails without a key.
grep -E '^[^ ].*: error TL001' "$work/whole.out" | sed -E 's/: error (TL[0-9]+).*/: \1/' | sort >"$work/got.txt"
sort "$work/want.txt" >"$work/want.sorted"
if ! diff -q "$work/want.sorted" "$work/got.txt" >/dev/null; then
	echo "bench: findings differ from the generator's" >&2
	diff "$work/want.sorted" "$work/got.txt" | head >&2
fi
if grep -qE ': (error|warning|note) TL0(0[2-9]|[1-9][0-9])' "$work/whole.out"; then
	echo "bench: findings other than TL001 on the generated tree" >&2
fi
echo "tree: $roots Terraform roots, $templates templates; $(wc -l <"$work/want.txt") trails without a key, $(wc -l <"$work/got.txt") reported"
echo

awk '
{ name[NR]=$1; path[NR]=$2; wall[$1]=$3; cpu[$1]=$4; rss[$1]=$5; files[$1]=$6; bytes[$1]=$7; n=NR }
END {
	printf "%-10s %-22s %6s %8s %7s %9s %8s %7s %9s %9s\n", "run", "path", "files", "MB", "wall s", "cpu s", "files/s", "MB/s", "peak MB", "vs floor"
	for (i = 1; i <= n; i++) {
		k = name[i]; mb = bytes[k] / 1e6
		w = wall[k] > 0 ? wall[k] : 0.01
		floor = (k == "whole") ? "floor" : (k == "tf") ? "floor-tf" : (k == "cfn") ? "floor-cfn" : ""
		ratio = ""
		if (floor != "") ratio = sprintf("%.2fx wall, %.2fx cpu, %.1fx mem", w / (wall[floor] > 0 ? wall[floor] : 0.01), cpu[k] / (cpu[floor] > 0 ? cpu[floor] : 0.01), rss[k] / rss[floor])
		peer = (k ~ /-tf$/) ? "tf" : (k ~ /-cfn$/) ? "cfn" : (k ~ /-small$/) ? "small" : ""
		if (k ~ /^(tfsec|trivy)-/ && peer != "") ratio = sprintf("trailint is %.0fx faster, %.0fx less memory", w / (wall[peer] > 0 ? wall[peer] : 0.01), rss[k] / rss[peer])
		if (k == "double") ratio = sprintf("%.2fx wall, %.2fx cpu, %.2fx mem of whole (the floor: %.2fx wall, %.2fx cpu)", w / (wall["whole"] > 0 ? wall["whole"] : 0.01), cpu[k] / (cpu["whole"] > 0 ? cpu["whole"] : 0.01), rss[k] / rss["whole"], wall["floor-double"] / (wall["floor"] > 0 ? wall["floor"] : 0.01), cpu["floor-double"] / (cpu["floor"] > 0 ? cpu["floor"] : 0.01))
		printf "%-10s %-22s %6d %8.2f %7.2f %9.2f %8.0f %7.2f %9.1f   %s\n", k, path[i], files[k], mb, wall[k], cpu[k], files[k] / w, mb / w, rss[k] / 1024, ratio
	}
}' "$work/results"
