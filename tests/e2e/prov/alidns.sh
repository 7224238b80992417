# prov/alidns.sh - the Alidns adapter of tests/e2e/scenarios.sh: how to
# start its fake with given records, the account section, how to read the
# records back, count calls, and inject each kind of fault. Sourced after
# lib.sh. Every adapter defines the same names; see scenarios.sh.

P_NAME=alidns
P_MODEL=records		# records | nodisable | recordset | single
P_API=1			# resolver = api
P_PIN=1			# records = (pinned IDs)
FAKE=alidns

# p_start SPEC...: restart the fake holding these records of example.com,
# each "NAME VALUE [off]" (NAME relative to the zone), and forget what
# echoddns verified at the previous one.
p_start() {
	local recs= id=2001 spec name value off type
	for spec in "$@"; do
		set -- $spec
		name=$1 value=$2 off=${3:-}
		case $value in *:*) type=AAAA ;; *) type=A ;; esac
		recs="$recs${recs:+, }$(TYPE=$type rec "$id" "$name" "$value" \
		    "$([ -n "$off" ] && echo DISABLE || echo ENABLE)")"
		id=$((id + 1))
	done
	fresh "[$recs]"
}

# p_account: the [account] section for the fake (the secret in a file).
p_account() {
	printf '%s\n' "$SECRET" >"$T/p.secret"
	chmod 600 "$T/p.secret"
	cat <<EOA
[account p]
provider = alidns
access_key_id = $KEYID
access_key_secret_file = $T/p.secret
endpoint = https://localhost:$PORT
ca_file = $CERTS/ca.pem
EOA
}

# p_listed [NAME]: the enabled values of NAME (default a.dns), sorted, one
# per line; p_disabled likewise for disabled ones.
p_listed() {
	records "${1:-a.dns}" | awk '$2 == "enable" { print $1 }'
}
p_disabled() {
	records "${1:-a.dns}" | awk '$2 == "disable" { print $1 }'
}

# p_ids [NAME]: the record IDs of NAME, in the fake's order.
p_ids() {
	python3 - "$T/fake.json" "${1:-a.dns}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
print(" ".join(r["RecordId"] for r in s["records"]
               if r["RR"].lower() == sys.argv[2]))
EOP
}

# Calls since mark: reads and writes.
p_reads() {
	calls 'Describe.*'
}
p_writes() {
	writes
}

# p_fault KIND [N]: the next requests fail. KIND: throttle (N times, or
# every time without N), server (HTTP 5xx, likewise), hang (N seconds),
# garbage, huge, write (the Nth write fails after the earlier ones).
p_fault() {
	local n=${2:--1}
	case $1 in
	throttle) fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": \"Throttling.User\", \"http\": 400, \"message\": \"Request was denied due to user flow control.\", \"times\": $n}" ;;
	server) fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": \"ServiceUnavailable\", \"http\": 503, \"times\": $n}" ;;
	hang) fault "{\"action\": \"*\", \"kind\": \"hang\", \"seconds\": $2, \"times\": -1}" ;;
	garbage) fault '{"action": "*", "kind": "body", "body": "{\"DomainRecords\": ", "times": -1}' ;;
	huge) fault '{"action": "*", "kind": "huge", "size": 1048576, "times": -1}' ;;
	write) fault "{\"action\": [\"AddDomainRecord\", \"UpdateDomainRecord\", \"SetDomainRecordStatus\", \"DeleteDomainRecord\"], \"after\": $(($2 - 1)), \"kind\": \"error\", \"code\": \"InternalError\", \"http\": 500, \"times\": -1}" ;;
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
