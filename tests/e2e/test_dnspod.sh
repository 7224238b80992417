#!/bin/bash
# test_dnspod.sh - what is DNSPod's own, end to end against its fake: the
# request's shape (TC3 over the service "dnspod" whatever the host,
# Subdomain in a listing and SubDomain in a write, Status always sent,
# RecordId a JSON integer beyond 2^53), the default line 默认 and a line
# the API refuses, an empty listing as an error or not, paging, every
# error code with its exit status, the duplicate answer converging, the
# clock corrected from Date, the API calls of a run, and no secret shown.
# The shared scenarios are in scenarios.sh (prov/dnspod.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/prov/dnspod.sh"
FAKE=dnspod

L1=203.0.113.10 L2=198.51.100.20 L3=192.0.2.30
ID0=$DNSPOD_FIRST_ID
TELECOM=$(printf '\347\224\265\344\277\241')	# 电信

# dconfig [GROUP-LINE...]: one group over the fake, the secret in a file.
dconfig() {
	umask 077
	{
		printf '[echoddns]\nstate_dir = %s\ntimeout = %s\n\n' \
		    "$T/state" "${TIMEOUT:-$DEFAULT_TIMEOUT}"
		p_account | sed "s/^secret_id = .*/secret_id = ${ACCOUNT_ID:-$DNSPOD_ID}/"
		printf '\n[group home]\naccount = p\nzone = %s\n' \
		    "${ZONE:-example.com}"
		printf 'name = a.dns.%s\nsources = %s\n' "${ZONE:-example.com}" \
		    "${SOURCES:-dns1.example.com dns2.example.com dns3.example.com}"
		printf '%s\n' "$@"
	} >"$T/echoddns.ini"
	[ -n "${ACCOUNT_SECRET:-}" ] && printf '%s\n' "$ACCOUNT_SECRET" >"$T/p.secret"
	chmod 600 "$T/echoddns.ini"
}
lines3() {
	hosts "${1:-$L1} dns1.example.com" "${2:-$L2} dns2.example.com" \
	    "${3:-$L3} dns3.example.com"
}

# logged PYTHON-EXPR: some request since mark satisfies it (e: its log
# entry, p: its JSON parameters); every PYTHON-EXPR: all of them do.
logq() {
	tail -n +"$((MARK + 1))" "$T/api.log" | python3 -c '
import json, sys
want = sys.argv[2]
rows = [json.loads(l) for l in sys.stdin if l.strip()]
hits = [eval(sys.argv[1], {}, {"e": e, "p": e.get("params") or {}})
        for e in rows]
ok = any(hits) if want == "any" else (hits and all(hits))
sys.exit(0 if ok else 1)' "$2" "$1"
}
logged() { logq any "$1"; }
every() { logq all "$1"; }

# codes CODE: replies with this error code since mark.
codes() {
	tail -n +"$((MARK + 1))" "$T/api.log" | grep -c "\"code\": \"$1\""
}

# set_state PYTHON: run PYTHON on the fake's state s, then save it.
set_state() {
	python3 - "$T/fake.json" "$1" <<'EOP'
import json, os, sys
p = sys.argv[1]
s = json.load(open(p))
exec(sys.argv[2])
json.dump(s, open(p + ".t", "w"), ensure_ascii=False)
os.replace(p + ".t", p)
EOP
}

# ---- the request's shape, the default line, the calls of a run ----

p_start "dns1 $L1" "dns2 $L2" "dns3 $L3" "a.dns $L1" "a.dns 198.51.100.99" \
    "a.dns 192.0.2.99 off"
lines3
dconfig
run check
expect_rc "check: a dnspod group with the default line" 0
mark
run sync
expect_rc "first sync" 0
check "first sync: the name lists every line" \
    test "$(p_listed | tr '\n' ' ')" = "$L3 $L2 $L1 "
check "TC3 over the service dnspod, Host as sent (localhost:port)" \
    every 'e["service"] == "dnspod" and e["host"] == "localhost:'"$PORT"'" and e["signed_headers"] == "content-type;host;x-tc-action"'
check "a listing filters with Subdomain (lower-case d), exactly" \
    logged 'e["action"] == "DescribeRecordList" and p.get("Subdomain") == "a.dns" and "SubDomain" not in p and p["RecordType"] == "A" and p["ErrorOnEmpty"] == "no"'
