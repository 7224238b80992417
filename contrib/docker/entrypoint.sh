#!/bin/busybox sh
# entrypoint.sh - the container's PID 1: choose the configuration, check
# it, then let busybox crond run `echoddns sync` every minute, as the
# Python EchoDDNS's image did with supercronic. Output goes to the
# container log. `entrypoint.sh sync` is the cron job itself.
#
# Configuration: /etc/echoddns/echoddns.ini when mounted (or the file
# ECHODDNS_CONFIG names), else one made by `echoddns import-env` from the
# Python EchoDDNS's variables (ACCESSKEY_ID, DOMAIN_NAME, DDNS1_DOMAIN...).
# Any other arguments are passed to echoddns once instead (`status`,
# `sync --dry-run -v`, ...).

RUN=/run/echoddns
bb=/bin/busybox

if [ "${1:-}" = sync ] && [ "$#" -eq 1 ] && [ -f "$RUN/config" ]; then
	# crond gives its jobs an environment of its own: the configuration
	# and the secret of import-env come back from files written at start.
	CONFIG=$(cat "$RUN/config")
	if [ -f "$RUN/secret" ]; then
		ACCESSKEY_SECRET=$(cat "$RUN/secret")
		export ACCESSKEY_SECRET
	fi
	exec /usr/bin/echoddns ${ECHODDNS_ARGS:-} -c "$CONFIG" sync \
	    >>/proc/1/fd/1 2>>/proc/1/fd/2
fi

$bb mkdir -p "$RUN" /var/lib/echoddns /tmp
$bb chmod 700 "$RUN" /var/lib/echoddns
umask 077
CONFIG=${ECHODDNS_CONFIG:-/etc/echoddns/echoddns.ini}
if [ ! -f "$CONFIG" ]; then
	if [ -z "${ACCESSKEY_ID:-}" ]; then
		echo "echoddns: no $CONFIG and no ACCESSKEY_ID: mount a" \
		    "configuration or set the Python EchoDDNS's variables" >&2
		exit 78
	fi
	CONFIG=$RUN/echoddns.ini
	/usr/bin/echoddns import-env >"$CONFIG" || exit $?
fi

if [ "$#" -gt 0 ]; then
	exec /usr/bin/echoddns -c "$CONFIG" "$@"
fi

/usr/bin/echoddns -c "$CONFIG" check || exit $?

# What the cron job needs, since crond does not pass the environment on.
printf '%s\n' "$CONFIG" >"$RUN/config"
rm -f "$RUN/secret"
[ -n "${ACCESSKEY_SECRET:-}" ] && printf '%s\n' "$ACCESSKEY_SECRET" >"$RUN/secret"

$bb mkdir -p "$RUN/crontabs"
echo "${ECHODDNS_SCHEDULE:-* * * * *} ECHODDNS_ARGS='${ECHODDNS_ARGS:-}'" \
    "/bin/sh /usr/share/echoddns/entrypoint.sh sync" >"$RUN/crontabs/root"
echo "echoddns: syncing on schedule '${ECHODDNS_SCHEDULE:-* * * * *}' with $CONFIG" >&2
/usr/bin/echoddns -c "$CONFIG" ${ECHODDNS_ARGS:-} sync
exec $bb crond -f -l 8 -c "$RUN/crontabs"
