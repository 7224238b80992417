#!/bin/sh
# demo/cloudflare.sh - echoddns against the fake Cloudflare API v4 from
# tests/fakes on localhost, over HTTPS with a throwaway CA. No credentials,
# no internet. Run by `make demo PROVIDER=cloudflare`.
cd "$(dirname "$0")/../.." || exit 70
. tests/demo/lib.sh
demo_dir demo-cloudflare

TOKEN=DemoToken-not-real-0123456789abcdefghijk
Z=023e105f4ecef8ad9ca31a8372d0c353
rec() {		# rec N NAME CONTENT
	printf '{"id": "%032x", "zone_id": "%s", "name": "%s.example.com", "type": "A", "content": "%s", "ttl": 1, "proxied": false}' "$1" "$Z" "$2" "$3"
}
cat >"$D/zone.json" <<EOS2
{"tokens": {"$TOKEN": {"zones": ["example.com"]}},
 "zones": [{"id": "$Z", "name": "example.com", "status": "active"}],
 "records": [
  $(rec 101 dns1 203.0.113.10),
  $(rec 102 dns2 198.51.100.20),
  $(rec 103 dns3 192.0.2.30),
  $(rec 96 a.dns 203.0.113.10),
  $(rec 97 a.dns 198.51.100.9)
 ],
 "next_id": 1000, "faults": []}
EOS2

demo_fake cloudflare "$D/zone.json"

secret_file demo.token "$TOKEN"
cat >"$D/demo.ini" <<EOC
[echoddns]
state_dir = $D/state

[account demo]
provider = cloudflare
api_token_file = $D/demo.token
endpoint = https://localhost:$port/client/v4
ca_file = $ROOT/tests/tmp/certs/ca.pem

; three lines, each kept fresh by the router as dnsN.example.com; the
; sources are read from the zone itself (resolver = api)
[group home]
account = demo
zone = example.com
name = a.dns.example.com
sources = dns1.example.com dns2.example.com dns3.example.com
resolver = api
ttl = 1
EOC
chmod 600 "$D/demo.ini"

ha() {
	python3 - "$D/zone.json" <<'EOP'
import json, sys
for r in json.load(open(sys.argv[1]))["records"]:
    if r["name"] == "a.dns.example.com":
        print("    %s  %-15s ttl %s" % (r["id"], r["content"],
                                        "auto" if r["ttl"] == 1 else r["ttl"]))
EOP
}

echo "A fake Cloudflare API listens on https://localhost:$port/client/v4 (zone example.com)."
echo "Lines: dns1 = 203.0.113.10, dns2 = 198.51.100.20, dns3 = 192.0.2.30"
echo "HA name a.dns.example.com before (one stale record, one line missing):"
ha >"$D/before"
cat "$D/before"
echo
e status
e sync
e sync
echo "Line 2 redials: its router updates dns2.example.com to 198.51.100.77."
python3 - "$D/zone.json" <<'EOP'
import json, os, sys
p = sys.argv[1]
s = json.load(open(p))
for r in s["records"]:
    if r["name"] == "dns2.example.com":
        r["content"] = "198.51.100.77"
json.dump(s, open(p + ".tmp", "w"), indent=1)
os.replace(p + ".tmp", p)
EOP
echo
e sync -v
echo "Line 3 goes away: its name no longer resolves to an address."
python3 - "$D/zone.json" <<'EOP'
import json, os, sys
p = sys.argv[1]
s = json.load(open(p))
s["records"] = [r for r in s["records"] if r["name"] != "dns3.example.com"]
json.dump(s, open(p + ".tmp", "w"), indent=1)
os.replace(p + ".tmp", p)
EOP
echo "(its last good address stands in for an hour: a failed source never"
echo "costs the HA name a record, and Cloudflare's records are deleted,"
echo "not disabled, once a line is really gone)"
echo
e sync
echo "HA name a.dns.example.com before:"
cat "$D/before"
echo "after:"
ha
echo
echo "API calls made: $(wc -l <"$D/api.log"); the config is $D/demo.ini"
