#!/usr/bin/env bash
# Installs the system packages placement needs on Debian: GLPK's library and headers, and glpsol
# (used by the audit test that re-solves an exported model). Skips what is already there.
set -euo pipefail
need=()
dpkg -s libglpk-dev >/dev/null 2>&1 || need+=(libglpk-dev)
command -v glpsol >/dev/null 2>&1 || need+=(glpk-utils)
command -v python3 >/dev/null 2>&1 || need+=(python3)   # the workbook tests craft damaged .xlsx files
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
