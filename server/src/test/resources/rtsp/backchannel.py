#!/usr/bin/env python3
"""An ONVIF back-channel client: GStreamer rtspsrc (backchannel=onvif) plays an RTSP URL and sends
mu-law noise on the sendonly audio medium of its SDP through the "push-backchannel-sample" action.

usage: backchannel.py URL PROTOCOLS(tcp|udp) SECONDS DUMPFILE
Every RTP payload rtspsrc accepted (flow OK) is appended to DUMPFILE, so the caller can compare it with
what the server received. Prints BACKCHANNEL idx=... caps=... when the SDP offered one, SENT n at the end."""
import ctypes
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
from gi.repository import GLib, Gst, GstApp  # noqa: E402

url, protocols, seconds, dump_path = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
Gst.init(None)
GST = ctypes.CDLL("libgstreamer-1.0.so.0")
GST.gst_mini_object_ref.restype = ctypes.c_void_p
GST.gst_mini_object_ref.argtypes = [ctypes.c_void_p]
# Debian 12's 1.22.0 steals it; where fixed, the extra reference only leaks a few seconds of samples
STEALS_REFERENCE = True
loop = GLib.MainLoop()
state = {"idx": None, "caps": None, "sent": 0, "back": None, "out": None, "playing": False, "sinks": []}
dump = open(dump_path, "wb")

pipe = Gst.Pipeline.new("play")
src = Gst.ElementFactory.make("rtspsrc")
src.set_property("location", url)
src.set_property("protocols", protocols)
src.set_property("backchannel", 1)  # onvif
src.set_property("latency", 100)
pipe.add(src)


def select_stream(element, idx, caps):
    s = caps.get_structure(0)
    if s.has_field("a-sendonly"):
        # the RTP caps the server expects (encoding-name, payload, clock-rate), without the SDP attributes
        fields = {}
        for i in range(s.n_fields()):
            name = s.nth_field_name(i)
            if not name.startswith("a-"):
                fields[name] = s.get_value(name)
        out = Gst.Structure.new_empty("application/x-rtp")
        for k, v in fields.items():
            out.set_value(k, v)
        state["idx"] = idx
        state["caps"] = Gst.Caps.new_empty()
        state["caps"].append_structure(out)
        print("BACKCHANNEL idx=%d caps=%s" % (idx, state["caps"].to_string()), flush=True)
    return True


def pad_added(element, pad):
    sink = Gst.ElementFactory.make("fakesink")
    sink.set_property("sync", False)
    state["sinks"].append(sink)
    pipe.add(sink)
    sink.sync_state_with_parent()
    pad.link(sink.get_static_pad("sink"))


def push(sample):
    buf = sample.get_buffer()
    ok, info = buf.map(Gst.MapFlags.READ)
    data = bytes(info.data)
    buf.unmap(info)
    # rtspsrc 1.22 releases a reference of the sample it is given (fixed in later versions), which the Python
    # binding owns and releases again: give it one of its own (a boxed wrapper's hash is its C pointer)
    if STEALS_REFERENCE:
        GST.gst_mini_object_ref(ctypes.c_void_p(hash(sample)))
    ret = src.emit("push-backchannel-sample", state["idx"], sample)
    if ret == Gst.FlowReturn.OK:
        cc = data[0] & 0x0F
        start = 12 + 4 * cc
        if data[0] & 0x10:
            start += 4 + 4 * int.from_bytes(data[start + 2:start + 4], "big")
        dump.write(data[start:])
        state["sent"] += 1


def tick():
    """On the main loop only (no Python on GStreamer's streaming threads, which deadlocks with the GIL)."""
    if not state["playing"]:
        # media flows: the PLAY response came (ONVIF Streaming 5.3.2: send only after it)
        if any(k.get_property("last-sample") is not None for k in state["sinks"]):
            state["playing"] = True
            print("PLAYING", flush=True)
            start_back()
        return True
    out = state["out"]
    if out is None:
        return False
    while True:
        sample = out.try_pull_sample(0)
        if sample is None:
            return True
        push(sample)


def start_back():
    if state["back"] is not None:
        return False
    if state["idx"] is None:
        print("NO BACKCHANNEL in the SDP", flush=True)
        stop()
        return False
    back = Gst.parse_launch("audiotestsrc is-live=true wave=white-noise samplesperbuffer=160 ! "
                            "audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay ! appsink name=out max-buffers=1000")
    out = back.get_by_name("out")
    out.set_property("caps", state["caps"])
    state["back"] = back
    state["out"] = out
    back.set_state(Gst.State.PLAYING)
    GLib.timeout_add(int(seconds * 1000), stop)
    return False


def stop():
    state["out"] = None
    if state["back"] is not None:
        state["back"].set_state(Gst.State.NULL)
    pipe.set_state(Gst.State.NULL)  # TEARDOWN
    dump.close()
    print("SENT %d" % state["sent"], flush=True)
    loop.quit()
    return False


def on_message(bus, msg):
    if msg.type == Gst.MessageType.ERROR:
        err, dbg = msg.parse_error()
        print("ERROR %s %s" % (err, dbg), flush=True)
        stop()


src.connect("select-stream", select_stream)
src.connect("pad-added", pad_added)
bus = pipe.get_bus()
bus.add_signal_watch()
bus.connect("message", on_message)
pipe.set_state(Gst.State.PLAYING)
GLib.timeout_add(10, tick)
GLib.timeout_add(int((seconds + 30) * 1000), stop)  # a hard limit
loop.run()
sys.exit(0 if state["sent"] > 0 else 1)
