#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample --stack-depth 200` output (stdin) by package group.

Prints, per group, the share of samples whose top frame is in it ("self") and the share with any frame in it
("on stack"), then the top frames' packages and methods. Used by bench/profile-control-plane.sh.
"""
import re
import sys
from collections import Counter

GROUPS = [
    ("datasource-proxy", ("net.ttddyy.",)),
    ("micrometer/otel", ("io.micrometer.", "io.opentelemetry.")),
    ("logging", ("ch.qos.logback.", "org.slf4j.", "net.logstash.", "org.springframework.boot.logging.")),
    ("hikari", ("com.zaxxer.",)),
    ("pgjdbc", ("org.postgresql.",)),
    ("spring jdbc/tx", ("org.springframework.jdbc.", "org.springframework.transaction.")),
    ("nimbus jwt", ("com.nimbusds.",)),
    ("lettuce/netty", ("io.lettuce.", "io.netty.")),
    ("jca crypto", ("sun.security.", "javax.crypto.", "com.sun.crypto.", "java.security.")),
    ("jackson", ("com.fasterxml.", "tools.jackson.")),
    ("tomcat", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("spring web", ("org.springframework.web.", "org.springframework.http.")),
    ("ingress ratelimit", ("com.jarvis.ingress.ratelimit.",)),
    ("ingress (app)", ("com.jarvis.",)),
]


def group_of(frame):
    for name, prefixes in GROUPS:
        if frame.startswith(prefixes):
            return name
    return "jdk/other"


def package_of(frame):
    method = frame.split("(")[0]
    parts = method.split(".")
    return ".".join(parts[:-2]) if len(parts) > 2 else method


samples = []
stack = None
for line in sys.stdin:
    line = line.strip()
    if line.startswith("stackTrace = ["):
        stack = []
    elif stack is not None and line.startswith("]"):
        samples.append(stack)
        stack = None
    elif stack is not None and line and line != "...":
        stack.append(re.sub(r"\s+line:.*$", "", line))

n = len(samples)
if n == 0:
    print("no samples")
    sys.exit(0)
self_groups, on_stack = Counter(), Counter()
top_packages, top_methods = Counter(), Counter()
for s in samples:
    self_groups[group_of(s[0])] += 1
    for g in {group_of(f) for f in s}:
        on_stack[g] += 1
    top_packages[package_of(s[0])] += 1
    top_methods[s[0]] += 1
print(f"{n} samples")
print(f"{'group':<18} {'self %':>7} {'on stack %':>10}")
for g, _ in sorted(on_stack.items(), key=lambda kv: -kv[1]):
    print(f"{g:<18} {100 * self_groups[g] / n:7.1f} {100 * on_stack[g] / n:10.1f}")
print("top-frame packages:", ", ".join(f"{p} {100 * c / n:.1f}%" for p, c in top_packages.most_common(12)))
print("top-frame methods:")
for m, c in top_methods.most_common(12):
    print(f"  {100 * c / n:5.1f}% {m}")