check "the default line is 默认" \
    every '"RecordLine" not in p or p["RecordLine"] == "\u9ed8\u8ba4"'
check "writes name SubDomain (upper-case D) and send Status" \
    every 'e["action"] != "ModifyRecord" or (p["SubDomain"] == "a.dns" and p["Status"] in ("ENABLE", "DISABLE") and "Subdomain" not in p)'
check "RecordId is a JSON integer, exact beyond 2^53" \
    logged 'e["action"] == "ModifyRecord" and type(p["RecordId"]) is int and p["RecordId"] >= 9007199254740993'
check "a disabled spare takes its value still disabled, then is enabled" \
    logged 'e["action"] == "ModifyRecord" and p["RecordId"] == '"$((ID0 + 5))"' and p["Status"] == "DISABLE"'
check "... by ModifyRecordStatus" \
    logged 'e["action"] == "ModifyRecordStatus" and p["RecordId"] == '"$((ID0 + 5))"' and p["Status"] == "ENABLE"'
check "the IDs shown are exact" grep -q "record $((ID0 + 5)) " "$T/err"

mark
run sync --force
expect_rc "in sync, without the state's help" 2
n_force=$(calls)
check "in sync without state: one API call" test "$n_force" -eq 1
mark
run sync
expect_rc "in sync, with the state file" 2
n_state=$(calls)
check "in sync with state: no API call" test "$n_state" -eq 0
lines3 "$L1" 198.51.100.21
mark
run sync
expect_rc "a redial" 0
n_redial=$(calls)
check "a redial: two API calls (a listing, a ModifyRecord)" \
    test "$n_redial" -eq 2 -a "$(calls ModifyRecord)" -eq 1
echo "# dnspod: API calls of an in-sync run: $n_force without state," \
    "$n_state with; of a redial: $n_redial"

# The enable after an update fails: the record holds its new value but
# stays disabled, as the ModifyRecord asked (left out, Status would have
# enabled it at once).
p_start "a.dns $L1" "a.dns 192.0.2.99 off"
lines3 "$L1" "$L2" "$L1"
dconfig
fault '{"action": "ModifyRecordStatus", "kind": "error", "code": "FailedOperation.DomainIsLocked", "message": "The domain is locked.", "times": -1}'
mark
run sync
expect_rc "the enable fails: the domain is locked" 69
check "the spare holds the value, still disabled" \
    test "$(p_disabled)" = "$L2" -a "$(p_listed)" = "$L1"
check "the enable failure is named" grep -q 'FailedOperation.DomainIsLocked' "$T/err"

# Created records get a RecordId beyond 2^53 and are shown exactly.
p_start "a.dns $L1"
lines3
dconfig
mark
run --json sync
expect_rc "new records" 0
check "--json: the created records' IDs are exact" python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
ids = sorted(a["record"] for a in g["actions"] if a["action"] == "add")
assert ids == [str(sys.argv[2]), str(int(sys.argv[2]) + 1)], ids' \
    "$T/out" "$((ID0 + 1000))"
check "CreateRecord: SubDomain, the line, the TTL an integer" \
    every 'e["action"] != "CreateRecord" or (p["SubDomain"] == "a.dns" and p["RecordLine"] == "\u9ed8\u8ba4" and p["TTL"] == 600)'

# ---- an empty listing: an error by default, none with ErrorOnEmpty ----

for ignore in false true; do
	DNSPOD_EXTRA="\"ignore_error_on_empty\": $ignore" p_start "dns1 $L1"
	lines3
	dconfig
	mark
	run sync
	expect_rc "no records yet (NoDataOfRecord $([ $ignore = true ] && echo always || echo "unless ErrorOnEmpty"))" 0
	check "no records yet: three created" test "$(p_listed | wc -l)" -eq 3
	[ $ignore = true ] && check "no records yet: the empty listing was an error" \
	    grep -q '"code": "ResourceNotFound.NoDataOfRecord"' "$T/api.log"
done
DNSPOD_EXTRA=

# ---- lines ----

