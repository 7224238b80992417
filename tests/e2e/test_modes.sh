#!/bin/bash
# test_modes.sh - resolver = api, pinned records, AAAA, TTL and spare
# policies, locked records, and several groups with one failing.
. "$(dirname "$0")/lib.sh"

fake_state "[$(rec 1001 dns1 203.0.113.10), $(rec 1002 dns2 198.51.100.20),
  $(rec 1003 dns3 192.0.2.30), $(rec 1004 dns4 192.0.2.40 DISABLE),
  $(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99),
  $(rec 2003 a.dns 192.0.2.99), $(rec 2004 a.dns 192.0.2.98),
  $(rec 3001 b 203.0.113.10)]"
start_fake
hosts

# resolver = api: the sources are records of the same zone, and one zone
# listing serves sources and HA name alike.
config "resolver = api"
mark
run sync --force
expect_rc "api resolver: sync" 0
check "api resolver: one listing call for sources and HA name" \
    test "$(calls 'Describe.*')" -eq 1
check "api resolver: records" \
    test "$(records)" = "$(printf '192.0.2.30 enable 600\n198.51.100.20 enable 600\n198.51.100.99 disable 600\n203.0.113.10 enable 600')"
mark
run sync --force
expect_rc "api resolver: in sync" 2
check "api resolver: in-sync run with --force makes one call" test "$(calls)" -eq 1

# A zone larger than one page: the listing pages through it (500 a page)
# and finds the sources wherever they are.
many=$(python3 -c 'print(",".join("{\"RecordId\": \"%d\", \"DomainName\": \"example.com\", \"RR\": \"host%d\", \"Type\": \"A\", \"Value\": \"198.18.%d.%d\", \"TTL\": 600, \"Line\": \"default\", \"Status\": \"ENABLE\", \"Locked\": false}" % (9000 + i, i, i // 200, i % 200 + 1) for i in range(1250)))')
fresh "[$many, $(rec 1001 dns1 203.0.113.10), $(rec 1002 dns2 198.51.100.20),
  $(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99)]"
SOURCES="dns1.example.com dns2.example.com" config "resolver = api"
mark
run sync
expect_rc "a zone of three pages" 0
check "a zone of three pages: three listing calls" test "$(calls 'Describe.*')" -eq 3
check "a zone of three pages: records" \
    test "$(records)" = "$(printf '198.51.100.20 enable 600\n203.0.113.10 enable 600')"
fresh "[$(rec 1001 dns1 203.0.113.10), $(rec 1002 dns2 198.51.100.20),
  $(rec 1003 dns3 192.0.2.30), $(rec 1004 dns4 192.0.2.40 DISABLE),
  $(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.20),
  $(rec 2003 a.dns 192.0.2.30)]"

# A disabled source record does not count as the line's address.
SOURCES="dns1.example.com dns4.example.com" config "resolver = api"
run sync --dry-run
expect_rc "api resolver: disabled source record" 68
check "api resolver: says the source has no enabled record" grep -q 'dns4.example.com: no enabled A record' "$T/err"

# A source outside the zone cannot be read with resolver = api.
SOURCES="dns1.example.com dns1.example.net" config "resolver = api"
run sync --dry-run
expect_rc "api resolver: source outside the zone" 65

# Pinned records: only the pinned IDs are touched, matched by value.
fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 a.dns 198.51.100.99),
  $(rec 2003 a.dns 192.0.2.99), $(rec 2004 a.dns 192.0.2.98),
  $(rec 3001 b 203.0.113.10)]"
hosts "203.0.113.10 dns1.example.com" "198.51.100.21 dns2.example.com"
SOURCES="dns1.example.com dns2.example.com" config "records = 2002 2001"
mark
run sync
expect_rc "pinned: sync" 0
check "pinned: one update, of the pinned record not holding a wanted value" \
    test "$(calls UpdateDomainRecord)" -eq 1 -a "$(writes)" -eq 1
check "pinned: the update went to 2002" grep -q 'updated record 2002 198.51.100.99 -> 198.51.100.21' "$T/err"
check "pinned: unpinned records untouched" \
    test "$(records | grep -c '^192.0.2')" -eq 2

hosts "203.0.113.10 dns1.example.com" "198.51.100.21 dns2.example.com" \
    "192.0.2.77 dns3.example.com"
SOURCES="dns1.example.com dns2.example.com dns3.example.com" config "records = 2002 2001"
mark
run sync
expect_rc "pinned: more addresses than pinned records" 65
check "pinned: nothing added" test "$(calls AddDomainRecord)" -eq 0
check "pinned: names the address left out" grep -q '192.0.2.77 has no record' "$T/err"

SOURCES="dns1.example.com" config "records = 2001 9999"
run sync
expect_rc "pinned: a pinned ID that does not exist" 65
check "pinned: names the missing ID" grep -q 'pinned record 9999' "$T/err"

# TTL: configured TTL is written; below the zone's minimum the provider
# refuses (QuotaExceeded.TTL) and the run says why.
hosts "203.0.113.10 dns1.example.com"
NAME=b.example.com SOURCES="dns1.example.com" config "ttl = 1200"
mark
run sync
expect_rc "ttl: set on the kept record" 0
check "ttl: one update, TTL only" test "$(calls UpdateDomainRecord)" -eq 1
check "ttl: record b" test "$(records b)" = "203.0.113.10 enable 1200"
NAME=b.example.com SOURCES="dns1.example.com" config "ttl = 60"
run sync
expect_rc "ttl below the zone's minimum" 69
check "ttl: QuotaExceeded.TTL named" grep -q 'QuotaExceeded.TTL' "$T/err"

