#!/bin/bash
# test_cloudflare.sh - what is Cloudflare's own, against its fake: the
# requests (token, paths under the endpoint's /client/v4, filters, paging,
# bodies that keep proxied), the zone ID looked up, cached and healed, TTL
# 1, the apex, the envelope's success deciding, every error code with its
# exit status and the fix it names, throttling with Retry-After, races
# answered 81057/81058/81044, the token never printed (-vvv trace
# included), and the API calls each kind of run costs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/prov/cloudflare.sh"

L1=203.0.113.10 L2=198.51.100.20
hosts "$L1 dns1.example.com" "$L2 dns2.example.com"

# cfg [GROUP-LINE...]: the configuration, api_token from a file.
cfg() {
	umask 077
	{
		printf '[echoddns]\nstate_dir = %s\ntimeout = %s\n\n' "$T/state" \
		    "${TIMEOUT:-$DEFAULT_TIMEOUT}"
		p_account
		[ -n "${ACCOUNT_EXTRA:-}" ] && printf '%s\n' "$ACCOUNT_EXTRA"
		printf '\n[group home]\naccount = p\nzone = example.com\n'
		printf 'name = %s\nsources = %s\n' "${NAME:-a.dns.example.com}" \
		    "${SOURCES:-dns1.example.com dns2.example.com}"
		printf '%s\n' "$@"
	} >"$T/echoddns.ini"
	chmod 600 "$T/echoddns.ini"
	[ -z "${TOKEN_AS:-}" ] || printf '%s\n' "$TOKEN_AS" >"$T/p.secret"
}

# logq PYTHON-EXPR: evaluated over the API log since mark; L = every
# request, W = the writes.
logq() {
	tail -n +"$((MARK + 1))" "$T/api.log" | python3 -c '
import json, sys
L = [json.loads(l) for l in sys.stdin if l.strip()]
W = [e for e in L if e.get("action") in ("dns_records.create",
     "dns_records.edit", "dns_records.update", "dns_records.delete")]
print(eval("(" + sys.argv[1] + ")"))' "$1"
}

# set_fake KEY JSON: one top-level key of the fake's state.
set_fake() {
	python3 - "$T/fake.json" "$1" "$2" <<'EOP'
import json, os, sys
p = sys.argv[1]
s = json.load(open(p))
s[sys.argv[2]] = json.loads(sys.argv[3])
json.dump(s, open(p + ".tmp", "w"))
os.replace(p + ".tmp", p)
EOP
}

# state_zone_id: the zone ID kept in echoddns's state file, or "".
state_zone_id() {
	python3 -c '
import json, sys
try:
    g = json.load(open(sys.argv[1]))["groups"]["home"]
except (OSError, ValueError, KeyError):
    g = {}
print(g.get("zone_id", ""))' "$T/state/state.json"
}

# expect_cf NAME WANT: the records of a.dns, "content ttl proxied" sorted.
expect_cf() {
	local got
	got=$(cf_records | cut -d' ' -f1-3 | tr '\n' ',' | sed 's/,$//')
	if [ "$got" = "$2" ]; then ok "$1: records"; else
		not_ok "$1: records [$got], wanted [$2]"; fi
}

not_grep() {
	! grep -q "$@"
}

GOOD="$L2 600 false,$L1 600 false"

# ---- the calls each run costs ----

cf_fresh "[$(cf_rec 1 a.dns $L1), $(cf_rec 2 a.dns $L2)]"
cfg
mark
run sync
expect_rc "in sync, the first run ever" 2
check "first run ever: the zone lookup and one listing" test "$(calls)" -eq 2
check "first run ever: the zone ID is kept in the state file" \
    test "$(state_zone_id)" = "$ZONE_ID"
check "zone lookup: GET /zones?name=example.com under /client/v4" \
    test "$(logq 'L[0]["method"] == "GET" and L[0]["path"] ==
    "/client/v4/zones" and L[0]["params"]["name"] == "example.com"')" = True
check "listing: type, exact name, per_page 100, page 1" \
    test "$(logq 'L[1]["path"] == "/client/v4/zones/'"$ZONE_ID"'/dns_records"
    and L[1]["params"] == {"type": "A", "name.exact": "a.dns.example.com",
    "per_page": "100", "page": "1"}')" = True
