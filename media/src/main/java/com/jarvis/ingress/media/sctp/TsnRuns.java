package com.jarvis.ingress.media.sctp;

import java.util.Map;
import java.util.TreeMap;

/**
 * Received TSNs above the cumulative point as maximal runs of consecutive numbers (unwrapped), so a SACK's gap
 * blocks cost O(blocks) to write instead of a walk over every held TSN.
 */
final class TsnRuns {
    private final TreeMap<Long, Long> runs = new TreeMap<>();

    void add(long t) {
        Map.Entry<Long, Long> below = runs.floorEntry(t);
        Long aboveEnd = runs.get(t + 1);
        if (below != null && below.getValue() + 1 == t) {
            long start = below.getKey();
            if (aboveEnd != null) {
                runs.remove(t + 1);
                runs.put(start, aboveEnd);
            } else {
                runs.put(start, t);
            }
        } else if (aboveEnd != null) {
            runs.remove(t + 1);
            runs.put(t, aboveEnd);
        } else {
            runs.put(t, t);
        }
    }

    /** Forgets everything up to and including {@code t}. */
    void removeThrough(long t) {
        while (!runs.isEmpty()) {
            Map.Entry<Long, Long> first = runs.firstEntry();
            if (first.getKey() > t) {
                return;
            }
            runs.pollFirstEntry();
            if (first.getValue() > t) {
                runs.put(t + 1, first.getValue());
                return;
            }
        }
    }

    int count() {
        return runs.size();
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    Iterable<Map.Entry<Long, Long>> all() {
        return runs.entrySet();
    }
}
