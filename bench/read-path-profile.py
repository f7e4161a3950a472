#!/usr/bin/env python3
"""Where a read's CPU time goes, from async-profiler's folded stacks (bench/read-path.sh, BENCH_PROFILE=1).

  read-path-profile.py <file.collapsed>

Prints the share of all samples under each part of the request (a sample counts for the first part in PARTS with a
frame on its stack, so the shares add up) and the hottest leaf frames.
"""
import collections
import sys

# (part, substrings of a frame that mark it), in the order they are tried from the leaf up: the innermost part wins.
PARTS = [
    ("JSON logging", ["org/jboss/logmanager", "io/quarkus/logging/json", "JsonFormatter"]),
    ("tracing (OpenTelemetry, Zipkin export)", ["io/opentelemetry", "zipkin2", "dev/enclave/tracing"]),
    ("token verification (OIDC, jose4j)", ["org/jose4j", "io/quarkus/oidc", "io/smallrye/jwt"]),
    ("limits: Redis client", ["io/vertx/redis", "io/quarkus/redis", "RedisBuckets"]),
    ("limits: admission, turns", ["dev/enclave/limits"]),
    ("membership (CurrentMember)", ["dev/enclave/member/CurrentMember", "dev/enclave/member/Memberships",
                                    "dev/enclave/member/MembershipFilter"]),
    ("tenant registry, RLS stamp", ["dev/enclave/tenancy"]),
    ("JDBC driver (pgjdbc)", ["org/postgresql"]),
    ("connection pool (Agroal)", ["io/agroal"]),
    ("transactions (Narayana)", ["com/arjuna", "io/quarkus/narayana"]),
    ("Hibernate ORM", ["org/hibernate"]),
    ("JSON (Jackson)", ["com/fasterxml/jackson"]),
    ("metrics (Micrometer)", ["io/micrometer"]),
    ("security, CDI, REST", ["io/quarkus/security", "io/quarkus/arc", "io/quarkus/resteasy", "org/jboss/resteasy"]),
    ("HTTP, event loop (Vert.x, Netty)", ["io/vertx", "io/netty"]),
    ("JIT compiler, GC, VM", ["CompileBroker", "C2Compiler", "G1", "GC", "Thread::", "VMThread", "__clone"]),
]


def part_of(frames):
    for name, marks in PARTS:
        for frame in reversed(frames):
            if any(m in frame for m in marks):
                return name
    return "other"


def main(path):
    parts = collections.Counter()
    leaves = collections.Counter()
    total = 0
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        parts[part_of(frames)] += n
        leaves[frames[-1]] += n
    print(f"{total} samples (1 ms of CPU each) in {path.rsplit('/', 1)[-1]}")
    print("\nshare  part of the request (the first part below with a frame on the sample's stack)")
    for name, n in parts.most_common():
        print(f"{100 * n / total:5.1f}% {name}")
    print("\nshare  hottest leaf frames")
    for frame, n in leaves.most_common(15):
        print(f"{100 * n / total:5.1f}% {frame[:140]}")


if __name__ == "__main__":
    main(sys.argv[1])
