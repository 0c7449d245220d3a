#!/usr/bin/env bash
# Measures trailint against the parse-only floor on two generated trees,
# side by side in one run: wall and CPU time, throughput and peak memory.
#
#   - the baseline tree: an account security baseline, a root that calls a
#     dozen unrelated modules in each of 17 regions (count and for_each over
#     values only a plan knows) and four example roots that call it, with
#     one trail; and one changed file of it named alone (pre-commit);
#   - the roots-and-templates tree: ROOTS Terraform roots, each with a
#     local module, and TEMPLATES CloudFormation templates; its halves, one
#     root directory and a tree twice the size.
#
#   bench/run.sh [ROOTS] [TEMPLATES]      # default 1000 1000
#   TRAILINT=/path/to/trailint bench/run.sh   # measure another build
#   TFSEC=/path/to/tfsec TRIVY=/path/to/trivy bench/run.sh
#                                             # and peers, side by side
#   REPEAT=N bench/run.sh                     # runs per small case (20)
#
# Needs Go and GNU time (/usr/bin/time; Debian package "time").
set -euo pipefail

roots=${1:-1000}
templates=${2:-1000}
repeat=${REPEAT:-20}
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
go run ./bench/gentree -baseline -want "$work/baseline-want.txt" "$work/baseline"
go run ./bench/gentree -roots "$roots" -templates "$templates" -want "$work/want.txt" "$work/tree"
# A tree twice the size, to check that time grows at most linearly and
# memory less than that.
go run ./bench/gentree -roots "$((roots * 2))" -templates "$((templates * 2))" "$work/double" >/dev/null

baseline=$work/baseline
tree=$work/tree
small=terraform/g00/r0000
trailfile=modules/cloudtrail/main.tf
otherfile=modules/guardduty/main.tf

# A small case takes a few milliseconds, below what time can tell apart:
# it is run REPEAT times and the mean is kept.
cat >"$work/repeat" <<'EOF'
#!/bin/sh
n=$1
shift
while [ "$n" -gt 1 ]; do
	"$@" >/dev/null 2>&1
	n=$((n - 1))
done
exec "$@"
EOF
chmod +x "$work/repeat"

# bytes and files of PATH under DIR
size() { find "$1/$2" -type f \( -name '*.tf' -o -name '*.yaml' -o -name '*.json' \) -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}'; }