check "every call carried the token as a Bearer" \
    test "$(logq 'all(e["token_ok"] for e in L)')" = True
echo "# cloudflare: API calls of the first in-sync run ever: $(calls)"
mark
run sync
expect_rc "in sync, with the state file" 2
check "in sync, with the state file: no API call" test "$(calls)" -eq 0
mark
run sync --force
expect_rc "in sync, without the state's verification (--force)" 2
check "in sync, zone ID cached: one call" test "$(calls)" -eq 1
echo "# cloudflare: API calls of an in-sync run: $(calls) without state" \
    "(zone ID cached), 0 with"
rm -rf "$T/state"
cfg "zone_id = $ZONE_ID"
mark
run sync
expect_rc "in sync, zone_id given, no state file" 2
check "zone_id given: one call, no zone lookup" \
    test "$(calls)" -eq 1 -a "$(calls 'zones.*')" -eq 0
hosts "$L1 dns1.example.com" "198.51.100.21 dns2.example.com"
mark
run sync
expect_rc "line 2 redials" 0
check "redial: one listing and one PATCH" \
    test "$(calls)" -eq 2 -a "$(calls 'dns_records.edit')" -eq 1
echo "# cloudflare: API calls of a redial: $(calls)"
check "PATCH: content and ttl only, as JSON" \
    test "$(logq 'W[0]["method"] == "PATCH" and W[0]["params"]["body"] ==
    {"content": "198.51.100.21", "ttl": 600} and
    W[0]["content_type"] == "application/json"')" = True
hosts "$L1 dns1.example.com" "$L2 dns2.example.com"

# ---- bodies: proxied kept on a PATCH, false on a new record ----

cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99 1 true)]"
cfg
mark
run sync
expect_rc "a proxied record reused, one added" 0
expect_cf "proxied" "$L2 600 false,$L1 1 true"
check "POST: type, FQDN, content, ttl, proxied false" \
    test "$(logq '[e["params"]["body"] for e in W if e["method"] ==
    "POST"] == [{"type": "A", "name": "a.dns.example.com", "content":
    "'"$L2"'", "ttl": 600, "proxied": False}]')" = True
check "PATCH of the proxied record does not send proxied" \
    test "$(logq '[sorted(e["params"]["body"]) for e in W if e["method"] ==
    "PATCH"] == [["content", "ttl"]]')" = True

# ---- the endpoint: its path prefix, a trailing slash ----

cf_fresh "[$(cf_rec 1 a.dns $L1), $(cf_rec 2 a.dns $L2)]"
cfg
sed -i "s|^endpoint = \(.*\)|endpoint = \1/|" "$T/echoddns.ini"
run sync
expect_rc "an endpoint with a trailing slash" 2
sed -i "s|^endpoint = \(.*\)/client/v4/|endpoint = \1|" "$T/echoddns.ini"
rm -rf "$T/state"
run sync
expect_rc "an endpoint without /client/v4: no route" 65
check "no route: says 7000" grep -q '7000' "$T/err"

# ---- TTL 1 (automatic) and the apex ----

cf_fresh "[$(cf_rec 1 a.dns $L1), $(cf_rec 2 a.dns $L2 300)]"
cfg "ttl = 1"
run check
expect_rc "ttl = 1 passes check" 0
mark
run sync
expect_rc "ttl = 1: the TTLs set to automatic" 0
expect_cf "ttl = 1" "$L2 1 false,$L1 1 false"
mark
run sync --force
expect_rc "ttl = 1: then in sync" 2
expect_writes_0=$(p_writes)
check "ttl = 1: in sync, no write" test "$expect_writes_0" -eq 0
cfg "ttl = 30"
run sync
expect_rc "ttl = 30, below Cloudflare's minimum: refused, not retried" 69
check "ttl = 30: Cloudflare's words" grep -q '9021' "$T/err"

cf_fresh "[$(cf_rec 1 @ 192.0.2.99), $(cf_rec 2 www 192.0.2.98)]"
NAME=example.com cfg
mark
run sync
expect_rc "the apex" 0
check "the apex: listed by its FQDN" \
    test "$(logq 'L[1]["params"]["name.exact"] == "example.com"')" = True
