#!/usr/bin/env python3
"""What the Kafka broker is asked, per API key and per client connection (issue 21; not part of ./mvnw verify).

Captures the requests sent to PORT on loopback for SECONDS with tcpdump (`apt-get install tcpdump`; needs root), then
counts them by the API key of each Kafka request header (the 2 bytes after the 4-byte size), every request of a
segment that carries several. A request split across TCP segments is counted once; its continuations are skipped by a
size check. Python 3, standard library only.

    bench/kafka-requests.py [--port 9092] [--seconds 30] [--per-client]

Run it beside a running platform (`./stress up`, 40 s after ready for the idle figures in docs/benchmarks.md).
"""
import argparse
import collections
import os
import struct
import subprocess
import sys
import tempfile

API_KEYS = {0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 8: "OffsetCommit", 9: "OffsetFetch",
            10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat", 13: "LeaveGroup", 14: "SyncGroup",
            18: "ApiVersions", 19: "CreateTopics", 22: "InitProducerId", 32: "DescribeConfigs", 60: "DescribeCluster",
            62: "BrokerRegistration", 63: "BrokerHeartbeat", 68: "ConsumerGroupHeartbeat"}
LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL = 1, 113


def packets(pcap):
    """(source port, TCP payload) of every IPv4 packet of a classic pcap file."""
    linktype = struct.unpack("<I", pcap[20:24])[0]
    offset = 24
    while offset + 16 <= len(pcap):
        captured = struct.unpack("<I", pcap[offset + 8:offset + 12])[0]
        frame = pcap[offset + 16:offset + 16 + captured]
        offset += 16 + captured
        ip = frame[14:] if linktype == LINKTYPE_ETHERNET else frame[16:] if linktype == LINKTYPE_LINUX_SLL else frame
        if len(ip) < 20 or ip[0] >> 4 != 4:
            continue
        tcp = ip[(ip[0] & 15) * 4:]
        yield struct.unpack(">H", tcp[:2])[0], tcp[(tcp[12] >> 4) * 4:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9092)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--per-client", action="store_true", help="also list each client connection's requests")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        capture = os.path.join(tmp, "kafka.pcap")
        try:
            subprocess.run(["timeout", str(args.seconds), "tcpdump", "-i", "lo", "-s", "200", "-w", capture,
                            f"tcp dst port {args.port}"], stderr=subprocess.DEVNULL, check=False)
        except FileNotFoundError:
            sys.exit("tcpdump not found: apt-get install tcpdump")
        if not os.path.exists(capture):
            sys.exit("tcpdump captured nothing (root needed?)")
        with open(capture, "rb") as f:
            pcap = f.read()
    by_key, by_client = collections.Counter(), collections.Counter()
    for source_port, payload in packets(pcap):
        offset = 0
        while offset + 8 <= len(payload):
            size, key = struct.unpack(">iH", payload[offset:offset + 6])
            if size < 4 or size > 1 << 20 or key > 1000:
                break  # the continuation of a request split across segments, not a request header
            name = API_KEYS.get(key, f"api key {key}")
            by_key[name] += 1
            by_client[(source_port, name)] += 1
            offset += 4 + size
    total = sum(by_key.values())
    print(f"{total} requests to port {args.port} in {args.seconds:g} s: {total / args.seconds:.2f} a second")
    print("| request | count | a second |\n|---|---:|---:|")
    for name, count in by_key.most_common():
        print(f"| {name} | {count} | {count / args.seconds:.2f} |")
    if args.per_client:
        print("\n| client port | request | a second |\n|---:|---|---:|")
        for (port, name), count in sorted(by_client.items()):
            print(f"| {port} | {name} | {count / args.seconds:.2f} |")


if __name__ == "__main__":
    main()
