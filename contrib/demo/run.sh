#!/bin/sh
# contrib/demo/run.sh - what `make run` starts.
#
# With a natterrc that sets a jid ($XDG_CONFIG_HOME/natter/natterrc or
# ~/.config/natter/natterrc), this just runs ./natter. Otherwise it starts
# the demo (contrib/demo/demo.py): a private Prosody on 127.0.0.1 with the
# accounts you@localhost and demo@localhost, a bot that answers, and natter
# logged in as you. Everything is removed again when natter exits.
# Arguments are passed on to natter; NATTER_BIN picks another binary.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
natter=${NATTER_BIN:-$top/natter}

# True when natterrc file $1 sets a jid.
has_account() {
	[ -f "$1" ] && grep -Eq '^[[:space:]]*/set[[:space:]]+jid[[:space:]]+[^[:space:]]' "$1"
}

for rc in "${XDG_CONFIG_HOME:-$HOME/.config}/natter/natterrc" "$HOME/.config/natter/natterrc"; do
	if has_account "$rc"; then
		exec "$natter" "$@"
	fi
done

"$top/contrib/deps.sh" --runtime || exit 1
exec /usr/bin/python3 "$top/contrib/demo/demo.py" "$natter" "$@"