check "the apex: its record reused, one added under the zone's name" \
    test "$(cf_records @ | cut -d' ' -f1 | tr '\n' ' ')" = "$L2 $L1 "
check "the apex: www untouched" test "$(p_listed www)" = 192.0.2.98
run sync --force
expect_rc "the apex: then in sync" 2

# ---- exact names, and paging ----

many() {	# many N NAME: N records named NAME.example.com, from 10.1.0.1
	python3 -c '
import json, sys
n, name, zid = int(sys.argv[1]), sys.argv[2], sys.argv[3]
print(", ".join(json.dumps({"id": "%032x" % (0x100000 + i), "zone_id": zid,
      "name": name + ".example.com", "type": "A",
      "content": "10.%d.%d.%d" % (1 + i // 65536, i // 256 % 256, 1 + i % 256),
      "ttl": 600, "proxied": False}) for i in range(n)))' "$1" "$2" "$ZONE_ID"
}
cf_fresh "[$(cf_rec 1 a.dns $L1), $(cf_rec 2 x.a.dns 192.0.2.7), $(cf_rec 3 ab.dns 192.0.2.8), $(many 250 other), $(cf_rec 4 dns1 $L1), $(cf_rec 5 dns2 $L2)]"
cfg
run sync
expect_rc "exact name: only a.dns is ours" 0
check "exact name: x.a.dns and ab.dns untouched" \
    test "$(p_listed x.a.dns) $(p_listed ab.dns)" = "192.0.2.7 192.0.2.8"
# resolver = api reads the whole zone: 256 A records, three pages.
cfg "resolver = api"
mark
run sync --force
expect_rc "resolver = api, three pages of the zone" 2
check "three pages, read in order, the name filter left out" \
    test "$(logq '[(e["params"]["page"], "name.exact" in e["params"]) for e
    in L] == [("1", False), ("2", False), ("3", False)]')" = True
# Two groups of one zone: one listing serves both when it takes fewer
# calls than reading each name; with 256 records it does not.
cfg
cat >>"$T/echoddns.ini" <<EOG

[group second]
account = p
zone = example.com
name = b.dns.example.com
sources = dns1.example.com
EOG
mark
run sync --force home second
expect_rc "two groups, a zone of three pages" 0
check "two groups, three pages: one page to see, then one listing each" \
    test "$(logq '[("name.exact" in e["params"]) for e in L if e["action"]
    == "dns_records.list"] == [False, True, True]')" = True
cf_fresh "[$(cf_rec 1 a.dns $L1), $(cf_rec 2 a.dns $L2), $(cf_rec 3 b.dns $L1), $(cf_rec 4 dns1 $L1), $(cf_rec 5 dns2 $L2)]"
cfg "resolver = api"
cat >>"$T/echoddns.ini" <<EOG

[group second]
account = p
zone = example.com
name = b.dns.example.com
sources = dns1.example.com
EOG
run sync
mark
run sync --force home second
expect_rc "two groups, a small zone" 2
check "two groups, a small zone: one listing for both, sources too" \
    test "$(calls)" -eq 1

# ---- the zone ID: looked up, cached, healed, given ----

cf_fresh "[$(cf_rec 1 a.dns $L1), $(cf_rec 2 a.dns $L2)]"
cfg
run sync
check "zone ID cached" test "$(state_zone_id)" = "$ZONE_ID"
# The zone was deleted and added again: a new ID.
NEWZ=5a1f00d5a1f00d5a1f00d5a1f00d5a1f
python3 - "$T/fake.json" "$ZONE_ID" "$NEWZ" <<'EOP'
import json, os, sys
p, old, new = sys.argv[1:]
s = json.load(open(p))
for z in s["zones"]:
    if z["id"] == old:
        z["id"] = new
for r in s["records"]:
    if r["zone_id"] == old:
        r["zone_id"] = new
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
mark
run sync --force
expect_rc "a stale cached zone ID" 65
check "stale zone ID: 7003 named, and what happens next" \
    grep -q "knows no zone ID $ZONE_ID (7003).*looked up again" "$T/err"
