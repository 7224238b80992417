# prov/huaweicloud.sh - the Huawei Cloud DNS adapter of tests/e2e/scenarios.sh
# (and the helpers of tests/e2e/test_huaweicloud.sh): how to start its fake
# with given record sets, the account section, how to read the sets back,
# count calls, and inject each kind of fault. Sourced after lib.sh. Every
# adapter defines the same names; see scenarios.sh.

P_NAME=huaweicloud
P_MODEL=recordset	# records | nodisable | recordset | single
P_API=1			# resolver = api
P_PIN=0			# records = (pinned IDs): record sets have none
FAKE=huaweicloud
HW_ZONE=ff8080827a0000000000000000e2e001	# example.com.

# hw_state SPEC... : the fake's state with these record sets of
# example.com, each "NAME VALUE [off]" (NAME relative to the zone; the
# values of one name and type make one set, disabled if any is "off").
# HW_EXTRA (JSON members) is added to the state.
hw_state() {
	python3 - "$T/fake.json" "$KEYID" "$SECRET" "$HW_ZONE" \
	    "${HW_EXTRA:-}" "$@" <<'EOP'
import json, sys
path, ak, sk, zid, extra = sys.argv[1:6]
sets, n = {}, 0
for spec in sys.argv[6:]:
    f = spec.split()
    name = "example.com." if f[0] == "@" else f[0] + ".example.com."
    rtype = "AAAA" if ":" in f[1] else "A"
    s = sets.setdefault((name, rtype), {
        "id": "ff8080827b%022x" % (0xe2e000 + len(sets)), "zone_id": zid,
        "name": name, "type": rtype, "ttl": 300, "records": [],
        "status": "ACTIVE"})
    s["records"].append(f[1])
    if len(f) > 2 and f[2] == "off":
        s["status"] = "DISABLE"
st = {"accounts": {ak: {"secret": sk},
                   "HWreadonlyKey": {"secret": "ro-secret",
                                     "readonly": True}},
      "zones": [{"id": zid, "name": "example.com."},
                {"id": "ff8080827a0000000000000000e2e002",
                 "name": "myexample.com."},
                {"id": "ff8080827a0000000000000000e2e003",
                 "name": "example.com.", "zone_type": "private"},
                {"id": "ff8080827a0000000000000000e2e004",
                 "name": "example.net."}],
      "recordsets": list(sets.values()), "next_id": 4096,
      "clock_offset": 0, "faults": []}
if extra:
    st.update(json.loads("{" + extra + "}"))
json.dump(st, open(path, "w"), indent=1)
EOP
}

# p_start SPEC...: restart the fake holding these record sets, and forget
# what echoddns verified at the previous one.
p_start() {
	stop_fake
	hw_state "$@"
	start_fake
	rm -rf "$T/state"
}

# p_account: the [account] section for the fake (the secret in a file).
p_account() {
	printf '%s\n' "$SECRET" >"$T/p.secret"
	chmod 600 "$T/p.secret"
	cat <<EOA
[account p]
provider = huaweicloud
access_key_id = ${ACCOUNT_KEYID:-$KEYID}
secret_access_key_file = $T/p.secret
endpoint = ${ENDPOINT:-https://localhost:$PORT}
ca_file = $CERTS/ca.pem
${ACCOUNT_EXTRA:-}
EOA
}

# hw_sets [NAME]: NAME's record sets (default a.dns), one value a line:
# "value status ttl type id", sorted.
hw_sets() {
	python3 - "$T/fake.json" "${1:-a.dns}" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
name = "example.com." if sys.argv[2] == "@" else sys.argv[2] + ".example.com."
rows = sorted("%s %s %s %s %s" % (v, r.get("status", "ACTIVE").lower(),
                                  r["ttl"], r["type"], r["id"])
              for r in s["recordsets"] if r["name"] == name
              and r["type"] in ("A", "AAAA") for v in r["records"])
print("\n".join(rows))
EOP
}

# p_listed [NAME]: the values NAME's sets serve (or are about to), sorted,
# one per line; p_disabled likewise for sets that are not served.
p_listed() {
	hw_sets "$@" | awk '$2 == "active" || $2 ~ /^pending_(create|update)$/ { print $1 }'
}
p_disabled() {
	hw_sets "$@" | awk '!($2 == "active" || $2 ~ /^pending_(create|update)$/) { print $1 }'
}

# p_ids [NAME]: the record set IDs of NAME.
p_ids() {
	hw_sets "$@" | awk '{ print $5 }' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# Calls since mark: reads and writes.
p_reads() {
	calls 'List.*|Show.*'
}
p_writes() {
	calls 'CreateRecordSet|UpdateRecordSet|DeleteRecordSet'
}

# p_fault KIND [N]: the next requests fail. KIND: throttle (N times, or
# every time without N), server (HTTP 5xx, likewise), hang (N seconds),
# garbage, huge, write (the Nth write fails after the earlier ones).
p_fault() {
	local n=${2:--1}
	case $1 in
	throttle) fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": \"APIGW.0308\", \"http\": 429, \"message\": \"The throttling threshold has been reached: policy user over ratelimit,limit:200,time:1 second\", \"times\": $n}" ;;
	server) fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": \"DNS.0001\", \"http\": 500, \"message\": \"Internal error.\", \"times\": $n}" ;;
	hang) fault "{\"action\": \"*\", \"kind\": \"hang\", \"seconds\": $2, \"times\": -1}" ;;
	garbage) fault '{"action": "*", "kind": "body", "body": "{\"recordsets\": ", "times": -1}' ;;
	huge) fault '{"action": "*", "kind": "huge", "size": 1048576, "times": -1}' ;;
	write) fault "{\"action\": [\"CreateRecordSet\", \"UpdateRecordSet\", \"DeleteRecordSet\"], \"after\": $(($2 - 1)), \"kind\": \"error\", \"code\": \"DNS.0001\", \"http\": 500, \"times\": -1}" ;;
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
