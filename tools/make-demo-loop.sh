#!/usr/bin/env bash
# Builds the built-in demo stream: a short CMAF loop, one file per track, that the server re-times to
# the wall clock like a live encoder (server/src/main/resources/demo/{video,audio}.mp4).
#
# The numbers. The loop must hold a whole number of video frames AND of AAC frames (1024 samples at
# 48 kHz = 1/46.875 s), and chunks of both tracks should end at the same instant so that every chunk
# of the loop lasts exactly the same in both tracks. At 30 fps the smallest such unit is
# 16 video frames = 25 AAC frames = 0.5333... s (16/30 = 25*1024/48000), which is our chunk:
#   video: 30 fps, timescale 90000 (the RTP video clock), frame = 3000 ticks, chunk = 16 frames = 48000 ticks,
#          GOP = segment = 4 chunks = 64 frames = 192000 ticks (2.1333 s), one IDR at each segment start,
#          no B-frames (no composition offsets, no edit list)
#   audio: AAC-LC 48 kHz stereo, timescale 48000, frame = 1024 ticks, chunk = 25 frames = 25600 ticks,
#          segment = 100 frames = 102400 ticks (2.1333 s)
#   loop:  2 segments = 8 chunks = 128 video frames = 200 AAC frames = 4.2666... s
# (25 fps cannot cut 0.5 s chunks on frame boundaries; 24 fps never meets the AAC frame grid below 2.67 s.)
#
# Needs ffmpeg with libx264, the native AAC encoder and drawtext (libfreetype), and python3 for the check.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=${1:-server/src/main/resources/demo}

FPS=30
VIDEO_TIMESCALE=90000
CHUNK_FRAMES=16            # video frames per chunk
CHUNKS_PER_SEGMENT=4
SEGMENTS=2
AUDIO_RATE=48000
AAC_FRAME=1024
AAC_PER_CHUNK=25           # 25 * 1024 / 48000 = 16 / 30 s

GOP=$((CHUNK_FRAMES * CHUNKS_PER_SEGMENT))                      # 64
VIDEO_FRAMES=$((GOP * SEGMENTS))                                # 128
AUDIO_FRAMES=$((AAC_PER_CHUNK * CHUNKS_PER_SEGMENT * SEGMENTS))  # 200
FRAME_TICKS=$((VIDEO_TIMESCALE / FPS))                          # 3000
# ffmpeg cuts a fragment before the first sample whose decode time is >= frag_duration (microseconds) after
# the fragment's first sample: 16 frames = 533333.3 us, so 533333 us cuts after exactly 16 frames / 25 AAC frames.
FRAG_US=$((CHUNK_FRAMES * 1000000 / FPS))                       # 533333

if (( CHUNK_FRAMES * AUDIO_RATE != AAC_PER_CHUNK * AAC_FRAME * FPS )); then
  echo "chunk is not the same length in both tracks" >&2; exit 1
fi

FONT=/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf
[[ -f $FONT ]] && FONTOPT="fontfile=$FONT" || FONTOPT="font=Mono"
SEG_S=$(python3 -c "print($GOP/$FPS)")
PRIME=$(python3 -c "print($AAC_FRAME/$AUDIO_RATE)")

# Picture: testsrc2 with a big running source timestamp, the segment/chunk/frame counters, and a white
# bar while the audio beeps (1 s into each segment; 880 Hz in segment 0, 1320 Hz in segment 1) so A/V sync
# can be judged by eye and ear. Silence around the loop seam keeps the AAC overlap at the seam inaudible.
# The AAC encoder's first packet is a priming frame, and without an edit list it sits at decode time 0: the
# audio source is read PRIME seconds ahead so that the beeps land exactly under the white bar.
FILTER=$(mktemp)
trap 'rm -f "$FILTER"' EXIT
cat > "$FILTER" <<EOF
testsrc2=size=640x360:rate=$FPS,
drawtext=$FONTOPT:fontsize=56:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=(w-tw)/2:y=40:text='%{pts\:hms}',
drawtext=$FONTOPT:fontsize=22:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6:x=(w-tw)/2:y=h-60:text='Livepoint demo  seg %{eif\:floor(n/$GOP)\:d}  chunk %{eif\:mod(floor(n/$CHUNK_FRAMES)\,$CHUNKS_PER_SEGMENT)\:d}  frame %{eif\:n\:d}',
drawbox=x=0:y=ih-12:w=iw:h=12:color=white:t=fill:enable='between(mod(t\,$SEG_S)\,1.0\,1.1)'
[v];
aevalsrc=exprs='0.5*between(mod(t+$PRIME\,$SEG_S)\,1.0\,1.1)*sin(2*PI*t*if(lt(t+$PRIME\,$SEG_S)\,880\,1320))|0.5*between(mod(t+$PRIME\,$SEG_S)\,1.0\,1.1)*sin(2*PI*t*if(lt(t+$PRIME\,$SEG_S)\,880\,1320))':s=$AUDIO_RATE:c=stereo
[a]
EOF

