#!/bin/sh
# The benchmark's tools: wrk (load), hyperfine (timing make), taskset (CPU
# pinning, from util-linux). Installs what is missing with apt-get when run as
# root; otherwise says how.
set -e
missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v hyperfine >/dev/null 2>&1 || missing="$missing hyperfine"
command -v taskset >/dev/null 2>&1 || missing="$missing util-linux"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "bench: installing$missing with apt-get"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
	exit 0
fi
echo "bench: missing$missing. Install them (Debian, Ubuntu: sudo apt-get install -y$missing), then run make bench again." >&2
exit 1
