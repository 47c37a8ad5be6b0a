#!/bin/sh
# Writes e2e/tone.wav: a 440 Hz sine, 48 kHz mono 16-bit, 12 s, for Chromium's fake microphone
# (--use-file-for-fake-audio-capture). Needs sox (Debian: apt-get install -y sox).
set -eu
cd "$(dirname "$0")"
command -v sox >/dev/null || { echo "sox not found: apt-get install -y sox" >&2; exit 1; }
sox -n -r 48000 -c 1 -b 16 -e signed-integer tone.wav synth 12 sine 440 vol 0.5
echo "wrote $(pwd)/tone.wav"
