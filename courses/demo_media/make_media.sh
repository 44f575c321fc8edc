#!/usr/bin/env bash
# Makes the demo narrations and the slide video from the texts beside this script.
# Run it from the repository root once, after changing a narration text:
#
#     courses/demo_media/make_media.sh
#
# Needs espeak-ng, ffmpeg/ffprobe and the project's virtualenv (for the slide, which
# is the Pyramid Model diagram that seeding also draws). Seeding uses the files this
# writes and needs none of these tools.
#
# Each line of a <name>-narration.txt is spoken on its own and becomes one caption
# cue, so the WebVTT timings are the measured lengths of the spoken lines.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

voice="en-us+f3"
speed=150     # words per minute
gap=0.35      # seconds of silence after each line

timestamp() {  # seconds -> HH:MM:SS.mmm
    awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); h = int(ms / 3600000);
        m = int((ms % 3600000) / 60000); s = (ms % 60000) / 1000;
        printf "%02d:%02d:%06.3f", h, m, s }'
}

duration() {
    ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"
}

narrate() {  # narrate NAME: speak NAME-narration.txt line by line into one WAV + cues
    local name="$1" number=0 start=0 length line wav
    : > "$work/$name.list"
    : > "$work/$name.cues"
    ffmpeg -nostdin -v error -f lavfi -i anullsrc=r=22050:cl=mono -t "$gap" "$work/gap.wav" -y
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ -z "$line" ]] && continue
        number=$((number + 1))
        wav="$work/$name-$number.wav"
        espeak-ng -v "$voice" -s "$speed" -w "$work/raw.wav" "$line" < /dev/null
        ffmpeg -nostdin -v error -i "$work/raw.wav" -ar 22050 -ac 1 "$wav" -y
        length="$(duration "$wav")"
        printf "file '%s'\nfile '%s'\n" "$wav" "$work/gap.wav" >> "$work/$name.list"
        printf "%s\t%s\t%s\n" "$start" "$(awk -v a="$start" -v b="$length" \
            'BEGIN { print a + b }')" "$line" >> "$work/$name.cues"
        start="$(awk -v a="$start" -v b="$length" -v g="$gap" 'BEGIN { print a + b + g }')"
    done < "$here/$name-narration.txt"
    ffmpeg -nostdin -v error -f concat -safe 0 -i "$work/$name.list" -c copy "$work/$name.wav" -y
    # Speech at 24 kbit/s Opus, mono: clear and well under 250 KB for a minute.
    ffmpeg -nostdin -v error -i "$work/$name.wav" -c:a libopus -b:a 24k -ac 1 \
        -application voip "$work/$name.ogg" -y
}

captions() {  # captions NAME: WebVTT from the measured cues, at most two lines each
    local name="$1" number=0 from to text
    {
        echo "WEBVTT"
        echo
        while IFS=$'\t' read -r from to text; do
            number=$((number + 1))
            echo "$number"
            echo "$(timestamp "$from") --> $(timestamp "$to")"
            echo "$text" | fold -s -w 42 | sed 's/ *$//'
            echo
        done < "$work/$name.cues"
    } > "$here/$2"
}

for name in attachment trauma pyramid; do
    narrate "$name"
done
# The attachment and trauma narrations are lessons' audio; the Pyramid Model one is
# the sound of the slide video.
cp "$work/attachment.ogg" "$here/attachment-narration.ogg"
cp "$work/trauma.ogg" "$here/trauma-narration.ogg"

# The slide video: the Pyramid Model diagram held on screen under its narration.
(cd "$root" && .venv/bin/python manage.py shell -v 0 -c \
    "import sys; from courses.demo import pyramid_diagram_png; \
sys.stdout.buffer.write(pyramid_diagram_png())") > "$work/slide.png"
# -t, not -shortest: a looped still image would otherwise run on past the voice.
ffmpeg -nostdin -v error -loop 1 -framerate 2 -i "$work/slide.png" \
    -i "$work/pyramid.ogg" -t "$(duration "$work/pyramid.ogg")" \
    -c:v libvpx-vp9 -crf 40 -b:v 0 -row-mt 1 -pix_fmt yuv420p -c:a copy \
    "$here/pyramid-overview.webm" -y
captions pyramid pyramid-overview.vtt

ls -l "$here"/*.ogg "$here"/*.webm "$here"/*.vtt
for file in "$here"/*.ogg "$here"/*.webm; do
    printf "%s %s s\n" "$(basename "$file")" "$(duration "$file")"
done
