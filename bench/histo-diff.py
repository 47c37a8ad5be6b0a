#!/usr/bin/env python3
"""Per-session heap by class: the difference of two `jcmd GC.class_histogram` outputs divided by a session count.

Usage: python3 bench/histo-diff.py BASELINE.txt IDLE.txt SESSIONS [TOP=30]
(bench/webrtc-loadgen.sh writes the two files when HISTO_DIR is set.)
"""
import re
import sys


def read(path):
    classes = {}
    for line in open(path):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return classes


def main():
    base, idle, sessions = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    rows = []
    for name in set(base) | set(idle):
        n0, b0 = base.get(name, (0, 0))
        n1, b1 = idle.get(name, (0, 0))
        rows.append((b1 - b0, n1 - n0, name))
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows)
    print(f"total {total / sessions / 1024:.1f} KB per session ({sessions} sessions)")
    print(f"{'bytes/session':>14} {'objects/session':>16}  class")
    for b, n, name in rows[:top]:
        print(f"{b / sessions:14.0f} {n / sessions:16.1f}  {name}")


if __name__ == "__main__":
    main()
