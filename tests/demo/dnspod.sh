#!/bin/sh
# demo/dnspod.sh - echoddns against the fake Tencent Cloud DNSPod from
# tests/fakes on localhost, over HTTPS with a throwaway CA. No
# credentials, no internet. Run by `make demo PROVIDER=dnspod`.
cd "$(dirname "$0")/../.." || exit 70
. tests/demo/lib.sh
demo_dir demo-dnspod

# Record IDs are JSON integers at DNSPod, some beyond 2^53; 默认 is the
# default line.
cat >"$D/zone.json" <<'EOS'
{"accounts": {"AKIDDemoSecretId": {"secret": "demo-secret-not-real"}},
 "zones": {"example.com": {"min_ttl": 600}},
 "records": [
  {"RecordId": 1194109801, "Domain": "example.com", "Name": "dns1", "Type": "A", "Value": "203.0.113.10", "TTL": 600, "Line": "默认", "Status": "ENABLE"},
  {"RecordId": 1194109802, "Domain": "example.com", "Name": "dns2", "Type": "A", "Value": "198.51.100.20", "TTL": 600, "Line": "默认", "Status": "ENABLE"},
  {"RecordId": 1194109803, "Domain": "example.com", "Name": "dns3", "Type": "A", "Value": "192.0.2.30", "TTL": 600, "Line": "默认", "Status": "ENABLE"},
  {"RecordId": 9007199254740993, "Domain": "example.com", "Name": "a.dns", "Type": "A", "Value": "203.0.113.10", "TTL": 600, "Line": "默认", "Status": "ENABLE"},
  {"RecordId": 9007199254740994, "Domain": "example.com", "Name": "a.dns", "Type": "A", "Value": "198.51.100.9", "TTL": 600, "Line": "默认", "Status": "ENABLE"}
 ],
 "next_id": 9007199254741000, "clock_offset": 0, "faults": []}
EOS

demo_fake dnspod "$D/zone.json"

secret_file demo.secret demo-secret-not-real
cat >"$D/demo.ini" <<EOC
[echoddns]
state_dir = $D/state

[account demo]
provider = dnspod
secret_id = AKIDDemoSecretId
secret_key_file = $D/demo.secret
endpoint = https://localhost:$port
ca_file = $ROOT/tests/tmp/certs/ca.pem

; three lines, each kept fresh by the router as dnsN.example.com; the
; sources are read from the zone itself (resolver = api), on the default
; line 默认
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
    if r["Name"] == "a.dns":
        print("    %-18s %-15s %-8s %s" % (r["RecordId"], r["Value"],
              r["Status"].lower(), r["Line"]))
EOP
}

echo "A fake Tencent Cloud DNSPod listens on https://localhost:$port (zone example.com)."
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
    if r["Name"] == "dns2":
        r["Value"] = "198.51.100.77"
json.dump(s, open(p + ".tmp", "w"), indent=1, ensure_ascii=False)
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
