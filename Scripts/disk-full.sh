#!/usr/bin/env bash
# Writes report folders onto a really full disk (a 64 KiB tmpfs) and into a really unwritable
# folder (a read-only bind mount, and a chmod 555 folder for the user `nobody`), and checks each
# time: exit code 4, a message naming the problem, no partial report folder and no hidden
# temporary folder left behind, and the earlier report intact byte for byte.
#
# Needs root (mount); skips with a message (exit 0) where mounting is not permitted.
# Usage: Scripts/disk-full.sh [SMALL_SCENARIO] [LARGE_SCENARIO]
#   SMALL_SCENARIO's report must fit on the tmpfs (the earlier report), LARGE_SCENARIO's must not.
#   PLACEMENT_BIN=path/to/placement uses that binary instead of building one.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
large="${2:-Scenarios/alliance-term/scenario.yaml}"
if [ -n "${PLACEMENT_BIN:-}" ]; then
  bin="$PLACEMENT_BIN"
else
  swift build --product placement >/dev/null || exit 1
  bin="$(swift build --show-bin-path)/placement"
fi
work="$(mktemp -d)"
chmod 755 "$work"
mnt="$work/tiny"
ro="$work/readonly"
mkdir -p "$mnt" "$ro" "$work/ro-source"
cleanup() {
  umount "$ro" 2>/dev/null
  umount "$mnt" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail=0
check() {  # check NAME CONDITION-RESULT(0/1) MESSAGE
  if [ "$2" -eq 0 ]; then echo "  ok   $1"; else echo "  FAIL $1: $3"; fail=$((fail + 1)); fi
}
tree_sum() { ( cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum ); }

# The earlier report: the small scenario the user gives, or a `placement init` one.
if [ -n "${1:-}" ]; then
  small="$1"
else
  "$bin" init "$work/small" >/dev/null || exit 1
  small="$work/small/scenario.yaml"
fi

if ! mount -t tmpfs -o size=64k tmpfs "$mnt" 2>"$work/mount.err"; then
  echo "disk-full: SKIPPED: cannot mount a tmpfs here ($(tr -d '\n' < "$work/mount.err")); run as root where mounts are allowed"
  exit 0
fi

echo "== full disk: 64 KiB tmpfs at $mnt"
"$bin" solve "$small" --out "$mnt/report" --quiet >/dev/null 2>"$work/err"
rc=$?
if [ $rc -ne 0 ]; then
  echo "disk-full: the earlier report ($small) does not fit on the 64 KiB tmpfs (exit $rc: $(cat "$work/err")); pass a smaller SMALL_SCENARIO"
  exit 1
fi
tree_sum "$mnt/report" > "$work/earlier.sha"
echo "  earlier report: $(du -sk "$mnt/report" | cut -f1) KiB in $(ls "$mnt/report" | wc -l) files; tmpfs $(df -k "$mnt" | awk 'NR==2 {print $3 " of " $2}') KiB used"
start=$(date +%s%N)
"$bin" solve "$large" --out "$mnt/report" --force --quiet >"$work/out" 2>"$work/err"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "  solve $large --out <tmpfs>/report --force: exit $rc after $ms ms: $(cat "$work/err")"
check "exit code 4" $([ $rc -eq 4 ]; echo $?) "got $rc"
check "message names the problem" $(grep -q "No space left on device" "$work/err"; echo $?) "$(cat "$work/err")"
check "nothing else on the disk" $([ "$(ls -A "$mnt")" = "report" ]; echo $?) "$(ls -A "$mnt" | tr '\n' ' ')"
check "earlier report intact byte for byte" $(diff -q "$work/earlier.sha" <(tree_sum "$mnt/report") >/dev/null; echo $?) "differs"

# Full disk with no earlier report: nothing at all may be left.
rm -rf "$mnt/report"
"$bin" solve "$large" --out "$mnt/new" --quiet >/dev/null 2>"$work/err"
rc=$?
echo "  solve $large --out <tmpfs>/new (no earlier report): exit $rc: $(cat "$work/err")"
check "exit code 4 (new report)" $([ $rc -eq 4 ]; echo $?) "got $rc"
check "disk left empty" $([ -z "$(ls -A "$mnt")" ]; echo $?) "$(ls -A "$mnt" | tr '\n' ' ')"
umount "$mnt"

echo "== unwritable folder: read-only bind mount at $ro"
"$bin" solve "$small" --out "$work/ro-source/report" --quiet >/dev/null 2>&1 || exit 1
tree_sum "$work/ro-source/report" > "$work/earlier.sha"
if mount --bind "$work/ro-source" "$ro" 2>"$work/mount.err" && mount -o remount,bind,ro "$ro" 2>>"$work/mount.err"; then
  "$bin" solve "$large" --out "$ro/report" --force --quiet >/dev/null 2>"$work/err"
  rc=$?
  echo "  solve --out <read-only>/report --force: exit $rc: $(cat "$work/err")"
  check "exit code 4 (read-only)" $([ $rc -eq 4 ]; echo $?) "got $rc"
  check "message names the folder" $(grep -q "cannot write to $ro" "$work/err"; echo $?) "$(cat "$work/err")"
  check "nothing new in the folder" $([ "$(ls -A "$work/ro-source")" = "report" ]; echo $?) "$(ls -A "$work/ro-source" | tr '\n' ' ')"
  check "earlier report intact (read-only)" $(diff -q "$work/earlier.sha" <(tree_sum "$ro/report") >/dev/null; echo $?) "differs"
  umount "$ro"
else
  echo "  SKIPPED: read-only bind mount not permitted ($(tr -d '\n' < "$work/mount.err"))"
fi

echo "== unwritable folder: chmod 555, run as nobody (root ignores permissions)"
if command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" --version >/dev/null 2>&1; then
  mkdir -p "$work/locked"
  cp -r "$(dirname "$large")" "$work/scenario"
  chmod -R a+rX "$work/scenario"
  "$bin" solve "$small" --out "$work/locked/report" --quiet >/dev/null 2>&1 || exit 1
  tree_sum "$work/locked/report" > "$work/earlier.sha"
  chmod 555 "$work/locked"
  setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$bin" solve "$work/scenario/$(basename "$large")" --out "$work/locked/report" --force --quiet >/dev/null 2>"$work/err"
  rc=$?
  echo "  (as nobody) solve --out <555 folder>/report --force: exit $rc: $(cat "$work/err")"
  check "exit code 4 (chmod 555)" $([ $rc -eq 4 ]; echo $?) "got $rc"
  check "message names the folder" $(grep -q "cannot write to $work/locked" "$work/err"; echo $?) "$(cat "$work/err")"
  check "nothing new in the folder" $([ "$(ls -A "$work/locked")" = "report" ]; echo $?) "$(ls -A "$work/locked" | tr '\n' ' ')"
  check "earlier report intact (chmod 555)" $(diff -q "$work/earlier.sha" <(tree_sum "$work/locked/report") >/dev/null; echo $?) "differs"
  chmod 755 "$work/locked"
else
  echo "  SKIPPED: cannot run $bin as nobody (setpriv missing, or the binary is not reachable for nobody)"
fi

echo "disk-full: $fail failed checks"
[ "$fail" -eq 0 ]
