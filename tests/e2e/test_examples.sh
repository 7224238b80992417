#!/bin/bash
# test_examples.sh - every shipped example configuration passes
# `echoddns check`, with its secret pointed at a test file.
. "$(dirname "$0")/lib.sh"

printf 'example-secret\n' >"$T/s.secret"
chmod 600 "$T/s.secret"
for f in "$ROOT"/examples/*.ini; do
	sed -E "s|^(access_key_secret_file *= *).*|\1$T/s.secret|;
	    s|^access_key_secret *=.*|access_key_secret_file = $T/s.secret|;
	    s|^access_key_secret_env *=.*|access_key_secret_file = $T/s.secret|;
	    s|^(state_dir *= *).*|\1$T/state|" "$f" >"$T/example.ini"
	chmod 600 "$T/example.ini"
	"$BIN" -c "$T/example.ini" check >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc "examples/$(basename "$f") passes check" 0
done
"$BIN" -c "$ROOT/contrib/cron/echoddns" check >/dev/null 2>&1
check "a file that is not an INI configuration fails check" test $? -eq 78

finish
