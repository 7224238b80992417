# prov/dnspod.sh - the DNSPod adapter of tests/e2e/scenarios.sh: how to
# start its fake with given records, the account section, how to read the
# records back, count calls, and inject each kind of fault. Sourced after
# lib.sh. Every adapter defines the same names; see scenarios.sh.

P_NAME=dnspod
P_MODEL=records		# records | nodisable | recordset | single
P_API=1			# resolver = api
P_PIN=1			# records = (pinned IDs)
FAKE=dnspod
DNSPOD_ID=AKIDe2eTestSecretId0123456789
DNSPOD_LINE=$(printf '\351\273\230\350\256\244')	# 默认
# Record IDs beyond 2^53: a reader that goes through a double loses them.
DNSPOD_FIRST_ID=9007199254740993

# dnspod_state RECORDS-JSON [EXTRA-KEYS]: the fake's state file.
dnspod_state() {
	cat >"$T/fake.json" <<EOS
{"accounts": {"$DNSPOD_ID": {"secret": "$SECRET"},
              "AKIDreadonly": {"secret": "ro-secret", "readonly": true},
              "AKIDdisabled": {"secret": "ro-secret", "disabled": true}},
 "zones": {"example.com": {"min_ttl": 600}, "example.net": {"min_ttl": 1}},
 "records": $1,
 "next_id": $((DNSPOD_FIRST_ID + 1000)), "clock_offset": 0, "faults": []${2:+, $2}}
EOS
}

# dnspod_rec ID NAME VALUE [STATUS [TTL [LINE]]]: one record as JSON.
dnspod_rec() {
	local type=A
	case $3 in *:*) type=AAAA ;; esac
	printf '{"RecordId": %s, "Domain": "example.com", "Name": "%s", "Type": "%s", "Value": "%s", "TTL": %s, "Line": "%s", "Status": "%s"}' \
	    "$1" "$2" "$type" "$3" "${5:-600}" "${6:-$DNSPOD_LINE}" "${4:-ENABLE}"
}

# p_start SPEC...: restart the fake holding these records of example.com,
# each "NAME VALUE [off]" (NAME relative to the zone), and forget what
# echoddns verified at the previous one.
p_start() {
	local recs= id=$DNSPOD_FIRST_ID spec
	for spec in "$@"; do
		set -- $spec
		recs="$recs${recs:+, }$(dnspod_rec "$id" "$1" "$2" \
		    "$([ -n "${3:-}" ] && echo DISABLE || echo ENABLE)")"
		id=$((id + 1))
	done
	stop_fake
	dnspod_state "[$recs]" "${DNSPOD_EXTRA:-}"
	start_fake
	rm -rf "$T/state"
}

# p_account: the [account] section for the fake (the secret in a file).
p_account() {
	printf '%s\n' "$SECRET" >"$T/p.secret"
	chmod 600 "$T/p.secret"
	cat <<EOA
[account p]
provider = dnspod
secret_id = $DNSPOD_ID
secret_key_file = $T/p.secret
endpoint = https://localhost:$PORT
ca_file = $CERTS/ca.pem
EOA
}

# dnspod_records [NAME]: "value status ttl line id" of NAME (default
# a.dns), one per line, sorted by value.
dnspod_records() {
	python3 - "$T/fake.json" "${1:-a.dns}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
rows = sorted("%s %s %s %s %s" % (r["Value"], r["Status"].lower(), r["TTL"],
                                  r["Line"], r["RecordId"])
              for r in s["records"] if r["Name"].lower() == sys.argv[2])
print("\n".join(rows))
EOP
}

# p_listed [NAME]: the enabled values of NAME (default a.dns), sorted, one
# per line; p_disabled likewise for disabled ones.
p_listed() {
	dnspod_records "${1:-a.dns}" | awk '$2 == "enable" { print $1 }'
}
p_disabled() {
	dnspod_records "${1:-a.dns}" | awk '$2 == "disable" { print $1 }'
}

# p_ids [NAME]: the record IDs of NAME, in the fake's order.
p_ids() {
	python3 - "$T/fake.json" "${1:-a.dns}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
print(" ".join(str(r["RecordId"]) for r in s["records"]
               if r["Name"].lower() == sys.argv[2]))
EOP
}

# Calls since mark: reads and writes.
p_reads() {
	calls 'Describe.*'
}
p_writes() {
	calls 'CreateRecord|ModifyRecord|ModifyRecordStatus|DeleteRecord'
}

# p_fault KIND [N]: the next requests fail. KIND: throttle (N times, or
# every time without N), server (HTTP 5xx, likewise), hang (N seconds),
# garbage, huge, write (the Nth write fails after the earlier ones).
p_fault() {
	local n=${2:--1}
	case $1 in
	throttle) fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": \"RequestLimitExceeded\", \"message\": \"Your current request times equals to the maximum limit.\", \"times\": $n}" ;;
	server) fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": \"InternalError\", \"http\": 503, \"times\": $n}" ;;
	hang) fault "{\"action\": \"*\", \"kind\": \"hang\", \"seconds\": $2, \"times\": -1}" ;;
	garbage) fault '{"action": "*", "kind": "body", "body": "{\"Response\": {\"RecordList\": ", "times": -1}' ;;
	huge) fault '{"action": "*", "kind": "huge", "size": 1048576, "times": -1}' ;;
	write) fault "{\"action\": [\"CreateRecord\", \"ModifyRecord\", \"ModifyRecordStatus\", \"DeleteRecord\"], \"after\": $(($2 - 1)), \"kind\": \"error\", \"code\": \"InternalError\", \"times\": -1}" ;;
	*) echo "p_fault: unknown kind $1" >&2; return 1 ;;
	esac
}

# p_clear_faults: no more faults.
p_clear_faults() {
	python3 - "$T/fake.json" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p)); s["faults"] = []
json.dump(s, open(p + ".t", "w"), ensure_ascii=False)
os.replace(p + ".t", p)
EOP
}