check "stale zone ID: forgotten" test -z "$(state_zone_id)"
mark
run sync --force
expect_rc "stale zone ID: healed on the next run" 2
check "healed: the zone looked up again, then listed" \
    test "$(logq '[e["action"] for e in L] == ["zones.list",
    "dns_records.list"]')" = True
check "healed: the new ID kept" test "$(state_zone_id)" = "$NEWZ"
# A zone_id given that does not exist stays an error, without lookups.
cfg "zone_id = $ZONE_ID"
mark
run sync --force
expect_rc "zone_id given, unknown" 65
run sync
expect_rc "zone_id given, unknown, again" 65
check "zone_id given: never looked up" test "$(calls 'zones.list')" -eq 0
check "zone_id given: says to correct it" grep -q 'zone_id must be corrected' "$T/err"
# 404 on the zone, whatever its code.
cfg
fault '{"action": "dns_records.list", "kind": "error", "code": 1001, "http": 404, "message": "Invalid zone identifier"}'
run sync --force
expect_rc "HTTP 404 on the zone" 65
check "404: the cached zone ID forgotten" test -z "$(state_zone_id)"
# The zone ID of another zone: its names are not ours.
cf_fresh "[$(cf_rec 1 a.dns $L1), {\"id\": \"$(printf %032x 77)\", \"zone_id\": \"$(printf %032x 231)\", \"name\": \"a.dns.example.net\", \"type\": \"A\", \"content\": \"$L1\", \"ttl\": 600, \"proxied\": false}]"
cfg "zone_id = $(printf %032x 231)" "resolver = api"
mark
run sync
expect_rc "zone_id of another zone" 65
check "another zone's ID: says so" grep -q "is another zone's than example.com" "$T/err"
check "another zone's ID: nothing written" test "$(p_writes)" -eq 0
cfg "zone_id = $(printf %032x 231)"
mark
run sync
expect_rc "zone_id of another zone, the name read alone" 65
check "another zone's ID: the stray record named" \
    grep -q "Cloudflare created a.dns.example.com.example.net; check zone and zone_id" "$T/err"
check "another zone's ID: the stray record removed again" test "$(logq '[(e["action"],
    e["status"]) for e in W] == [("dns_records.create", 200),
    ("dns_records.delete", 200)]')" = True
check "another zone's ID: example.net as it was" test "$(python3 -c '
import json, sys
print(sorted(r["name"] for r in json.load(open(sys.argv[1]))["records"]))' "$T/fake.json")" = "['a.dns.example.com', 'a.dns.example.net']"
# No zone of that name (or the token cannot read zones).
cf_fresh "[$(cf_rec 1 a.dns $L1)]"
cfg
sed -i 's/^zone = example.com/zone = example.org/; s/^name = .*/name = a.dns.example.org/' "$T/echoddns.ini"
run sync
expect_rc "no zone of that name" 65
check "no zone: says what to check" grep -q 'sees no zone example.org.*zone_id' "$T/err"
TOKEN_AS=$(printf 'n%.0s' $(seq 40)) cfg
run sync
expect_rc "a token without Zone > Zone > Read" 65
check "without Zone Read: names the permission" grep -q 'Zone > Zone > Read' "$T/err"
TOKEN_AS=$(printf 'n%.0s' $(seq 40)) cfg "zone_id = $ZONE_ID"
run sync
expect_rc "without Zone Read, zone_id given: works" 0

# ---- credentials and permissions: 77 with the fix ----

cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]"
TOKEN_AS=${SECRET}0123456789xyz cfg
run -vv sync
expect_rc "an unknown token (9109 Invalid access token)" 77
check "unknown token: check api_token, with file:line" \
    grep -q "account p (.*echoddns.ini:[0-9]*): .*rejected.*(9109); check api_token" "$T/err"
TOKEN_AS=short-token cfg
run -vv sync
expect_rc "a malformed token (6003, 6111)" 77
check "malformed token: check api_token" grep -q '(6003); check api_token' "$T/err"
check "malformed token: the error chain at -vv" grep -q '6111: Invalid format for Authorization header' "$T/err"
TOKEN_AS=$(printf 'r%.0s' $(seq 40)) cfg
mark
run sync
expect_rc "a token without Zone > DNS > Edit (10000)" 77
check "without DNS Edit: read, then one write refused" \
    test "$(p_reads)" -eq 2 -a "$(p_writes)" -eq 1
