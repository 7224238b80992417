# prov/cloudflare.sh - the Cloudflare adapter of tests/e2e/scenarios.sh:
# how to start its fake with given records, the account section, how to
# read the records back, count calls, and inject each kind of fault.
# Sourced after lib.sh. Every adapter defines the same names; see
# scenarios.sh. Also sourced by test_cloudflare.sh.

P_NAME=cloudflare
P_MODEL=nodisable	# records | nodisable | recordset | single
P_API=1			# resolver = api
P_PIN=1			# records = (pinned IDs)
FAKE=cloudflare

# An API token is 40 characters; this one holds $SECRET, which every suite
# searches its output for.
TOKEN=${SECRET}0123456789abc
ZONE_ID=023e105f4ecef8ad9ca31a8372d0c353

# cf_state RECORDS-JSON [EXTRA-JSON]: the fake's initial state. EXTRA is
# merged in at the top level.
cf_state() {
	local extra=${2:-'{}'}
	python3 - "$T/fake.json" "$TOKEN" "$ZONE_ID" "$1" "$extra" <<'EOP'
import json, sys
path, token, zid, recs, extra = sys.argv[1:]
st = {"tokens": {token: {"zones": "*"},
                 "r" * 40: {"zones": "*", "dns_edit": False},
                 "n" * 40: {"zones": "*", "zone_read": False},
                 "o" * 40: {"zones": ["example.net"]}},
      "zones": [{"id": zid, "name": "example.com", "status": "active"},
                {"id": "%032x" % 0xe7, "name": "example.net",
                 "status": "active"}],
      "records": json.loads(recs), "next_id": 1, "faults": []}
st.update(json.loads(extra))
json.dump(st, open(path, "w"), indent=1)
EOP
}

# cf_rec ID NAME VALUE [TTL [PROXIED]]: one record of example.com as JSON
# (NAME relative to the zone, "@" for the apex).
cf_rec() {
	local fqdn type
	if [ "$2" = @ ]; then fqdn=example.com; else fqdn=$2.example.com; fi
	case $3 in *:*) type=AAAA ;; *) type=A ;; esac
	printf '{"id": "%032x", "zone_id": "%s", "name": "%s", "type": "%s", "content": "%s", "ttl": %s, "proxied": %s}' \
	    "$1" "$ZONE_ID" "$fqdn" "$type" "$3" "${4:-600}" "${5:-false}"
}

# cf_fresh RECORDS-JSON [EXTRA-JSON]: restart the fake with this state, and
# forget what echoddns verified at the previous one.
cf_fresh() {
	stop_fake
	cf_state "$@"
	start_fake
	rm -rf "$T/state"
}

# p_start SPEC...: restart the fake holding these records of example.com,
# each "NAME VALUE [off]" (NAME relative to the zone). Cloudflare has no
# disabled records: one that is "off" is left out.
p_start() {
	local recs= id=2001 spec
	for spec in "$@"; do
		set -- $spec
		if [ -z "${3:-}" ]; then
			recs="$recs${recs:+, }$(cf_rec "$id" "$1" "$2")"
		fi
		id=$((id + 1))
	done
	cf_fresh "[$recs]"
}

# p_account: the [account] section for the fake (the token in a file).
p_account() {
	printf '%s\n' "$TOKEN" >"$T/p.secret"
	chmod 600 "$T/p.secret"
	cat <<EOA
[account p]
provider = cloudflare
api_token_file = $T/p.secret
endpoint = https://localhost:$PORT/client/v4
ca_file = $CERTS/ca.pem
EOA
}

# cf_records [NAME]: the fake's records of NAME (default a.dns), one per
# line: "content ttl proxied id", sorted by content.
cf_records() {
	python3 - "$T/fake.json" "${1:-a.dns}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
want = "example.com" if sys.argv[2] == "@" else sys.argv[2] + ".example.com"
rows = sorted("%s %s %s %s" % (r["content"], r["ttl"],
                               str(r.get("proxied", False)).lower(), r["id"])
              for r in s["records"] if r["name"] == want)
print("\n".join(rows))
EOP
}

# p_listed [NAME]: the values of NAME (default a.dns), one per line;
# p_disabled likewise for disabled ones: never any at Cloudflare.
p_listed() {
	cf_records "${1:-a.dns}" | awk 'NF { print $1 }'
}
p_disabled() {
	:
}

# p_ids [NAME]: the record IDs of NAME, in the fake's order.
p_ids() {
	python3 - "$T/fake.json" "${1:-a.dns}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
print(" ".join(r["id"] for r in s["records"]
               if r["name"] == sys.argv[2] + ".example.com"))
EOP
}

# Calls since mark: reads (the zone lookup included) and writes.
p_reads() {
	calls 'zones\.list|zones\.get|dns_records\.list|dns_records\.get'
}
p_writes() {
	calls 'dns_records\.(create|edit|update|delete)'
}

# p_fault KIND [N]: the next requests fail. KIND: throttle (N times, or
# every time without N), server (HTTP 5xx, likewise), hang (N seconds),
# garbage, huge, write (the Nth write fails after the earlier ones).
p_fault() {
	local n=${2:--1}
	case $1 in
	throttle) fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": 971, \"http\": 429, \"message\": \"Please wait and consider throttling your request speed\", \"headers\": {\"Retry-After\": \"300\"}, \"times\": $n}" ;;
	server) fault "{\"action\": \"*\", \"kind\": \"html\", \"http\": 502, \"times\": $n}" ;;
	hang) fault "{\"action\": \"*\", \"kind\": \"hang\", \"seconds\": $2, \"times\": -1}" ;;
	garbage) fault '{"action": "*", "kind": "body", "body": "{\"result\": ", "times": -1}' ;;
	huge) fault '{"action": "*", "kind": "huge", "size": 1048576, "times": -1}' ;;
	write) fault "{\"action\": [\"dns_records.create\", \"dns_records.edit\", \"dns_records.update\", \"dns_records.delete\"], \"after\": $(($2 - 1)), \"kind\": \"error\", \"code\": 10500, \"message\": \"Internal server error\", \"http\": 500, \"times\": -1}" ;;
	*) echo "p_fault: unknown kind $1" >&2; return 1 ;;
	esac
}

# p_clear_faults: no more faults.
p_clear_faults() {
	python3 - "$T/fake.json" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p)); s["faults"] = []
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
}
