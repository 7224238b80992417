#!/bin/sh
# demo/alidns.sh - echoddns against its built-in demo provider: the fake
# Alibaba Cloud DNS from tests/fakes on localhost, over HTTPS with a
# throwaway CA. No credentials, no internet. Run by `make demo`.
cd "$(dirname "$0")/../.." || exit 70
. tests/demo/lib.sh
demo_dir demo

cat >"$D/zone.json" <<'EOS'
{"accounts": {"LTAI5tDemoKey": {"secret": "demo-secret-not-real"}},
 "zones": {"example.com": {"min_ttl": 600}},
 "records": [
  {"RecordId": "1455682456000101", "DomainName": "example.com", "RR": "dns1", "Type": "A", "Value": "203.0.113.10", "TTL": 600, "Line": "default", "Status": "ENABLE", "Locked": false},
  {"RecordId": "1455682456000102", "DomainName": "example.com", "RR": "dns2", "Type": "A", "Value": "198.51.100.20", "TTL": 600, "Line": "default", "Status": "ENABLE", "Locked": false},
  {"RecordId": "1455682456000103", "DomainName": "example.com", "RR": "dns3", "Type": "A", "Value": "192.0.2.30", "TTL": 600, "Line": "default", "Status": "ENABLE", "Locked": false},
  {"RecordId": "1455682456000096", "DomainName": "example.com", "RR": "a.dns", "Type": "A", "Value": "203.0.113.10", "TTL": 600, "Line": "default", "Status": "ENABLE", "Locked": false},
  {"RecordId": "1455680456002021", "DomainName": "example.com", "RR": "a.dns", "Type": "A", "Value": "198.51.100.9", "TTL": 600, "Line": "default", "Status": "ENABLE", "Locked": false}
 ],
 "next_id": 1455682456001000, "clock_offset": 0, "faults": []}
EOS

demo_fake alidns "$D/zone.json"

secret_file demo.secret demo-secret-not-real
cat >"$D/demo.ini" <<EOC
[echoddns]
state_dir = $D/state

[account demo]
provider = alidns
access_key_id = LTAI5tDemoKey
access_key_secret_file = $D/demo.secret
endpoint = https://localhost:$port
ca_file = $ROOT/tests/tmp/certs/ca.pem

; three lines, each kept fresh by the router as dnsN.example.com; the
; sources are read from the zone itself (resolver = api)
[group home]
account = demo
zone = example.com
name = a.dns.example.com
sources = dns1.example.com dns2.example.com dns3.example.com
resolver = api
EOC
chmod 600 "$D/demo.ini"

ha() {
	python3 - "$D/zone.json" <<'EOP'
import json, sys
for r in json.load(open(sys.argv[1]))["records"]:
    if r["RR"] == "a.dns":
        print("    %-18s %-15s %s" % (r["RecordId"], r["Value"], r["Status"].lower()))
EOP
}

echo "A fake Alibaba Cloud DNS listens on https://localhost:$port (zone example.com)."
echo "Lines: dns1 = 203.0.113.10, dns2 = 198.51.100.20, dns3 = 192.0.2.30"
echo "HA name a.dns.example.com before (one stale record, one line missing):"
ha > "$D/before"
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
    if r["RR"] == "dns2":
        r["Value"] = "198.51.100.77"
json.dump(s, open(p + ".tmp", "w"), indent=1)
os.replace(p + ".tmp", p)
EOP
echo
e sync -v
echo "HA name a.dns.example.com before:"
cat "$D/before"
echo "after:"
ha
echo
echo "API calls made: $(wc -l <"$D/api.log"); the config is $D/demo.ini"