check "without DNS Edit: names the permission" \
    grep -q 'may not call dns_records (needs Zone > DNS > Edit) (10000)' "$T/err"
TOKEN_AS=$(printf 'o%.0s' $(seq 40)) cfg "zone_id = $ZONE_ID"
run sync
expect_rc "a token for another zone (9109 Unauthorized)" 77
check "another zone's token: a permission, not the token" \
    grep -q 'may not call dns_records (needs Zone > DNS > Read) (9109)' "$T/err"
cfg
for c in "1000 401 Invalid API Token" "10001 403 Unable to authenticate request" "6003 400 Invalid request headers"; do
	set -- $c
	fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": $1, \"http\": $2, \"message\": \"${*:3}\"}"
	run sync --force
	expect_rc "code $1 (HTTP $2)" 77
	check "code $1: check api_token" grep -q "($1); check api_token" "$T/err"
done
fault '{"action": "*", "kind": "http", "status": 403, "body": "{\"success\": false, \"errors\": [], \"result\": null}"}'
run sync --force
expect_rc "HTTP 403 without a code" 77

# ---- the envelope decides ----

fault '{"action": "dns_records.list", "kind": "body", "body": "{\"success\": false, \"errors\": [{\"code\": 1234, \"message\": \"Odd.\"}], \"result\": null}"}'
run sync --force
expect_rc "success false with HTTP 200: an error" 69
check "success false: the code and message" grep -q '1234: Odd.' "$T/err"
fault '{"action": "dns_records.list", "kind": "body", "body": "{\"success\": true, \"errors\": [], \"result\": {}}"}'
run sync --force
expect_rc "success true, but no listing" 76
fault '{"action": "dns_records.list", "kind": "body", "body": "{\"success\": true, \"result\": [{\"id\": \"1\", \"name\": \"a.dns.example.com\", \"type\": \"A\", \"content\": \"192.0.2.1\"}]}"}'
run sync --force
expect_rc "a record without its ttl" 76
fault '{"action": "dns_records.edit", "kind": "error", "code": 10500, "http": 500, "message": "Internal server error", "times": 2}'
mark
run sync --force
expect_rc "HTTP 500 with an envelope: retried" 0
check "500: three attempts" test "$(calls dns_records.edit)" -eq 3
cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]"
cfg
fault '{"action": "dns_records.create", "kind": "error", "code": 81045, "http": 400, "message": "Record quota exceeded."}'
mark
run sync
expect_rc "record quota exceeded (81045)" 69
check "81045: not retried" test "$(calls dns_records.create)" -eq 1

# ---- throttling ----

cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]"
cfg
fault '{"action": "*", "kind": "error", "code": 971, "http": 429, "message": "Please wait and consider throttling your request speed", "headers": {"Retry-After": "120"}, "times": -1}'
mark
run sync
t=$(date +%s)
expect_rc "429 with Retry-After 120" 75
check "Retry-After 120: one attempt" test "$(calls)" -eq 1
check "Retry-After 120: the back-off it asked for" python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["groups"]["home"]["throttle"]
assert 119 <= t["until"] - t["set"] <= 121, t' "$T/state/state.json"
check "Retry-After 120: says so" grep -q 'next try after 120 s' "$T/err"
mark
run sync
expect_rc "Retry-After: the next run stays away" 75
check "Retry-After: no call" test "$(calls)" -eq 0
set_fake faults '[]'
# The rate limit itself: 3 calls, then 429 until the window has passed.
cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]" '{"rate_limit": {"limit": 3, "window": 60}}'
cfg
SOURCES="dns1.example.com dns2.example.com" cfg
hosts "$L1 dns1.example.com" "$L2 dns2.example.com" "192.0.2.3 dns2.example.com"
mark
run sync
expect_rc "the rate limit reached mid-plan" 75
check "rate limit: three calls served, the fourth refused, not repeated" \
    test "$(logq '[e["status"] for e in L]')" = "[200, 200, 200, 429]"