# spare = delete removes leftovers instead of disabling them.
hosts "203.0.113.10 dns1.example.com"
SOURCES="dns1.example.com" config "spare = delete"
rm -rf "$T/state"
mark
run sync
expect_rc "spare = delete" 0
check "spare = delete: three deletes" test "$(calls DeleteDomainRecord)" -eq 3
check "spare = delete: one record left" test "$(records)" = "203.0.113.10 enable 600"

# min_records keeps spares enabled.
SOURCES="dns1.example.com dns2.example.com" config
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"
run sync
SOURCES="dns1.example.com" config "min_records = 2"
hosts "203.0.113.10 dns1.example.com"
mark
run sync
expect_rc "min_records = 2" 2
check "min_records: no disable" test "$(writes)" -eq 0

# AAAA group.
TYPE=AAAA
fresh "[$(rec 4001 v6 2001:db8::99)]"
hosts "2001:db8::1 dns1.example.com" "2001:db8:0:0::2 dns2.example.com" \
    "203.0.113.10 dns1.example.com"
NAME=v6.example.com SOURCES="dns1.example.com dns2.example.com" config "type = AAAA"
mark
run sync
expect_rc "AAAA: sync" 0
check "AAAA: records" test "$(records v6)" = "$(printf '2001:db8::1 enable 600\n2001:db8::2 enable 600')"
check "AAAA: the IPv4 address of dns1 is ignored" test "$(calls AddDomainRecord)" -eq 1 -a "$(calls UpdateDomainRecord)" -eq 1
unset TYPE

# Several groups: one failing group does not stop the other, and the most
# severe status wins.
fresh "[$(rec 2001 a.dns 198.51.100.99), $(rec 5001 c 198.51.100.99)]"
hosts "203.0.113.10 dns1.example.com"
SOURCES="dns1.example.com" config "
[group bad]
account = ali
zone = example.org
name = x.example.org
sources = dns1.example.com

[group other]
account = ali
zone = example.com
name = c.example.com
sources = dns1.example.com"
run sync
expect_rc "two groups fine, one with an unknown zone" 65
check "the good groups were still synced" \
    test "$(records a.dns)" = "203.0.113.10 enable 600" -a "$(records c)" = "203.0.113.10 enable 600"
check "the bad group's zone is named" grep -q 'InvalidDomainName.NoExist' "$T/err"
run sync home other
expect_rc "GROUP... selects groups" 2

# Groups of one zone are read with one zone listing where that takes
# fewer calls than one listing per group; one keep-alive connection serves
# every call of the run.
fresh "[$(rec 2001 a.dns 203.0.113.10), $(rec 2002 b.dns 203.0.113.10),
  $(rec 2003 c.dns 203.0.113.10), $(rec 2004 d.dns 198.51.100.99)]"
three_groups() {
	SOURCES="dns1.example.com" config "
[group b]
account = ali
zone = example.com
name = b.dns.example.com
sources = dns1.example.com

[group c]
account = ali
zone = example.com
name = c.dns.example.com
sources = dns1.example.com"
}
three_groups
mark
run sync --force
expect_rc "three groups of one zone, in sync" 2
check "three groups: one zone listing, nothing else" \
    test "$(calls DescribeDomainRecords)" -eq 1 -a "$(calls)" -eq 1
mark
run sync --force home
expect_rc "one group of the zone" 2
check "one group: its own listing" \
    test "$(calls DescribeSubDomainRecords)" -eq 1 -a "$(calls)" -eq 1
# A zone of three pages read for two groups would cost more than two
# calls: the first page tells, and each group is read on its own.
many=$(python3 -c 'print(",".join("{\"RecordId\": \"%d\", \"DomainName\": \"example.com\", \"RR\": \"host%d\", \"Type\": \"A\", \"Value\": \"198.18.%d.%d\", \"TTL\": 600, \"Line\": \"default\", \"Status\": \"ENABLE\", \"Locked\": false}" % (9000 + i, i, i // 200, i % 200 + 1) for i in range(1250)))')
fresh "[$many, $(rec 2001 a.dns 203.0.113.10), $(rec 2002 b.dns 203.0.113.10),
  $(rec 2003 c.dns 198.51.100.99)]"
three_groups
mark
run sync --force home b
expect_rc "two groups of a large zone" 2
check "two groups of a large zone: one page, then one listing each" \
    test "$(calls DescribeDomainRecords)" -eq 1 -a \
    "$(calls DescribeSubDomainRecords)" -eq 2 -a "$(calls)" -eq 3
mark
run sync --force
expect_rc "three groups of a large zone, one redialled" 0
check "three groups of a large zone: all three pages beat one page and three listings" \
    test "$(calls DescribeDomainRecords)" -eq 3 -a "$(calls 'Describe.*')" -eq 3
check "three groups of a large zone: only the changed record written" \
    test "$(writes)" -eq 1 -a "$(records c.dns)" = "203.0.113.10 enable 600"

finish
