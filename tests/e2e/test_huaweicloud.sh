#!/bin/bash
# test_huaweicloud.sh - what is particular to Huawei Cloud DNS, end to end
# against its fake: the zone found by name (fuzzy, public only) or given,
# its ID cached and healed, the exact name filter, a set created when
# missing, PENDING_* after a write, conflicts settled by reading again,
# every error code with its exit status, X-Project-Id, the calls a run
# costs, and no secret in any output.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/prov/huaweicloud.sh"

L1=203.0.113.10 L2=198.51.100.20 L3=192.0.2.30
ALL3="$L3 $L2 $L1"

# hconfig [GROUP-LINE...]: the configuration for the fake.
hconfig() {
	umask 077
	{
		printf '[echoddns]\nstate_dir = %s\ntimeout = %s\n\n' \
		    "$T/state" "${TIMEOUT:-$DEFAULT_TIMEOUT}"
		p_account
		printf '\n[group home]\naccount = p\nzone = %s\n' \
		    "${ZONE:-example.com}"
		printf 'name = %s\nsources = %s\n' "${NAME:-a.dns.example.com}" \
		    "${SOURCES:-dns1.example.com dns2.example.com dns3.example.com}"
		printf '%s\n' "$@"
	} >"$T/echoddns.ini"
	chmod 600 "$T/echoddns.ini"
}

# hw_edit PYTHON: change the fake's state (s) in place, atomically.
hw_edit() {
	python3 - "$T/fake.json" "$1" <<'EOP'
import json, os, sys, time
p = sys.argv[1]
s = json.load(open(p))
exec(sys.argv[2])
json.dump(s, open(p + ".t", "w"), indent=1)
os.replace(p + ".t", p)
EOP
}

# state_edit PYTHON: change echoddns's state file (g = group home).
state_edit() {
	python3 - "$T/state/state.json" "$1" <<'EOP'
import json, os, sys
p = sys.argv[1]
s = json.load(open(p))
g = s["groups"]["home"]
exec(sys.argv[2])
json.dump(s, open(p + ".t", "w"), indent=1)
os.replace(p + ".t", p)
EOP
}

# logged FIELD [ACTION]: FIELD of each request since mark (of ACTION).
logged() {
	tail -n +"$((MARK + 1))" "$T/api.log" | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    if len(sys.argv) < 3 or d["action"] == sys.argv[2]:
        v = d
        for k in sys.argv[1].split("."):
            v = v.get(k) if isinstance(v, dict) else None
        print(json.dumps(v) if not isinstance(v, str) else v)' "$@"
}

