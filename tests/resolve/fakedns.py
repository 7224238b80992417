#!/usr/bin/env python3
"""fakedns.py - a DNS server that misbehaves on purpose, for run.sh.

usage: fakedns.py ADDR PORT MODE [DELAY] [ANSWER]
  MODE drop:     read queries and never answer
       servfail: answer every query with SERVFAIL
       refused:  answer every query with REFUSED
       slow:     answer A queries with ANSWER after DELAY seconds
Prints "ready" on stdout once the socket is bound.
"""
import socket
import struct
import sys
import threading
import time


def question_end(msg):
    i = 12
    while msg[i] != 0:
        i += 1 + msg[i]
    return i + 5  # the root label, QTYPE, QCLASS


def reply(query, rcode, answer=None):
    qid, flags = struct.unpack("!HH", query[:4])
    end = question_end(query)
    qtype = struct.unpack("!H", query[end - 4:end - 2])[0]
    rd = flags & 0x0100
    an = []
    if answer is not None and qtype == 1:
        an.append(b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 0, 4) +
                  socket.inet_aton(answer))
    head = struct.pack("!HHHHHH", qid, 0x8000 | 0x0080 | rd | rcode,
                       1, len(an), 0, 0)
    return head + query[12:end] + b"".join(an)


def main():
    addr, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    answer = sys.argv[5] if len(sys.argv) > 5 else "192.0.2.99"
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.bind((addr, port))
    print("ready", flush=True)
    lock = threading.Lock()

    def later(query, peer):
        time.sleep(delay)
        with lock:
            sock.sendto(reply(query, 0, answer), peer)

    while True:
        query, peer = sock.recvfrom(4096)
        if len(query) < 17 or mode == "drop":
            continue
        if mode == "servfail":
            sock.sendto(reply(query, 2), peer)
        elif mode == "refused":
            sock.sendto(reply(query, 5), peer)
        elif mode == "slow":
            threading.Thread(target=later, args=(query, peer),
                             daemon=True).start()


if __name__ == "__main__":
    main()