check "rate limit: a back-off of at most the window" python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["groups"]["home"]["throttle"]
assert 1 <= t["until"] - t["set"] <= 60, t' "$T/state/state.json"
hosts "$L1 dns1.example.com" "$L2 dns2.example.com"
# Without Retry-After: retried within the run.
cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]"
cfg
fault '{"action": "dns_records.create", "kind": "http", "status": 429, "body": "", "times": 1}'
run sync
expect_rc "a 429 without Retry-After: retried" 0
expect_cf "429 retried" "$GOOD"

# ---- races: 81057/81058 converge, 81044 ----

cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]"
cfg
# The POST went through, but its reply was lost: a retry gets 81058.
fault '{"action": "dns_records.create", "kind": "error", "code": 81058, "message": "An identical record already exists.", "commit": true}'
mark
run sync
expect_rc "POST answered 81058, the record there" 0
expect_cf "81058 on POST" "$GOOD"
check "81058 on POST: re-read, no second POST" \
    test "$(calls dns_records.create)" -eq 1 -a "$(calls dns_records.list)" -eq 2
check "81058 on POST: the report names the record" \
    grep -q "$(cf_records | awk -v v=$L2 '$1 == v { print $4 }')" "$T/err"
cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]" '{"duplicate_code": 81057}'
cfg
fault '{"action": "dns_records.create", "kind": "error", "code": 81057, "message": "Record already exists.", "commit": true}'
run sync
expect_rc "POST answered 81057, the record there" 0
expect_cf "81057 on POST" "$GOOD"
# A PATCH that went through, its reply lost.
cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99), $(cf_rec 2 a.dns $L1)]"
cfg
fault '{"action": "dns_records.edit", "kind": "error", "code": 81058, "message": "An identical record already exists.", "commit": true}'
mark
run sync
expect_rc "PATCH answered 81058, the record holds it" 0
check "81058 on PATCH: the record read back once" test "$(calls dns_records.get)" -eq 1
expect_cf "81058 on PATCH" "$GOOD"
# Another writer put our value on a sibling record first.
cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99), $(cf_rec 2 a.dns $L1)]"
cfg
fault '{"action": "dns_records.edit", "kind": "error", "code": 81058, "message": "An identical record already exists."}'
run sync
expect_rc "PATCH answered 81058, the record does not hold it" 75
check "81058, not held: says another record holds it" grep -q 'another record of a.dns.example.com already holds' "$T/err"
run sync
expect_rc "81058, not held: the next run converges" 0
# DELETE answered 81044: already gone.
cf_fresh "[$(cf_rec 1 a.dns $L1), $(cf_rec 2 a.dns $L2), $(cf_rec 3 a.dns 192.0.2.99)]"
cfg "spare = delete"
fault '{"action": "dns_records.delete", "kind": "error", "code": 81044, "http": 404, "message": "Record does not exist.", "commit": true}'
run sync
expect_rc "DELETE answered 81044: already gone" 0
expect_cf "81044 on DELETE" "$GOOD"
# PATCH answered 81044: the record went since it was read.
cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99), $(cf_rec 2 a.dns $L1)]"
cfg
fault '{"action": "dns_records.edit", "kind": "error", "code": 81044, "http": 404, "message": "Record does not exist."}'
run sync
expect_rc "PATCH answered 81044: temporary" 75
check "81044 on PATCH: the zone ID is kept" test "$(state_zone_id)" = "$ZONE_ID"
run sync
expect_rc "81044 on PATCH: the next run converges" 0

# ---- the token is never printed ----

cf_fresh "[$(cf_rec 1 a.dns 192.0.2.99)]"
cfg
run -vvv sync --dry-run
expect_rc "-vvv dry run" 0
check "-vvv: the trace shows the requests" grep -q '^echoddns: > GET ' "$T/err"
check "-vvv: Authorization redacted" grep -q '^echoddns: > Authorization: \[redacted\]' "$T/err"
check "-vvv: no Bearer value" not_grep -i 'bearer' "$T/err"
fault "{\"action\": \"*\", \"kind\": \"error\", \"code\": 9109, \"http\": 403, \"message\": \"Invalid access token $TOKEN\"}"
run -vvv --json sync
expect_rc "a message quoting the token" 77
check "a message quoting the token: masked" grep -q 'Invalid access token \*\*\*\*' "$T/err"
run --json status
finish
