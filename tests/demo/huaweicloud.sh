#!/bin/sh
# demo/huaweicloud.sh - `make demo PROVIDER=huaweicloud`: echoddns against
# the fake Huawei Cloud DNS from tests/fakes on localhost, over HTTPS with
# a throwaway CA. No credentials, no internet. Run by tests/demo.sh.
cd "$(dirname "$0")/../.." || exit 70
. tests/demo/lib.sh
demo_dir demo-huaweicloud

ZID=ff8080825b8fc86c015b94bc6f8712c3
cat >"$D/zone.json" <<EOS
{"accounts": {"HPUADEMOACCESSKEY": {"secret": "demo-sk-not-real"}},
 "zones": [{"id": "$ZID", "name": "example.com."}],
 "recordsets": [
  {"id": "ff8080825b8fc86c015b94bc6f871001", "zone_id": "$ZID", "name": "dns1.example.com.", "type": "A", "ttl": 300, "records": ["203.0.113.10"], "status": "ACTIVE"},
  {"id": "ff8080825b8fc86c015b94bc6f871002", "zone_id": "$ZID", "name": "dns2.example.com.", "type": "A", "ttl": 300, "records": ["198.51.100.20"], "status": "ACTIVE"},
  {"id": "ff8080825b8fc86c015b94bc6f871003", "zone_id": "$ZID", "name": "dns3.example.com.", "type": "A", "ttl": 300, "records": ["192.0.2.30"], "status": "ACTIVE"},
  {"id": "ff8080825b8fc86c015b94bc6f8712c4", "zone_id": "$ZID", "name": "a.dns.example.com.", "type": "A", "ttl": 300, "records": ["203.0.113.10", "198.51.100.9"], "status": "ACTIVE"}
 ],
 "next_id": 4096, "clock_offset": 0, "faults": []}
EOS

demo_fake huaweicloud "$D/zone.json"

secret_file demo.secret demo-sk-not-real
cat >"$D/demo.ini" <<EOC
[echoddns]
state_dir = $D/state

[account demo]
provider = huaweicloud
access_key_id = HPUADEMOACCESSKEY
secret_access_key_file = $D/demo.secret
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
import json, sys, time
for r in json.load(open(sys.argv[1]))["recordsets"]:
    if r["name"] == "a.dns.example.com.":
        st = r["status"]
        # A write is PENDING_* until the fake serves it (at once here).
        if st.startswith("PENDING_") and r.get("pending_until", 0) <= time.time():
            st = "ACTIVE"
        print("    %s %s ttl %s %s" % (r["id"], ",".join(sorted(r["records"])),
                                     r["ttl"], st))
EOP
}

echo "A fake Huawei Cloud DNS listens on https://localhost:$port (zone example.com)."
echo "Lines: dns1 = 203.0.113.10, dns2 = 198.51.100.20, dns3 = 192.0.2.30"
echo "HA name a.dns.example.com before: one record set, one stale address, two lines missing:"
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
for r in s["recordsets"]:
    if r["name"] == "dns2.example.com.":
        r["records"] = ["198.51.100.77"]
json.dump(s, open(p + ".tmp", "w"), indent=1)
os.replace(p + ".tmp", p)
EOP
echo
e sync -v
echo "HA name a.dns.example.com before:"
cat "$D/before"
echo "after (one PUT per change, the whole set):"
ha
echo
echo "API calls made: $(wc -l <"$D/api.log"); the config is $D/demo.ini"