lines3() {
	hosts "${1:-$L1} dns1.example.com" "${2:-$L2} dns2.example.com" \
	    "${3:-$L3} dns3.example.com"
}
listed() {
	p_listed "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}

# ---- the zone: found by name, cached, given, healed ----

p_start "a.dns 198.51.100.99" "a.dns $L1"
lines3
hconfig
mark
run sync
expect_rc "first sync, no state" 0
check "first sync: the zone looked up by name, public only" \
    test "$(logged params.name ListPublicZones)" = example.com -a \
    "$(logged params.type ListPublicZones)" = public
check "first sync: the public example.com, not myexample.com or the private one" \
    test "$(logged path UpdateRecordSet)" = \
    "/v2/zones/$HW_ZONE/recordsets/$(p_ids)"
check "first sync: the zone ID kept in the state file" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"]["home"]
assert g["zone_id"] == sys.argv[2], g' "$T/state/state.json" "$HW_ZONE"
FIRST=$(calls)
echo "# huaweicloud: API calls of a first sync without a state file: $FIRST"
check "first sync: zone, record set, one PUT" test "$FIRST" -eq 3

mark
run sync
expect_rc "in sync, with the state file" 2
check "in sync, with the state file: no API call" test "$(calls)" -eq 0
mark
run sync --force
expect_rc "in sync, --force (zone ID from the state file)" 2
check "in sync, --force: one call, no zone lookup" \
    test "$(calls)" -eq 1 -a "$(calls ListPublicZones)" -eq 0
rm -rf "$T/state"
mark
run sync
expect_rc "in sync, no state file" 2
NOSTATE=$(calls)
echo "# huaweicloud: API calls of an in-sync run: $NOSTATE without a state file, 1 with --force, 0 with state"
check "in sync, no state file: zone and record set" test "$NOSTATE" -eq 2

lines3 "$L1" 198.51.100.21
mark
run sync
expect_rc "a redial" 0
REDIAL=$(calls)
echo "# huaweicloud: API calls of a redial: $REDIAL (one read, one PUT)"
check "a redial: one read and one PUT" \
    test "$REDIAL" -eq 2 -a "$(calls UpdateRecordSet)" -eq 1
check "a redial: the PUT names the set whole" python3 -c '
import json, sys
b = json.loads(sys.argv[1])
assert sorted(b) == ["name", "records", "ttl", "type"], b
assert b["name"] == "a.dns.example.com." and b["type"] == "A", b
assert sorted(b["records"]) == ["192.0.2.30", "198.51.100.21", "203.0.113.10"], b
assert b["ttl"] == 300, b' "$(logged params UpdateRecordSet)"

# A cached zone ID the provider no longer knows: 65 once, then healed.
lines3
state_edit 'g["zone_id"] = "ff8080827a00000000000000000dead0"'
mark
run sync
expect_rc "a stale cached zone ID: DNS.0302" 65
check "a stale cached zone ID: named" grep -q 'DNS.0302' "$T/err"
check "a stale cached zone ID: forgotten" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"]["home"]
assert "zone_id" not in g, g' "$T/state/state.json"
mark
run sync
expect_rc "a stale cached zone ID: the next run heals" 0
check "the next run looks the zone up again" test "$(calls ListPublicZones)" -eq 1
expect_listed() {
	if [ "$(listed)" = "$2" ]; then ok "$1: lists $2"; else
		not_ok "$1: lists '$(listed)', wanted '$2'"; fi
}
expect_listed "healed" "$ALL3"

# zone_id given: never looked up; a wrong one is 65 every time, kept.
p_start "a.dns 198.51.100.99"
hconfig "zone_id = $HW_ZONE"
mark
run sync
expect_rc "zone_id given" 0
check "zone_id given: no zone lookup" test "$(calls ListPublicZones)" -eq 0
hconfig "zone_id = ff8080827a0000000000000000e2e009"
run sync --force
expect_rc "a wrong zone_id" 65
run sync --force
expect_rc "a wrong zone_id: again (it is the configuration's)" 65
check "a wrong zone_id: says the zone does not exist" \
    grep -q 'DNS.0302.*zone does not exist' "$T/err"

# A zone the account does not have (only myexample.com is like it).
ZONE=xample.com NAME=a.dns.xample.com hconfig
rm -rf "$T/state"
run sync
expect_rc "no such public zone" 65
check "no such public zone: says what to check" \
    grep -q 'xample.com is not a public zone of this account; check zone, or give its ID as zone_id' "$T/err"

# ---- the record set: exact name, created when missing, TTL ----

HW_EXTRA='"fuzzy_names": true' p_start "a.dns 198.51.100.99" \
    "xa.dns 192.0.2.77" "b.a.dns 192.0.2.78" "a.dns2 192.0.2.79"
lines3
hconfig
mark
run sync
expect_rc "a fuzzy name filter" 0
check "the name asked for exactly, in both ways" \
    test "$(logged params.search_mode ListRecordSetsByZone)" = equal -a \
    "$(logged params.name ListRecordSetsByZone)" = a.dns.example.com.
expect_listed "a fuzzy name filter: the set of a.dns" "$ALL3"
check "a fuzzy name filter: the sets named like it untouched" \
    test "$(listed xa.dns) $(listed b.a.dns) $(listed a.dns2)" = \
    "192.0.2.77 192.0.2.78 192.0.2.79" -a "$(calls UpdateRecordSet)" -eq 1

p_start "b 192.0.2.5"
hconfig
mark
run sync
expect_rc "no set yet: created" 0
check "no set yet: one POST with name, type, records, ttl" python3 -c '
import json, sys
b = json.loads(sys.argv[1])
assert b["name"] == "a.dns.example.com." and b["type"] == "A", b
assert sorted(b["records"]) == ["192.0.2.30", "198.51.100.20", "203.0.113.10"], b
assert b["ttl"] == 600, b' "$(logged params CreateRecordSet)"
check "no set yet: says so" grep -q "a.dns.example.com: added record set ff8080827b[0-9a-f]* 192.0.2.30,198.51.100.20,203.0.113.10 ttl 600" "$T/err"
expect_listed "no set yet" "$ALL3"
check "the new set's ID in the state file" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"]["home"]
ids = {r["id"] for r in g["verified"]["records"]}
assert ids == {sys.argv[2]}, (ids, sys.argv[2])' "$T/state/state.json" "$(p_ids)"
mark
run sync --force
expect_rc "created: then in sync" 2

p_start "a.dns $L1" "a.dns $L2" "a.dns $L3"
hconfig "ttl = 900"
mark
run sync
expect_rc "another TTL: the set rewritten" 0
check "another TTL: one PUT with ttl 900" \
    test "$(calls UpdateRecordSet)" -eq 1 -a "$(hw_sets | awk '{print $3}' | sort -u)" = 900
hconfig "ttl = 60"
hw_edit 's["zones"][0]["min_ttl"] = 300'
run sync
expect_rc "a TTL the zone refuses: DNS.0319" 69
check "a TTL the zone refuses: named" grep -q 'DNS.0319' "$T/err"

# The fake refuses an empty set, as the service does; echoddns never
# sends one (scenarios.sh: every source failed).
check "the fake refuses an empty record set" python3 - "$PORT" \
    "$CERTS/ca.pem" "$KEYID" "$SECRET" "$HW_ZONE" "$(p_ids)" <<'EOP'
import http.client, json, ssl, sys, time
sys.path.insert(0, "tests/fakes")
import sdkhmac
port, ca, ak, sk, zid, sid = sys.argv[1:7]
path = "/v2/zones/%s/recordsets/%s" % (zid, sid)
body = json.dumps({"records": [], "ttl": 300}).encode()
h = {"Content-Type": "application/json", "Host": "localhost:" + port,
     "X-Sdk-Date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())}
h["Authorization"] = sdkhmac.authorization("PUT", path, "", h, body, ak, sk)
c = http.client.HTTPSConnection("localhost", int(port),
                                context=ssl.create_default_context(cafile=ca))
c.request("PUT", path, body, h)
r = c.getresponse()
d = json.loads(r.read())
assert r.status == 400 and d["code"] == "DNS.0308", (r.status, d)
EOP

# Sets of other resolution lines (API v2.1): the default line's is ours.
p_start "a.dns 198.51.100.99"
hw_edit 's["recordsets"].append({"id": "ff8080827b00000000000000000b0001", "zone_id": s["zones"][0]["id"], "name": "a.dns.example.com.", "type": "A", "ttl": 300, "records": ["192.0.2.44"], "status": "ACTIVE", "line": "Dianxin"})'
hconfig
mark
run sync
expect_rc "a set of another line beside: left alone" 0
check "another line: the default set written, the other untouched" \
    test "$(logged path UpdateRecordSet)" = \
    "/v2/zones/$HW_ZONE/recordsets/ff8080827b0000000000000000e2e000" -a \
    "$(listed)" = "192.0.2.30 192.0.2.44 198.51.100.20 203.0.113.10"
# Two sets the listing does not tell apart: which to write is unknown.
hw_edit '[r.pop("line") for r in s["recordsets"] if r.get("line") == "Dianxin"]'
run sync --force
expect_rc "two sets of one name and type: a data error" 65
check "two sets: says so" grep -q 'several record sets of a.dns.example.com A' "$T/err"
# In a zone listing (resolver = api), such a name is no source.
p_start "a.dns $L1" "dns1 $L1" "dns2 $L2"
hw_edit 's["recordsets"].append({"id": "ff8080827b00000000000000000b0002", "zone_id": s["zones"][0]["id"], "name": "dns2.example.com.", "type": "A", "ttl": 300, "records": ["192.0.2.45"], "status": "ACTIVE"})'
SOURCES="dns1.example.com dns2.example.com" hconfig "resolver = api"
run -v sync
expect_rc "a source with two sets (resolver = api): no address" 68
check "a source with two sets: left out, said at -v" \
    grep -q 'zone example.com: dns2 has several A record sets' "$T/err"
expect_listed "a source with two sets: the name keeps the rest" "$L1"

# ---- PENDING_* after a write ----

# A set just written is PENDING_UPDATE until it is served: it holds what
# was written, so the next run is in sync, and a rewrite meanwhile is
# refused (DNS.0314) and tried again within the run.
HW_EXTRA='"pending_seconds": 60' p_start "a.dns 198.51.100.99"
hconfig
run sync
expect_rc "pending: the write" 0
check "pending: the set is PENDING_UPDATE" \
    test "$(hw_sets | awk '{print $2}' | sort -u)" = pending_update
mark
run sync --force
expect_rc "pending: the next run is in sync" 2
check "pending: nothing written again" test "$(p_writes)" -eq 0
lines3 "$L1" 198.51.100.22
TIMEOUT=12 hconfig
mark
run sync
expect_rc "pending: a rewrite while it is pending, all run long" 75
check "pending: DNS.0314 sent again, then given up" \
    grep -q 'DNS.0314.*gave up after [0-9] attempts' "$T/err"
# Steady again after one more refusal (a fault, not the clock: a busy
# machine must not decide how many PUTs there are).
hw_edit 'for r in s["recordsets"]: r["pending_until"] = 0'
fault '{"action": "UpdateRecordSet", "kind": "http", "status": 400, "body": "{\"code\": \"DNS.0314\", \"message\": \"The record set is not in a steady state.\"}", "times": 1}'
hconfig
mark
run sync
expect_rc "pending a moment more: tried again, and done" 0
check "pending a moment more: more than one PUT" test "$(calls UpdateRecordSet)" -ge 2
expect_listed "pending, then done" "$L3 198.51.100.22 $L1"
lines3

# ---- conflicts: read again, and settle ----

# Another writer created the set between our read and our POST.
p_start "b 192.0.2.5"
hconfig
fault '{"action": "ListRecordSetsByZone", "kind": "body", "times": 1, "body": "{\"recordsets\": [], \"metadata\": {\"total_count\": 0}}"}'
hw_edit 's["recordsets"].append({"id": "ff8080827b00000000000000000a0001", "zone_id": s["zones"][0]["id"], "name": "a.dns.example.com.", "type": "A", "ttl": 300, "records": ["192.0.2.99"], "status": "ACTIVE"})'
mark
run sync
expect_rc "DNS.0312 on create: read again, then PUT" 0
check "DNS.0312: POST refused, set read again, one PUT" \
    test "$(logged code CreateRecordSet)" = DNS.0312 -a \
    "$(calls ListRecordSetsByZone)" -eq 2 -a "$(calls UpdateRecordSet)" -eq 1
expect_listed "DNS.0312: converged" "$ALL3"

# Our own POST went through, but the reply was lost: the retry is
# refused, and the set already holds what was to be written.
p_start "b 192.0.2.5"
hconfig
fault '{"action": "CreateRecordSet", "kind": "error", "code": "DNS.0001", "http": 500, "commit": true, "times": 1}'
mark
run -v sync
expect_rc "a POST that went through, retried: settled" 0
check "settled: no second set, no PUT" \
    test "$(p_ids | wc -w)" -eq 1 -a "$(calls UpdateRecordSet)" -eq 0
check "settled: says so" grep -q 'already holds what was to be written (DNS.0312)' "$T/err"

# The set read is gone by the time of the PUT: read again and create it.
p_start "b 192.0.2.5"
hconfig
fault '{"action": "ListRecordSetsByZone", "kind": "body", "times": 1, "body": "{\"recordsets\": [{\"id\": \"gone1\", \"name\": \"a.dns.example.com.\", \"type\": \"A\", \"ttl\": 300, \"records\": [\"192.0.2.99\"], \"status\": \"ACTIVE\"}], \"metadata\": {\"total_count\": 1}}"}'
mark
run sync
expect_rc "DNS.0313 on update: read again, created" 0
check "DNS.0313: PUT refused, POST made" \
    test "$(logged code UpdateRecordSet)" = DNS.0313 -a "$(calls CreateRecordSet)" -eq 1
expect_listed "DNS.0313: converged" "$ALL3"

# A set being deleted still counts for a create: 75 until it is gone.
p_start "a.dns 198.51.100.99"
hconfig
hw_edit 'r = s["recordsets"][0]; r["status"] = "PENDING_DELETE"; r["pending_until"] = time.time() + 3600'
mark
run sync
expect_rc "a set being deleted: not yet" 75
check "a set being deleted: says the next run tries again" \
    grep -q 'DNS.0312, but no record set of a.dns.example.com A is listed (being deleted?); the next run tries again' "$T/err"
hw_edit 's["recordsets"][0]["pending_until"] = 0'
run sync
expect_rc "a set being deleted: gone, then created" 0
expect_listed "created after the delete" "$ALL3"

# Conflicts every time: no loop, 75.
p_start "b 192.0.2.5"
hconfig
fault '{"action": "ListRecordSetsByZone", "kind": "body", "times": -1, "body": "{\"recordsets\": [], \"metadata\": {\"total_count\": 0}}"}'
fault '{"action": "CreateRecordSet", "kind": "error", "code": "DNS.0312", "http": 400, "times": -1}'
mark
run sync
expect_rc "conflicts every time" 75
check "conflicts every time: one POST, one read again" \
    test "$(calls CreateRecordSet)" -eq 1 -a "$(calls ListRecordSetsByZone)" -eq 2

# The name's own set disabled in the console: said, left as it is.
p_start "a.dns $L1 off" "a.dns $L2 off" "a.dns $L3 off"
hconfig
run sync
expect_rc "a disabled set holding the lines: nothing to write" 2
check "a disabled set: said" grep -q 'is not served' "$T/err"

# ---- errors: what each code means ----

p_start "a.dns 198.51.100.99"
lines3
hconfig
code_run() {	# code_run NAME WANT-STATUS FAULT-JSON
	p_clear_faults
	[ -n "$3" ] && fault "$3"
	mark
	run sync --force
	expect_rc "$1" "$2"
}
printf 'not-the-secret\n' >"$T/wrong.secret"
chmod 600 "$T/wrong.secret"
hconfig
sed -i "s|^secret_access_key_file = .*|secret_access_key_file = $T/wrong.secret|" "$T/echoddns.ini"
code_run "a wrong secret: APIGW.0301" 77 ""
check "a wrong secret: says what to check" \
    grep -q "account p ($T/echoddns.ini:[0-9]*): the provider rejected the secret (APIGW.0301); check secret_access_key and access_key_id" "$T/err"
ACCOUNT_KEYID=HWnoSuchKey hconfig
code_run "an unknown key ID: APIGW.0301" 77 ""
ACCOUNT_KEYID=HWreadonlyKey hconfig
printf 'ro-secret\n' >"$T/p.secret"
code_run "a key that may only read: DNS.0013 on the PUT" 77 ""
check "may only read: names the permission" \
    grep -q 'the key may not call dns:recordset:update (DNS.0013)' "$T/err"
hconfig
code_run "APIGW.0302, HTTP 403" 77 '{"action": "*", "kind": "error", "code": "APIGW.0302", "http": 403, "message": "The IAM user is forbidden in the currently selected region"}'
check "APIGW.0302: a permission" grep -q 'the key may not call dns:recordset:list (APIGW.0302)' "$T/err"
code_run "DNS.0014 flow control, HTTP 403: throttled" 75 '{"action": "*", "kind": "error", "code": "DNS.0014", "http": 403, "message": "Request forbidden by flow control.", "times": -1}'
check "DNS.0014: backs off" grep -q 'throttles us; next try after' "$T/err"
p_clear_faults
mark
run sync
expect_rc "DNS.0014: the next run leaves it alone" 75
check "DNS.0014: no call in the back-off" test "$(calls)" -eq 0
code_run "DNS.0001 once: sent again" 0 '{"action": "*", "kind": "error", "code": "DNS.0001", "http": 500, "times": 1}'
code_run "an HTML 502 once: sent again" 2 '{"action": "*", "kind": "html", "times": 1}'
lines3 "$L1" 198.51.100.23
code_run "DNS.0308 on the PUT" 65 '{"action": "UpdateRecordSet", "kind": "error", "code": "DNS.0308", "http": 400, "message": "Invalid record set value."}'
code_run "DNS.0403 quota on the PUT" 69 '{"action": "UpdateRecordSet", "kind": "error", "code": "DNS.0403", "http": 403, "message": "Insufficient record set quota."}'
check "DNS.0403 is no permission" grep -q 'DNS.0403: Insufficient record set quota' "$T/err"
code_run "a reply without the code" 75 '{"action": "*", "kind": "http", "status": 503, "body": "{}", "times": -1}'
ENDPOINT=https://localhost:$PORT/nope hconfig
code_run "an endpoint with a wrong path: APIGW.0101" 69 ""
check "APIGW.0101: named" grep -q 'APIGW.0101' "$T/err"
hconfig
p_clear_faults

# The clock: 20 minutes off, corrected from the server's Date.
for how in APIGW.0303 APIGW.0301; do
	hw_edit "s['clock_offset'] = 1200; s['skew_code'] = '$how'"
	lines3 "$L1" "198.51.100.3${how#APIGW.030}"
	mark
	run -v sync
	expect_rc "a clock 20 minutes off ($how): corrected" 0
	check "a clock 20 minutes off ($how): said, one more call" \
	    grep -q 'local clock is off by 1[12][0-9][0-9] s' "$T/err"
	check "a clock 20 minutes off ($how): the refused call sent again" \
	    test "$(logged code | grep -c "$how")" -eq 1
done
hw_edit "s['clock_offset'] = 0"

# ---- X-Project-Id ----

hw_edit "s['accounts']['$KEYID']['project_id'] = 'p1'"
lines3 "$L1" 198.51.100.40
ACCOUNT_EXTRA="project_id = p1" hconfig
mark
run sync
expect_rc "project_id: sent and signed" 0
check "project_id: X-Project-Id on every call, signed" test \
    "$(logged project_id | sort -u)" = p1 -a \
    "$(logged signed | sort -u)" = "content-type;host;x-project-id;x-sdk-date"
ACCOUNT_EXTRA="project_id = p2" hconfig
run sync --force
expect_rc "another project_id: refused" 77

# ---- one zone listing for several groups, paged ----

# Three groups in the zone share one listing while it takes no more calls
# than reading each; a zone too large for that is read group by group.
zone_groups() {
	hconfig
	for g in b c; do
		printf '\n[group %s]\naccount = p\nzone = example.com\n' "$g"
		printf 'name = %s.dns.example.com\nsources = dns1.example.com\n' "$g"
	done >>"$T/echoddns.ini"
}
HW_EXTRA='"page_cap": 2' p_start "a.dns $L1" "b.dns $L1" "c.dns $L2" \
    "dns1 $L1" "x 192.0.2.1"
zone_groups
mark
run sync --force
expect_rc "three groups, one listing" 0
check "one listing of the zone, paged by 2: 3 calls, 2 writes" \
    test "$(calls ListRecordSetsByZone)" -eq 3 -a "$(p_writes)" -eq 2 -a \
    -z "$(logged params.name ListRecordSetsByZone | grep -v null)"
HW_EXTRA='"page_cap": 2' p_start "a.dns $L1" "b.dns $L1" "c.dns $L1" \
    "dns1 $L1" "x1 192.0.2.1" "x2 192.0.2.2" "x3 192.0.2.3"
lines3
hconfig
cat >>"$T/echoddns.ini" <<EOG

[group b]
account = p
zone = example.com
name = b.dns.example.com
sources = dns1.example.com dns2.example.com dns3.example.com

[group c]
account = p
zone = example.com
name = c.dns.example.com
sources = dns1.example.com dns2.example.com dns3.example.com
EOG
mark
run sync --force
expect_rc "a zone too large to list: group by group" 0
check "too large: one page, then one read per group" \
    test "$(calls ListRecordSetsByZone)" -eq 4
expect_listed "group by group: a" "$ALL3"

# ---- secrets ----

run -vvv sync --force
check "-vvv: the trace shows requests" grep -q '^echoddns: > PUT\|^echoddns: > GET' "$T/err"
check "-vvv: Authorization redacted" \
    grep -q '^echoddns: > Authorization: \[redacted\]' "$T/err"
check "-vvv: no signature in the trace" \
    sh -c '! grep -q "Signature=" "$1"' sh "$T/err"
finish
