#!/usr/bin/env bash
# Runs every test of the repository: restores, builds warning-free, runs all test projects, and
# prints one closing line "N passed, N failed". Whatever a test needs is installed by the test
# project itself or here, so this works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Framework.sln -c Release --nologo -clp:ErrorsOnly
status=0
dotnet test Framework.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed! - Failed: F, Passed: P, Skipped: S" line per test project.
count() { { grep -E '^(Passed|Failed)! ' "$log" || true; } | { grep -Eo "$1: +[0-9]+" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
projects=$({ grep -Ec '^(Passed|Failed)! ' "$log" || true; })
echo "test projects run: $projects"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