p_start "a.dns $L1" "a.dns 198.51.100.99"
set_state 's["records"].append({"RecordId": 555, "Domain": "example.com", "Name": "a.dns", "Type": "A", "Value": "192.0.2.55", "TTL": 600, "Line": "'"$TELECOM"'", "Status": "ENABLE"})'
lines3
dconfig "line = $TELECOM"
run check
expect_rc "check: line = 电信" 0
mark
run sync
expect_rc "line = 电信: its own records only" 0
check "line = 电信: the records of 默认 untouched" \
    test "$(dnspod_records | grep -c '默认')" -eq 2 -a \
    "$(dnspod_records | grep '默认' | awk '{ print $1 }' | tr '\n' ' ')" = "198.51.100.99 $L1 "
check "line = 电信: its record reused, the others created" \
    test "$(dnspod_records | grep -c "$TELECOM")" -eq 3
check "line = 电信: sent as such" \
    every '"RecordLine" not in p or p["RecordLine"] == "\u7535\u4fe1"'

dconfig "line = 火星"
mark
run sync
expect_rc "a line the API refuses" 65
check "a line the API refuses: says which and what to fix" \
    grep -q "DNSPod has no line '火星' for zone example.com (InvalidParameter.RecordLineInvalid); check line" "$T/err"
check "a line the API refuses: nothing written" test "$(p_writes)" -eq 0

# ---- paging ----

