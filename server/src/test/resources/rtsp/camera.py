#!/usr/bin/python3
"""A simulated IP camera for the RTSP pull tests: GStreamer's RTSP server serving a live test pattern
(H.264, x264enc) with AAC audio at rtsp://127.0.0.1:PORT/cam, behind Digest (or Basic) authentication.

usage: camera.py PORT USER PASSWORD [digest|basic]
PORT 0 picks a free one. Prints "READY <port>" once it listens; runs until killed.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

port, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
method = sys.argv[4] if len(sys.argv) > 4 else "digest"
Gst.init(None)

server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)

factory = GstRtspServer.RTSPMediaFactory()
factory.set_shared(True)
factory.set_launch(
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=800 "
    "! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=-1 "
    "audiotestsrc is-live=true wave=sine ! audio/x-raw,rate=48000,channels=2 ! avenc_aac "
    "! rtpmp4gpay name=pay1 pt=97 )")
factory.add_role_from_structure(Gst.Structure.from_string(
    "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true")[0])

auth = GstRtspServer.RTSPAuth()
token = GstRtspServer.RTSPToken()
token.set_string("media.factory.role", "user")
if method == "digest":
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    auth.add_digest(user, password, token)
else:
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
server.set_auth(auth)
server.get_mount_points().add_factory("/cam", factory)

if server.attach(None) == 0:
    print("cannot listen on port " + port, flush=True)
    sys.exit(1)
print("READY %d" % server.get_bound_port(), flush=True)
GLib.MainLoop().run()
