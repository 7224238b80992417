#!/bin/sh
# demo/dyndns2.sh - echoddns against a fake dyndns2 server (as 3322.org or
# Oray) on localhost, over HTTPS with a throwaway CA: the single-address
# model, which can only fail over. Two lines stand as TCP listeners on
# 127.0.0.11 and 127.0.0.12; line 1 goes dark, the name moves to line 2,
# line 1 comes back, the name returns. dyndns2 services want updates of a
# name at least 60 s apart: the clock is moved with faketime when it is
# installed, else the demo waits. No credentials, no internet. Run by
# `make demo PROVIDER=dyndns2`.
cd "$(dirname "$0")/../.." || exit 70
. tests/demo/lib.sh
demo_dir demo-dyndns2

cat >"$D/fake.json" <<'EOS'
{"accounts": {"demo": {"password": "demo-password-not-real",
  "hosts": {"ha.example.net": {"A": "192.0.2.99"}}}},
 "clock_offset": 0, "faults": []}
EOS
demo_fake dyndns2 "$D/fake.json" --dns-port-file "$D/dns.port"
dns=$(cat "$D/dns.port")
check=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# line N: a listener on 127.0.0.1N stands for a live line.
line_up() {
	python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(8)
while True:
    s.accept()[0].close()' "127.0.0.1$1" "$check" &
	eval "LINE$1=$!"
	PIDS="$PIDS $!"
	sleep 0.3
}
line_down() {
	eval "kill \$LINE$1"
}

secret_file demo.secret demo-password-not-real
cat >"$D/demo.ini" <<EOC
[echoddns]
state_dir = $D/state

; as server = 3322 or oray would be, but on localhost
[account demo]
provider = dyndns2
server = 3322
endpoint = https://localhost:$port/dyndns/update
username = demo
password_file = $D/demo.secret
ca_file = $ROOT/tests/tmp/certs/ca.pem

; two lines, here as their (loopback) addresses; a line is alive while
; port $check answers. What the name holds now is asked of the service's
; name server (the fake's, on port $dns), fresh.
[group home]
account = demo
name = ha.example.net
sources = 127.0.0.11 127.0.0.12
resolver = 127.0.0.1:$dns
allow_private = yes
check = tcp:$check
check_timeout = 1
fail_after = 2
EOC
chmod 600 "$D/demo.ini"

held() {
	python3 - "$D/fake.json" <<'EOP'
import json, sys
h = json.load(open(sys.argv[1]))["accounts"]["demo"]["hosts"]["ha.example.net"]
print("    ha.example.net holds %s" % h["A"])
EOP
}
# later: 61 s pass, for echoddns (faketime) and the fake.
later() {
	if command -v faketime >/dev/null 2>&1; then
		SHIFT=$((SHIFT + 61))
		python3 - "$D/fake.json" "$SHIFT" <<'EOP'
import json, os, sys
p = sys.argv[1]; s = json.load(open(p)); s["clock_offset"] = int(sys.argv[2])
json.dump(s, open(p + ".t", "w")); os.replace(p + ".t", p)
EOP
		echo "(61 seconds later: the clock moved with faketime)"
	else
		echo "(waiting 61 seconds: dyndns2 wants updates a minute apart)"
		sleep 61
	fi
	echo
}

line_up 1
line_up 2
echo "A fake dyndns2 server listens on https://localhost:$port (as 3322.org would),"
echo "its name server on 127.0.0.1 port $dns (UDP)."
echo "Lines: 127.0.0.11 (preferred) and 127.0.0.12, both answering on port $check."
echo "A dyndns2 name holds ONE address: the HA name can only fail over."
held
echo
e status
e sync
e sync
echo "Line 1 goes dark."
line_down 1
e sync -v
later
e sync -v
held
echo
echo "Line 1 answers again."
line_up 1
later
e sync
held
echo
echo "Update requests made: $(wc -l <"$D/api.log"); the config is $D/demo.ini"
