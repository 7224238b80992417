# prov/dyndns2.sh - the dyndns2 adapter of tests/e2e/scenarios.sh: the
# fake dyndns2 server holds one address per host and family (the single-
# address model: fail-over), counts every update request as a write, and
# moves its clock with p_later. Sourced after lib.sh. Every adapter
# defines the same names; see scenarios.sh.
#
# The HA name resolves to what the fake holds, as the service's own DNS
# would answer: before every run the hosts file echoddns sees gets a line
# for it, so the lookup that tells the engine what the name holds now is a
# real getaddrinfo, not the state file alone.

P_NAME=dyndns2
P_MODEL=single		# records | nodisable | recordset | single
P_API=0			# resolver = api: refused for dyndns2
P_PIN=0			# records =: refused for dyndns2
FAKE=dyndns2
D2_USER=e2euser
D2_ZONE=example.com

# d2_state JSON-OF-HOSTS: the fake's whole state, its clock at SHIFT.
d2_state() {
	cat >"$T/fake.json" <<EOS
{"accounts": {"$D2_USER": {"password": "$SECRET", "hosts": $1}},
 "clock_offset": ${SHIFT:-0}, "faults": []}
EOS
}

# p_start SPEC...: restart the fake holding these values of hosts of
# example.com, "NAME VALUE [off]" (NAME relative to the zone); a host
# holds one address per family, the first given ("off" means nothing
# here). Forget what echoddns verified at the previous one.
p_start() {
	stop_fake
	python3 - "$T/hosts.json" "$D2_ZONE" "$@" <<'EOP'
import ipaddress, json, sys
out, zone, hosts = sys.argv[1], sys.argv[2], {}
for spec in sys.argv[3:]:
    name, value = spec.split()[:2]
    h = hosts.setdefault("%s.%s" % (name, zone), {"A": None, "AAAA": None})
    fam = "A" if ipaddress.ip_address(value).version == 4 else "AAAA"
    if h[fam] is None:
        h[fam] = value
json.dump(hosts, open(out, "w"))
EOP
	d2_state "$(cat "$T/hosts.json")"
	start_fake
	rm -rf "$T/state"
}

# p_account: the [account] section for the fake (the password in a file).
p_account() {
	printf '%s\n' "$SECRET" >"$T/p.secret"
	chmod 600 "$T/p.secret"
	cat <<EOA
[account p]
provider = dyndns2
username = $D2_USER
password_file = $T/p.secret
server = 3322
endpoint = https://localhost:$PORT/dyndns/update
ca_file = $CERTS/ca.pem
EOA
}

# d2_family: the family of the group configured last (type = AAAA or A).
d2_family() {
	if grep -q '^type = AAAA' "$T/echoddns.ini" 2>/dev/null; then
		echo AAAA
	else
		echo A
	fi
}

# p_listed [NAME]: what NAME (default a.dns) holds in the group's family,
# the one address of a single-address name; p_disabled: nothing, ever.
p_listed() {
	python3 - "$T/fake.json" "${1:-a.dns}.$D2_ZONE" "$(d2_family)" <<'EOP'
import json, sys
s = json.load(open(sys.argv[1]))
for a in s["accounts"].values():
    v = a["hosts"].get(sys.argv[2], {}).get(sys.argv[3])
    if v:
        print(v)
EOP
}
p_disabled() {
	:
}

# p_ids: a dyndns2 name has no record IDs.
p_ids() {
	:
}

# Calls since mark: dyndns2 has no reads; every update is a write.
p_reads() {
	echo 0
}
p_writes() {
	calls update
}

# p_fault KIND [N]: the next requests fail. KIND: throttle (HTTP 429, N
# times or every time), server (an HTML 502 page, likewise), hang (N
# seconds), garbage, huge, write (the Nth update answers 911).
p_fault() {
	local n=${2:--1}
	case $1 in
	throttle) fault "{\"action\": \"*\", \"kind\": \"http\", \"status\": 429, \"body\": \"Too many requests\\n\", \"times\": $n}" ;;
	server) fault "{\"action\": \"*\", \"kind\": \"html\", \"http\": 502, \"times\": $n}" ;;
	hang) fault "{\"action\": \"*\", \"kind\": \"hang\", \"seconds\": $2, \"times\": -1}" ;;
	garbage) fault '{"action": "*", "kind": "body", "body": "<html><body>Welcome</body></html>", "times": -1}' ;;
	huge) fault '{"action": "*", "kind": "huge", "size": 1048576, "times": -1}' ;;
	write) fault "{\"action\": \"update\", \"after\": $(($2 - 1)), \"kind\": \"error\", \"code\": \"911\", \"times\": -1}" ;;
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

# p_later SECONDS: the fake's clock moves on too.
p_later() {
	python3 - "$T/fake.json" "$1" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p))
s["clock_offset"] = s.get("clock_offset", 0) + int(sys.argv[2])
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
}

# d2_dns: the hosts file's lines for the fake's hosts, replaced by what
# the fake holds now (TTL 0), the rest kept as the scenario wrote it.
d2_dns() {
	[ -f "$T/hosts" ] || hosts
	python3 - "$T/fake.json" "$T/hosts" <<'EOP'
import json, os, sys
s = json.load(open(sys.argv[1]))
mark = " # the service's DNS"
lines = [l for l in open(sys.argv[2]).read().splitlines()
         if not l.endswith(mark)]
for a in s["accounts"].values():
    for name, h in sorted(a["hosts"].items()):
        for fam in ("A", "AAAA"):
            if h.get(fam):
                lines.append("%s %s%s" % (h[fam], name, mark))
p = sys.argv[2]
open(p + ".t", "w").write("\n".join(lines) + "\n")
os.replace(p + ".t", p)
EOP
}

# run, as lib.sh's, with the service's DNS in the hosts file.
eval "d2_lib_run() $(declare -f run | tail -n +2)"
run() {
	d2_dns
	d2_lib_run "$@"
}
