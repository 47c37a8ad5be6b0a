#!/bin/sh
# Writes e2e/speech.wav: ~12 s of English speech, 48 kHz mono 16-bit, for Chromium's fake microphone
# (--use-file-for-fake-audio-capture; run-browser.mjs --wav=speech.wav or TONE_WAV=speech.wav). Unlike the tone,
# speech has an amplitude envelope that identifies it, so tests can check by cross-correlation that what the
# service stored or forwarded is this audio, in order. 12 s, so a 10 s stream that starts a little late does not
# reach the point where Chromium loops the file. Deterministic for a given espeak-ng version.
# Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox).
set -eu
cd "$(dirname "$0")"
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install -y espeak-ng sox" >&2; exit 1; }
done
raw=$(mktemp --suffix=.wav)
trap 'rm -f "$raw"' EXIT
espeak-ng -v en-us -s 150 -w "$raw" \
  "The quick brown fox jumps over the lazy dog. Jarvis, please turn on the kitchen lights and set a timer for \
ten minutes. What is the weather like in Berlin tomorrow morning? Remind me to call my sister at seven."
# Resample to 48 kHz, normalise to -3 dBFS, then cut or pad (silence) to exactly 12 s.
sox -V1 "$raw" -r 48000 -c 1 -b 16 -e signed-integer speech.wav norm -3 pad 0 12 trim 0 12
echo "wrote $(pwd)/speech.wav"
