#!/bin/sh
# tests/check_speech.sh - an independent reader (sox) agrees with
# tests/unit/speech_test.c about the English read-aloud WAV it wrote to
# build/test-out/: a valid 22050 Hz mono 16-bit file, a plausible length for
# its 12 words at 160 wpm, not silent, and the same RMS the C test computed
# (taken from its log when tests/run.sh kept one).
set -u
cd "$(dirname "$0")/.."
WAV=build/test-out/speech_en.wav
LOG=build/test-out/speech_test.log
WORDS=12
if ! command -v sox >/dev/null 2>&1; then
	echo "not ok - sox_is_installed: run make deps"
	exit 1
fi
if [ ! -s "$WAV" ]; then
	echo "not ok - speech_test_wrote_the_english_wav: run build/san/tests/speech_test first"
	exit 1
fi
fail=0
ok() { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fail=1; fi; }

info=$(sox --i "$WAV" 2>&1)
echo "$info" | grep -q "Sample Rate *: 22050" && echo "$info" | grep -q "Channels *: 1" \
	&& echo "$info" | grep -q "Precision *: 16-bit"
ok $? sox_reads_a_22050_hz_mono_16_bit_wav

stat=$(sox "$WAV" -n stat 2>&1)
len=$(echo "$stat" | awk -F: '/^Length/ { gsub(/ /, "", $2); print $2 }')
rms=$(echo "$stat" | awk -F: '/^RMS +amplitude/ { gsub(/ /, "", $2); print $2 }')
echo "# sox: ${len:-?} s, RMS ${rms:-?}"
awk -v l="${len:-0}" -v w=$WORDS 'BEGIN { exit !(l / w > 0.25 && l / w < 1.2) }'
ok $? sox_length_is_plausible_for_twelve_words_at_160_wpm
awk -v r="${rms:-0}" 'BEGIN { exit !(r > 500 / 32768) }'
ok $? sox_finds_the_speech_not_silent

if [ -s "$LOG" ] && c_rms=$(awk '/^# en: / { print $NF }' "$LOG") && [ -n "$c_rms" ]; then
	awk -v s="$rms" -v c="$c_rms" 'BEGIN { d = s * 32768 - c; if (d < 0) d = -d; exit !(d <= 0.01 * c + 1) }'
	ok $? sox_rms_matches_the_rms_computed_in_c
fi
exit $fail