# measure NAME REF DIR PATH COMMAND...: runs COMMAND in DIR and records
# wall seconds, CPU seconds and peak RSS in KB, to be compared with the
# row REF ("-" for none). With runs=N set, COMMAND is run N times and
# the times are the mean of one run.
measure() {
	local name=$1 ref=$2 dir=$3 path=$4 n=${runs:-1}
	shift 4
	(cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$work/repeat" "$n" "$@" >"$work/$name.out" 2>"$work/$name.err") || true
	read -r wall user sys rss <"$work/$name.time"
	read -r files bytes < <(size "$dir" "$path")
	printf '%s %s %s %s %s %s %s %s %s\n' "$name" "$path" \
		"$(awk -v w="$wall" -v n="$n" 'BEGIN {print w / n}')" \
		"$(awk -v u="$user" -v s="$sys" -v n="$n" 'BEGIN {print (u + s) / n}')" \
		"$rss" "$files" "$bytes" "$ref" "$n" >>"$work/results"
}

: >"$work/results"
# The baseline tree.
measure floor-bl - "$baseline" . "$work/parsefloor" .
measure baseline floor-bl "$baseline" . "$work/trailint" --fail-on never .
runs=$repeat measure bl-trail - "$baseline" "$trailfile" "$work/trailint" --fail-on never "$trailfile"
runs=$repeat measure bl-other - "$baseline" "$otherfile" "$work/trailint" --fail-on never "$otherfile"
# The roots-and-templates tree.
measure floor - "$tree" . "$work/parsefloor" .
measure whole floor "$tree" . "$work/trailint" --fail-on never .
measure floor-tf - "$tree" terraform "$work/parsefloor" terraform
measure tf floor-tf "$tree" terraform "$work/trailint" --fail-on never terraform
measure floor-cfn - "$tree" cloudformation "$work/parsefloor" cloudformation
measure cfn floor-cfn "$tree" cloudformation "$work/trailint" --fail-on never cloudformation
runs=$repeat measure small - "$tree" "$small" "$work/trailint" --fail-on never "$small"
measure floor-double - "$work/double" . "$work/parsefloor" .
measure double whole "$work/double" . "$work/trailint" --fail-on never .
# Peers, when given: the same trees, in the same run.
if [ -n "${TFSEC:-}" ]; then
	measure tfsec-bl baseline "$baseline" . "$TFSEC" --soft-fail -f json .
	measure tfsec-tf tf "$tree" terraform "$TFSEC" --soft-fail -f json terraform
	runs=$repeat measure tfsec-small small "$tree" "$small" "$TFSEC" --soft-fail -f json "$small"
fi
if [ -n "${TRIVY:-}" ]; then
	measure trivy-bl baseline "$baseline" . "$TRIVY" config --skip-check-update -q -f json .
	measure trivy-tf tf "$tree" terraform "$TRIVY" config --skip-check-update -q -f json terraform
	measure trivy-cfn cfn "$tree" cloudformation "$TRIVY" config --skip-check-update -q -f json cloudformation
	runs=$repeat measure trivy-small small "$tree" "$small" "$TRIVY" config --skip-check-update -q -f json "$small"
fi

# findings OUT: the findings of a text report, as "file:line:col: RULE".
findings() { grep -E '^[^ ].*: (error|warning|note) TL[0-9]+: ' "$1" | sed -E 's/: (error|warning|note) (TL[0-9]+): .*/: \2/' || true; }
# problems OUT: how many diagnostics that are not findings a report shows.
problems() { grep -cE '^[^ ].*: (error|warning|note): ' "$1" || true; }

# Each tree's findings must be exactly the generator's: a defect reported
# twice differs too.
findings "$work/baseline.out" | sort >"$work/baseline-got.txt"
sort -u "$work/baseline-got.txt" >"$work/baseline-distinct.txt"
sort "$work/baseline-want.txt" >"$work/baseline-want.sorted"
if ! diff -q "$work/baseline-want.sorted" "$work/baseline-got.txt" >/dev/null; then
	echo "bench: findings on the baseline tree differ from the generator's" >&2
	diff "$work/baseline-want.sorted" "$work/baseline-got.txt" | head >&2
fi
findings "$work/whole.out" | grep ': TL001$' | sort >"$work/got.txt" || true
sort "$work/want.txt" >"$work/want.sorted"
if ! diff -q "$work/want.sorted" "$work/got.txt" >/dev/null; then
	echo "bench: findings differ from the generator's" >&2
	diff "$work/want.sorted" "$work/got.txt" | head >&2
fi
if findings "$work/whole.out" | grep -qv ': TL001$'; then
	echo "bench: findings other than TL001 on the generated tree" >&2
fi
echo "baseline tree: $(find "$baseline" -name '*.tf' | wc -l) Terraform files, 17 regions, 4 examples;" \
	"$(wc -l <"$work/baseline-want.txt") defects, $(wc -l <"$work/baseline-distinct.txt") reported" \
	"($(wc -l <"$work/baseline-got.txt") findings), and $(problems "$work/baseline.out") other diagnostics (the aim: none)"
echo "pre-commit: $trailfile alone reports $(findings "$work/bl-trail.out" | sort -u | wc -l) of the defects;" \
	"$otherfile alone, $(findings "$work/bl-other.out" | wc -l) findings and $(problems "$work/bl-other.out") other diagnostics"
# What the peers say about the baseline trail's encryption: its defects
# are a trail without a key and a key CloudTrail cannot use.
if [ -n "${TFSEC:-}" ]; then
	echo "tfsec on the baseline tree: $(grep -c '"long_id": "aws-cloudtrail-' "$work/tfsec-bl.out" || true) CloudTrail results, $(grep -c '"long_id": ' "$work/tfsec-bl.out" || true) in all"
fi
if [ -n "${TRIVY:-}" ]; then
	echo "trivy on the baseline tree: $(grep -cE '"ID": "(AVD-)?AWS-0015"' "$work/trivy-bl.out" || true) CloudTrail encryption results, $(grep -cE '"ID": "(AVD-)?AWS-[0-9]+"' "$work/trivy-bl.out" || true) in all"
fi
echo "roots-and-templates tree: $roots Terraform roots, $templates templates; $(wc -l <"$work/want.txt") trails without a key, $(wc -l <"$work/got.txt") reported"
echo

awk '
{ name[NR]=$1; path[$1]=$2; wall[$1]=$3; cpu[$1]=$4; rss[$1]=$5; files[$1]=$6; bytes[$1]=$7; ref[$1]=$8; runs[$1]=$9; n=NR }
function nz(x) { return x > 0 ? x : 0.001 }
END {
	printf "%-12s %-27s %6s %7s %8s %8s %8s %7s %8s   %s\n", "run", "path", "files", "MB", "wall s", "cpu s", "files/s", "MB/s", "peak MB", "compared"
	for (i = 1; i <= n; i++) {
		k = name[i]; r = ref[k]; mb = bytes[k] / 1e6; w = nz(wall[k])
		note = ""
		if (r != "-" && r ~ /^floor/)
			note = sprintf("%.1fx wall, %.1fx cpu, %.1fx memory of the floor", w / nz(wall[r]), cpu[k] / nz(cpu[r]), rss[k] / rss[r])
		else if (r != "-" && k ~ /^(tfsec|trivy)-/)
			note = sprintf("trailint is %.1fx faster, uses %.1fx less memory", w / nz(wall[r]), rss[k] / rss[r])
		else if (k == "double")
			note = sprintf("%.2fx wall, %.2fx cpu, %.2fx memory of whole (the floor: %.2fx wall, %.2fx cpu)", w / nz(wall[r]), cpu[k] / nz(cpu[r]), rss[k] / rss[r], wall["floor-double"] / nz(wall["floor"]), cpu["floor-double"] / nz(cpu["floor"]))
		if (runs[k] > 1)
			note = note (note == "" ? "" : "; ") "mean of " runs[k] " runs"
		printf "%-12s %-27s %6d %7.2f %8.3f %8.3f %8.0f %7.2f %8.1f   %s\n", k, path[k], files[k], mb, wall[k], cpu[k], files[k] / w, mb / w, rss[k] / 1024, note
	}
}' "$work/results"
