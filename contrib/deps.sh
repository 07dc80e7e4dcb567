#!/bin/sh
# contrib/deps.sh - make sure the Debian packages natter needs are installed.
#
#   contrib/deps.sh            everything to build natter and run all its tests
#   contrib/deps.sh --runtime  only what `make run` needs (build, Prosody, slixmpp)
#
# Installed packages are found with dpkg-query. Missing ones are installed
# with apt-get when run as root; otherwise the exact sudo apt-get command is
# printed and the script exits 1.
#
# Not installed here: profanity and mcabber, the clients `make bench` compares
# natter with. tests/bench/compare.py installs them itself (apt-get, when run
# as root and they are missing) and reports them as n/a when it cannot.
set -u

# Build natter itself.
BUILD_PKGS="gcc make pkg-config libstrophe-dev libncurses-dev libexpat1-dev libssl-dev
libreadline-dev libsqlite3-dev libcurl4-openssl-dev"
# The demo behind `make run`: a private Prosody, a slixmpp peer, certificates.
RUN_PKGS="prosody python3 python3-slixmpp openssl"
# Tests: cmocka, the tmux UI driver, valgrind, clang's sanitizer and fuzzer
# runtimes, the format check, and ejabberd (a server with a user directory,
# XEP-0055, for the /find tests).
TEST_PKGS="build-essential libcmocka-dev tmux valgrind clang libclang-rt-14-dev clang-format
ejabberd"

mode=all
case "${1:-}" in
"") ;;
--runtime) mode=runtime ;;
-h | --help)
	sed -n '2,9s/^# \{0,1\}//p' "$0"
	exit 0
	;;
*)
	echo "usage: contrib/deps.sh [--runtime]" >&2
	exit 2
	;;
esac

if [ "$mode" = runtime ]; then
	wanted="$BUILD_PKGS $RUN_PKGS"
	purpose="make run"
else
	wanted="$BUILD_PKGS $RUN_PKGS $TEST_PKGS"
	purpose="building and testing natter"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: dpkg-query not found: natter's scripts know Debian package names only." >&2
	# shellcheck disable=SC2086
	echo "deps: install the equivalents of:" $wanted >&2
	exit 1
fi

# True when package $1 is installed.
installed() {
	dpkg-query -W -f='${db:Status-Status}\n' "$1" 2>/dev/null | grep -qx installed
}

missing=
for pkg in $wanted; do
	installed "$pkg" || missing="$missing $pkg"
done
missing=${missing# }

if [ -z "$missing" ]; then
	echo "deps: every package for $purpose is installed"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages: $missing" >&2
	echo "sudo apt-get install $missing"
	exit 1
fi

echo "deps: installing: $missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get update && apt-get install -y --no-install-recommends $missing || exit 1
still=
for pkg in $missing; do
	installed "$pkg" || still="$still $pkg"
done
if [ -n "$still" ]; then
	echo "deps: still missing after apt-get:$still" >&2
	exit 1
fi
echo "deps: done"