CMAF_FLAGS=empty_moov+separate_moof+default_base_moof+cmaf
mkdir -p "$OUT"
set -x
ffmpeg -hide_banner -loglevel error -y -filter_complex_script "$FILTER" \
  -map '[v]' -frames:v $VIDEO_FRAMES -c:v libx264 -threads 1 -preset slow -profile:v high -level:v 3.0 -pix_fmt yuv420p \
    -b:v 800k -maxrate 900k -bufsize 900k -g $GOP -keyint_min $GOP -sc_threshold 0 -bf 0 \
    -x264-params "keyint=$GOP:min-keyint=$GOP:scenecut=0:open-gop=0:bframes=0" \
    -fflags +bitexact -flags:v +bitexact -metadata:s:v:0 handler_name="Livepoint demo video" \
    -f mp4 -movflags $CMAF_FLAGS -frag_duration $FRAG_US -video_track_timescale $VIDEO_TIMESCALE -use_editlist 0 \
    "$OUT/video.mp4" \
  -map '[a]' -frames:a $AUDIO_FRAMES -c:a aac -b:a 96k -ar $AUDIO_RATE -ac 2 \
    -fflags +bitexact -flags:a +bitexact -metadata:s:a:0 handler_name="Livepoint demo audio" \
    -metadata:s:a:0 language=und \
    -f mp4 -movflags $CMAF_FLAGS -frag_duration $FRAG_US -use_editlist 0 \
    "$OUT/audio.mp4"
set +x

# Check what we wrote: both decode, every chunk lasts exactly one chunk, every segment starts with a
# sync sample, and both tracks add up to the loop length.
for f in video.mp4 audio.mp4; do
  ffmpeg -hide_banner -v error -i "$OUT/$f" -f null - || { echo "$f does not decode" >&2; exit 1; }
done
python3 tools/cmaf-report.py "$OUT/video.mp4" --fragment-ticks $((CHUNK_FRAMES * FRAME_TICKS)) \
  --sync-every $CHUNKS_PER_SEGMENT --total-ticks $((VIDEO_FRAMES * FRAME_TICKS))
python3 tools/cmaf-report.py "$OUT/audio.mp4" --fragment-ticks $((AAC_PER_CHUNK * AAC_FRAME)) \
  --sync-every 1 --total-ticks $((AUDIO_FRAMES * AAC_FRAME))
# ffprobe's own view: the first video packet of every segment is a key frame, and the packet counts.
keys=$(ffprobe -v error -select_streams v:0 -show_entries packet=flags -of csv=p=0 "$OUT/video.mp4" \
  | awk -v gop=$GOP '{ if ((NR-1) % gop == 0 && $0 !~ /K/) bad++ ; n++ } END { print n, bad+0 }')
apkts=$(ffprobe -v error -select_streams a:0 -show_entries packet=pts -of csv=p=0 "$OUT/audio.mp4" | wc -l)
read -r vpkts badkeys <<<"$keys"
echo "video packets=$vpkts (expected $VIDEO_FRAMES), segment starts without key frame=$badkeys; audio packets=$apkts (expected $AUDIO_FRAMES)"
[[ $vpkts == "$VIDEO_FRAMES" && $badkeys == 0 && $apkts == "$AUDIO_FRAMES" ]]
ls -l "$OUT"/video.mp4 "$OUT"/audio.mp4
