#!/usr/bin/python3
"""A WHIP client (RFC 9725) built on GStreamer's webrtcbin, using Debian's packages only
(gstreamer1.0-plugins-bad, gstreamer1.0-nice, python3-gi, gir1.2-gst-plugins-bad-1.0).

Streams a sine tone: audiotestsrc -> opusenc -> rtpopuspay -> webrtcbin (max-bundle, rtcp-mux), POSTs the SDP
offer to the WHIP endpoint, applies the answer, streams for --duration ms once connected (ICE + DTLS), then DELETEs the resource unless
--keep. Prints one JSON line: {ok, status, location, sessionId, etag, connectMs, iceState, deleteStatus, error?}.

Usage: /usr/bin/python3 whip-gst.py URL TOKEN [--duration=5000] [--freq=440] [--keep] [--print-offer]
--print-offer prints the offer webrtcbin makes and exits (how the test resource was captured).
"""
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = dict((a[2:].split("=", 1) + [""])[:2] for a in sys.argv[1:] if a.startswith("--"))
print_offer = "print-offer" in flags
url = args[0] if args else "http://127.0.0.1:3000/api/whip"
token = args[1] if len(args) > 1 else ""
duration_ms = int(flags.get("duration") or 5000)
freq = float(flags.get("freq") or 440)
keep = "keep" in flags

Gst.init(None)
PIPELINE = (
    "webrtcbin name=w bundle-policy=max-bundle "
    f"audiotestsrc is-live=true wave=sine freq={freq} volume=0.5 ! audioconvert ! audioresample ! "
    "audio/x-raw,rate=48000,channels=1 ! opusenc frame-size=20 ! rtpopuspay pt=111 ! "
    "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000 ! w."
)
pipe = Gst.parse_launch(PIPELINE)
webrtc = pipe.get_by_name("w")
loop = GLib.MainLoop()
result = {"ok": False}


def finish(**fields):
    result.update(fields)
    loop.quit()


def request(method, target, body=None, content_type=None):
    req = urllib.request.Request(target, data=body, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def post_offer(offer_sdp):
    status, headers, body = request("POST", url, offer_sdp.encode(), "application/sdp")
    result.update(status=status, location=headers.get("Location"), sessionId=headers.get("X-Session-Id"),
                  etag=headers.get("ETag"))
    if status != 201:
        GLib.idle_add(lambda: finish(error=body) and False)
        return
    ok, sdp = GstSdp.SDPMessage.new_from_text(body)
    answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, sdp)

    def apply():
        webrtc.emit("set-remote-description", answer, Gst.Promise.new())
        result["answeredAt"] = GLib.get_monotonic_time()
        GLib.timeout_add(50, wait_connected)
        return False

    GLib.idle_add(apply)


def wait_connected():
    """Streams for --duration from the moment ICE and DTLS are up (connecting may take seconds on a busy host)."""
    state = webrtc.get_property("connection-state").value_nick
    if state == "connected":
        result["connectMs"] = (GLib.get_monotonic_time() - result["answeredAt"]) // 1000
        GLib.timeout_add(duration_ms, stop)
        return False
    if state == "failed" or GLib.get_monotonic_time() - result["answeredAt"] > 30_000_000:
        finish(error="not connected: " + state)
        return False
    return True


def stop():
    result["iceState"] = webrtc.get_property("ice-connection-state").value_nick
    result["ok"] = result["iceState"] in ("connected", "completed")
    if not keep and result.get("location"):
        target = urllib.parse.urljoin(url, result["location"])
        threading.Thread(target=lambda: (result.update(deleteStatus=request("DELETE", target)[0]),
                                         GLib.idle_add(loop.quit)), daemon=True).start()
    else:
        loop.quit()
    return False


def on_offer_created(promise, _):
    promise.wait()
    reply = promise.get_reply()
    offer = reply.get_value("offer")
    if offer is None:
        finish(error="create-offer failed: " + reply.to_string())
        return
    webrtc.emit("set-local-description", offer, Gst.Promise.new())
    text = offer.sdp.as_text()
    if print_offer:
        sys.stdout.write(text)
        GLib.idle_add(loop.quit)
        return
    # Non-trickle is not needed: the ICE-lite server learns our address from our checks.
    threading.Thread(target=post_offer, args=(text,), daemon=True).start()


def on_negotiation_needed(element):
    element.emit("create-offer", None, Gst.Promise.new_with_change_func(on_offer_created, None))


def on_bus(bus, message):
    if message.type == Gst.MessageType.ERROR:
        err, dbg = message.parse_error()
        finish(error=f"{err.message} {dbg}")
    return True


webrtc.connect("on-negotiation-needed", on_negotiation_needed)
bus = pipe.get_bus()
bus.add_signal_watch()
bus.connect("message", on_bus)
pipe.set_state(Gst.State.PLAYING)
# The audio transceiver is send-only.
for i in range(8):
    t = webrtc.emit("get-transceiver", i)
    if t is None:
        break
    t.set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
GLib.timeout_add(duration_ms + 60_000, lambda: finish(error="timed out") and False)
loop.run()
pipe.set_state(Gst.State.NULL)
if not print_offer:
    print(json.dumps(result), flush=True)
sys.exit(0 if (print_offer or result["ok"]) else 1)
