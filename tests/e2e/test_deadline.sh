#!/bin/bash
# test_deadline.sh - the network misbehaves: a reply that never comes, a
# reply trickling in, a write whose reply never comes, connection resets.
# The run's deadline bounds them all: run.sh runs this suite alone, since
# it times the runs. Each case checks the exit status and the records left
# at the fake.
. "$(dirname "$0")/lib.sh"

T0=$(date +%s)
SOURCES="dns1.example.com dns2.example.com"
hosts "203.0.113.10 dns1.example.com" "198.51.100.20 dns2.example.com"

# Two stale records: a full sync is two updates, in this order.
BASE="[$(rec 2001 a.dns 203.0.113.77), $(rec 2002 a.dns 198.51.100.99)]"
GOOD="198.51.100.20 enable 600
203.0.113.10 enable 600"
STALE="198.51.100.99 enable 600
203.0.113.77 enable 600"

now_ms() {
	date +%s%3N
}

fresh "$BASE"
TIMEOUT=4 config
fault '{"action": "*", "kind": "hang", "seconds": 30, "times": -1}'
t0=$(now_ms)
run sync
t1=$(now_ms)
expect_rc "a reply that never comes" 75
check "hang: the run ends by its deadline ($((t1 - t0)) ms, timeout 4 s)" \
    test $((t1 - t0)) -le 6000
expect_records "hang" "$STALE"
check "hang: says it timed out" grep -qi 'time' "$T/err"

fresh "$BASE"
TIMEOUT=4 config
fault '{"action": "DescribeSubDomainRecords", "kind": "slow", "seconds": 30, "times": -1}'
t0=$(now_ms)
run sync
t1=$(now_ms)
expect_rc "a reply trickling in" 75
check "slow: the run ends by its deadline ($((t1 - t0)) ms, timeout 4 s)" \
    test $((t1 - t0)) -le 6000
expect_records "slow" "$STALE"

# A write that happened but whose reply never came.
fresh "$BASE"
TIMEOUT=4 config
fault '{"action": "UpdateDomainRecord", "kind": "hang", "seconds": 30, "times": -1, "commit": true}'
t0=$(now_ms)
run sync
t1=$(now_ms)
expect_rc "a write whose reply never comes" 75
check "hanging write: ends by the deadline ($((t1 - t0)) ms)" \
    test $((t1 - t0)) -le 6000
set_fake faults '[]'
config
mark
run sync
expect_rc "hanging write: the next run converges" 0
expect_records "hanging write, next run" "$GOOD"
check "hanging write: no duplicate value" no_dup_values

fresh "$BASE"
config
fault '{"action": "DescribeSubDomainRecords", "kind": "reset", "times": 1}'
mark
run sync
expect_rc "one connection reset: retried" 0
expect_records "one reset" "$GOOD"

# A write that happened, then a reset: the retry finds it done.
fresh "$BASE"
config
fault '{"action": "UpdateDomainRecord", "kind": "reset", "times": 1, "commit": true}'
mark
run sync
expect_rc "reset after a committed update: retried" 0
expect_records "reset after a committed update" "$GOOD"
check "reset after a committed update: the retry got DomainRecordDuplicate and checked" \
    test "$(logq 'sum(e["code"] == "DomainRecordDuplicate" for e in W) == 1 and
    sum(e["action"] == "DescribeDomainRecordInfo" for e in L) == 1')" = True
fresh "[$(rec 2001 a.dns 203.0.113.10)]"
config
fault '{"action": "AddDomainRecord", "kind": "reset", "times": 1, "commit": true}'
run sync
expect_rc "reset after a committed add: retried" 0
expect_records "reset after a committed add" "$GOOD"

fresh "$BASE"
TIMEOUT=6 config
fault '{"action": "*", "kind": "reset", "times": -1}'
mark
run sync
expect_rc "connection reset every time" 75
expect_records "resets" "$STALE"
check "resets: retried within the deadline" test "$(calls)" -ge 2

echo "# run time: $(($(date +%s) - T0)) s"
finish
