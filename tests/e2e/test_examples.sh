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
	    s|^secret_key(_file\|_env)? *=.*|secret_key_file = $T/s.secret|;
	    s|^(api_token_file *= *).*|\1$T/s.secret|;
	    s|^(secret_access_key_file *= *).*|\1$T/s.secret|;
	    s|^(password_file *= *)[^;]*|\1$T/s.secret |;
	    s|^(state_dir *= *).*|\1$T/state|" "$f" >"$T/example.ini"
	chmod 600 "$T/example.ini"
	"$BIN" -c "$T/example.ini" check >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc "examples/$(basename "$f") passes check" 0
done
# A relative secret path is found beside the configuration, wherever
# echoddns runs from.
mkdir -p "$T/etc"
printf 'rel-secret\n' >"$T/etc/rel.secret"
chmod 600 "$T/etc/rel.secret"
sed -E "s|^access_key_secret_file *=.*|access_key_secret_file = rel.secret|" \
    "$T/example.ini" >"$T/etc/rel.ini"
chmod 600 "$T/etc/rel.ini"
(cd / && "$BIN" -c "$T/etc/rel.ini" check) >"$T/out" 2>"$T/err"
RC=$?
expect_rc "a relative secret path is taken beside the configuration" 0
"$BIN" -c "$ROOT/contrib/cron/echoddns" check >/dev/null 2>&1
check "a file that is not an INI configuration fails check" test $? -eq 78

finish