recs=$(python3 -c '
import json
print(json.dumps([{"RecordId": 1000 + i, "Domain": "example.com", "Name": "h%d" % i,
  "Type": "A", "Value": "192.0.2.%d" % (i % 250 + 1), "TTL": 600,
  "Line": "\u9ed8\u8ba4", "Status": "ENABLE"} for i in range(1200)]
  + [{"RecordId": 5000, "Domain": "example.com", "Name": "dns1", "Type": "A",
  "Value": "203.0.113.10", "TTL": 600, "Line": "\u9ed8\u8ba4", "Status": "ENABLE"},
  {"RecordId": 5001, "Domain": "example.com", "Name": "a.dns", "Type": "A",
  "Value": "203.0.113.10", "TTL": 600, "Line": "\u9ed8\u8ba4", "Status": "ENABLE"}],
  ensure_ascii=False))')
stop_fake
dnspod_state "$recs"
start_fake
rm -rf "$T/state"
SOURCES=dns1.example.com dconfig "resolver = api"
mark
run sync --force
expect_rc "a zone of 1202 records, read whole (resolver = api)" 2
check "pages of at most 3000, offsets in order: 3 calls" \
    test "$(calls DescribeRecordList)" -eq 3
check "paging: Offset 0, 500, 1000" \
    logged 'p.get("Offset") == 1000 and p.get("Limit") <= 3000'
# Two groups of the zone: a listing would take more calls than reading
# the two names: each name is read on its own after the first page.
SOURCES=dns1.example.com dconfig
cat >>"$T/echoddns.ini" <<EOG

[group home2]
account = p
zone = example.com
name = h1.example.com
sources = dns1.example.com
EOG
mark
run sync --force
expect_rc "two groups, a large zone" 0
check "two groups, a large zone: a first page, then one listing per name" \
    test "$(calls DescribeRecordList)" -eq 3
check "... of h1 and of a.dns" logged 'p.get("Subdomain") == "h1"'

# ---- errors and their exit status ----

p_start "a.dns $L1" "a.dns 198.51.100.99"
lines3
ACCOUNT_SECRET=wrong-secret-value dconfig
run sync
expect_rc "a wrong secret_key" 77
check "a wrong secret_key: says what to fix, where" \
    grep -q "account p ($T/echoddns.ini:5): the provider rejected the secret (AuthFailure.SignatureFailure); check secret_key" "$T/err"
ACCOUNT_SECRET=$SECRET dconfig
ACCOUNT_ID=AKIDnobody dconfig
run sync
expect_rc "an unknown secret_id" 77
check "an unknown secret_id: says what to fix" \
    grep -q "does not know the key ID, or it is disabled (AuthFailure.SecretIdNotFound); check secret_id" "$T/err"
ACCOUNT_ID=AKIDdisabled ACCOUNT_SECRET=ro-secret dconfig
run sync
expect_rc "a disabled secret_id" 77
ACCOUNT_ID=AKIDreadonly ACCOUNT_SECRET=ro-secret dconfig
run sync
expect_rc "a key that may only read" 77
check "a key that may only read: names the action" \
    grep -q "the key may not call ModifyRecord (AuthFailure.UnauthorizedOperation); grant it" "$T/err"
ACCOUNT_SECRET=$SECRET dconfig

# code [HTTP] [TIMES]: the next sync meets this error on every call.
code_fault() {
	p_clear_faults
	fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": \"$1\", \"message\": \"Injected $1.\", \"http\": ${2:-200}, \"times\": ${3:--1}}"
}
# (Each code retried costs the run 7 s of back-off: the unit test holds
# the rest of the table.)
for c in UnauthorizedOperation:77 AuthFailure.InvalidAuthorization:77 \
    RequestLimitExceeded.IPLimitExceeded:75 \
    InvalidParameterValue.DomainNotExists:65 \
    InvalidParameter.RecordIdInvalid:65 \
    LimitExceeded.SubdomainRollLimit:69 FailedOperation.DomainIsLocked:69 \
    FailedOperation.SomethingNew:69 UnknownParameter:76 \
    MissingParameter:76 InvalidParameter:76 NoSuchVersion:76; do
	code_fault "${c%:*}"
	rm -rf "$T/state"
	run sync --force
	expect_rc "Response.Error.Code ${c%:*}" "${c#*:}"
	check "${c%:*}: named" grep -q "${c%:*}" "$T/err"
done
code_fault FailedOperation.SomethingNew 502
run sync --force
expect_rc "an unknown code with HTTP 502: the server's trouble" 75
check "an unknown code with HTTP 502: retried" \
    grep -q 'gave up after 4 attempts' "$T/err"
p_clear_faults
fault '{"action": "*", "kind": "body", "body": "{\"Response\": {\"Error\": {\"Message\": \"no code\"}}}", "times": -1}'
run sync --force
expect_rc "an error without a Code" 76
p_clear_faults
rm -rf "$T/state"

# Throttled: the back-off is remembered.
code_fault RequestLimitExceeded
run sync --force
expect_rc "throttled" 75
check "throttled: retried within the run" grep -q 'gave up after 4 attempts' "$T/err"
mark
run sync
expect_rc "throttled: the next run waits" 75
check "throttled: no call while held off" test "$(calls)" -eq 0
p_clear_faults
rm -rf "$T/state"

# A zone the account does not have.
ZONE=example.org SOURCES=dns1.example.com dconfig
run sync
expect_rc "a zone the account lacks" 65
check "a zone the account lacks: says so" \
    grep -q 'the account has no zone example.org at DNSPod (InvalidParameterValue.DomainNotExists); check zone' "$T/err"
# A TTL below the plan's minimum.
dconfig "ttl = 300"
run sync
expect_rc "a TTL below the plan's minimum" 69
check "a TTL below the plan's minimum: named" grep -q 'LimitExceeded.RecordTtlLimit' "$T/err"
# More lines than the plan's round-robin quota.
p_start "a.dns $L1"
set_state 's["zones"]["example.com"]["record_quota"] = 2'
dconfig
run sync
expect_rc "more addresses than the round-robin quota" 69
check "the quota: named" grep -q 'LimitExceeded.SubdomainRollLimit' "$T/err"

# ---- the clock ----

p_start "a.dns $L1" "a.dns 198.51.100.99"
set_state 's["clock_offset"] = 3600'
dconfig
mark
run -v sync
expect_rc "a clock an hour slow: corrected from Date" 0
check "the clock: said" grep -q 'local clock is off by 3[56][0-9][0-9] s' "$T/err"
check "the clock: one refused call, then the server's time" \
    test "$(codes AuthFailure.SignatureExpire)" -eq 1
code_fault AuthFailure.SignatureExpire
rm -rf "$T/state"
run sync --force
expect_rc "a timestamp refused whatever its time" 75
check "... says to check the clock" grep -q 'the local clock is wrong (Injected AuthFailure.SignatureExpire.); check NTP' "$T/err"
p_clear_faults

# ---- duplicates converge: re-read, never a second record ----

# A CreateRecord that went through, its reply lost: the retry meets
# DomainRecordExist, a listing finds the record.
p_start "a.dns $L1"
dconfig
rm -rf "$T/state"
fault '{"action": "CreateRecord", "kind": "error", "code": "InternalError", "commit": true, "times": 1}'
mark
run -v sync
expect_rc "a create whose reply was lost" 0
check "a create whose reply was lost: no duplicate" \
    test "$(p_listed | sort | uniq -d)" = "" -a "$(p_listed | wc -l)" -eq 3
check "... DomainRecordExist, then the name read again" \
    test "$(codes InvalidParameter.DomainRecordExist)" -eq 1 -a \
    "$(calls DescribeRecordList)" -eq 2
check "... says it is there" grep -q 'already present as record' "$T/err"
# A ModifyRecord that went through: the retry changes nothing, DNSPod
# calls that DomainRecordExist, DescribeRecord shows the value is there.
lines3 "$L1" 198.51.100.21
fault '{"action": "ModifyRecord", "kind": "error", "code": "InternalError", "commit": true, "times": 1}'
mark
run -v sync
expect_rc "a modify whose reply was lost" 0
check "... re-read with DescribeRecord" test "$(calls DescribeRecord)" -eq 1
check "... says the record holds the value" grep -q 'record already holds 198.51.100.21' "$T/err"
# Another record holds the value already: not converged, tried again later.
lines3 "$L1" 198.51.100.22
fault '{"action": "ModifyRecord", "kind": "error", "code": "InvalidParameter.DomainRecordExist", "times": 1}'
run sync
expect_rc "another record already holds the value" 75
check "... says so" grep -q 'another record of a.dns.example.com already holds 198.51.100.22' "$T/err"
run sync
expect_rc "... the next run converges" 0
# The re-read itself fails: that failure, once, and its status.
lines3 "$L1" 198.51.100.23
fault '{"action": "ModifyRecord", "kind": "error", "code": "InvalidParameter.DomainRecordExist", "times": 1}'
fault '{"action": "DescribeRecord", "kind": "error", "code": "FailedOperation.DomainIsLocked", "times": 1}'
run sync
expect_rc "the re-read after DomainRecordExist fails" 69
check "... that failure is the one reported" sh -c \
    'grep -q "DescribeRecord.*FailedOperation.DomainIsLocked" "$1" &&
    ! grep -q "another record" "$1"' sh "$T/err"
run sync
expect_rc "... the next run converges" 0

# ---- the fake's other faults, in DNSPod's shapes ----

p_start "a.dns $L1" "a.dns $L2" "a.dns $L3"
lines3
dconfig
fault '{"action": "*", "kind": "reset", "times": 1}'
run sync --force
expect_rc "a connection reset once: retried" 2
fault '{"action": "*", "kind": "empty", "times": -1}'
run sync --force
expect_rc "an empty body" 76
p_clear_faults
fault '{"action": "*", "kind": "html", "times": -1}'
run sync --force
expect_rc "an HTML 502 page every time" 75
p_clear_faults
fault '{"action": "*", "kind": "http", "status": 200, "body": "{\"Response\": {\"Error\": {\"Code\": \"AuthFailure.SecretIdNotFound\", \"Message\": \"x\"}}}", "times": 1}'
mark
run sync --force
expect_rc "a raw error body" 77
check "a raw error body: the fake logs its code" \
    test "$(codes AuthFailure.SecretIdNotFound)" -eq 1
TIMEOUT=4 dconfig
fault '{"action": "*", "kind": "slow", "seconds": 30, "times": -1}'
t0=$(date +%s)
run sync --force
expect_rc "a listing trickling in" 75
within_deadline "a listing trickling in: the run ends by its deadline" "$t0" 4
p_clear_faults
dconfig

# ---- secrets ----

mark
run -vvv sync --force
check "-vvv: the Authorization header is redacted" \
    grep -q '^echoddns: > Authorization: \[redacted\]' "$T/err"
check "-vvv: the TC3 headers are shown" grep -q '^echoddns: > X-TC-Action: DescribeRecordList' "$T/err"
check "-vvv: no signature in the trace" sh -c '! grep -q "Signature=" "$1"' sh "$T/err"
finish
