#!/bin/sh
# demo.sh - echoddns against the fake of a provider from tests/fakes on
# localhost, over HTTPS with a throwaway CA: tests/demo/NAME.sh, Alibaba
# Cloud DNS unless PROVIDER names another. No credentials, no internet.
# Run by `make demo [PROVIDER=NAME]`.
set -u
cd "$(dirname "$0")/.." || exit 70
PROVIDER=${PROVIDER:-alidns}
[ -f "tests/demo/$PROVIDER.sh" ] && [ "$PROVIDER" != lib ] || {
	echo "demo.sh: no demo for provider $PROVIDER (known:" \
	    "$(cd tests/demo && ls *.sh | grep -v '^lib' | sed 's/\.sh$//' |
	    tr '\n' ' ' | sed 's/ $//'))" >&2
	exit 64
}
exec sh "tests/demo/$PROVIDER.sh"
