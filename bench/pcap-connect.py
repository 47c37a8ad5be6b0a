#!/usr/bin/env python3
"""The server's side of each connect, from a loopback capture: how long the server took to answer the client's
first STUN check, its ClientHello and its second DTLS flight, and each signalling call at the socket (request's
first byte in -> response's first byte out, as the proxy in front of it saw it). For
bench/chromium-connect-vs-mediasoup.sh (PCAP=1 captures while it runs; see docs/benchmarks.md).

  python3 bench/pcap-connect.py capture.pcap NAME:HTTP_PORT:UDP_PORTS ...
  e.g. python3 bench/pcap-connect.py lo.pcap service:4100:4110 mediasoup:4101:4150-4199

A UDP flow (server port, client port) is one session's transport: Chromium opens a new socket per session. Only
the server's role as ICE-lite responder and DTLS server is handled (what mediasoup-client sets up for a send
transport). Prints per server the median and min over flows of each step, in ms. Needs nothing beyond Python 3.
"""
import struct
import sys
from collections import defaultdict
from statistics import median


def packets(path):
    """(time, src_port, dst_port, proto, payload) of each IPv4 TCP/UDP packet of an Ethernet-framed pcap."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    endian, nano = {0xa1b2c3d4: ('<', False), 0xa1b23c4d: ('<', True)}.get(magic, ('>', False))
    link = struct.unpack(endian + 'I', data[20:24])[0]
    if link != 1:
        sys.exit(f'link type {link}: only Ethernet (capture on lo with tcpdump -i lo)')
    off = 24
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + 'IIII', data[off:off + 16])
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        t = sec + frac / (1e9 if nano else 1e6)
        if len(frame) < 34 or frame[12:14] != b'\x08\x00':
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0f) * 4
        total = struct.unpack('!H', ip[2:4])[0]
        proto = ip[9]
        l4 = ip[ihl:total]
        if proto == 17 and len(l4) >= 8:
            sp, dp = struct.unpack('!HH', l4[:4])
            yield t, sp, dp, 'udp', l4[8:]
        elif proto == 6 and len(l4) >= 20:
            sp, dp = struct.unpack('!HH', l4[:4])
            yield t, sp, dp, 'tcp', l4[(l4[12] >> 4) * 4:]


def dtls_kinds(payload):
    """Handshake message types (or 'ccs'/'alert'/'app') of the records in one DTLS datagram (epoch 0 only)."""
    kinds = []
    i = 0
    while i + 13 <= len(payload):
        ctype = payload[i]
        epoch = struct.unpack('!H', payload[i + 3:i + 5])[0]
        length = struct.unpack('!H', payload[i + 11:i + 13])[0]
        body = payload[i + 13:i + 13 + length]
        if ctype == 22 and epoch == 0 and body:
            kinds.append(body[0])
        elif ctype == 22:
            kinds.append('encrypted-hs')  # Finished, under the new keys
        else:
            kinds.append({20: 'ccs', 21: 'alert', 23: 'app'}.get(ctype, ctype))
        i += 13 + length
    return kinds


def parse_ports(spec):
    lo, _, hi = spec.partition('-')
    return range(int(lo), int(hi or lo) + 1)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    servers = []
    for arg in sys.argv[2:]:
        name, http_port, udp = arg.split(':')
        servers.append((name, int(http_port), parse_ports(udp)))
    flows = defaultdict(list)   # (server, server port, client port) -> [(t, from client?, payload)]
    http = defaultdict(list)    # (server, client port) -> [(t, from client?, payload)]
    for t, sp, dp, proto, payload in packets(sys.argv[1]):
        if not payload:
            continue
        for name, http_port, udp_ports in servers:
            if proto == 'udp' and dp in udp_ports:
                flows[(name, dp, sp)].append((t, True, payload))
            elif proto == 'udp' and sp in udp_ports:
                flows[(name, sp, dp)].append((t, False, payload))
            elif proto == 'tcp' and dp == http_port:
                http[(name, sp)].append((t, True, payload))
            elif proto == 'tcp' and sp == http_port:
                http[(name, dp)].append((t, False, payload))

    steps = defaultdict(lambda: defaultdict(list))  # server -> step -> [ms]
    for (name, _, _), pkts in flows.items():
        def first(pred, after=0.0):
            return next((t for t, c, p in pkts if t >= after and pred(c, p)), None)
        stun_req = first(lambda c, p: c and p[0] < 4 and p[:2] == b'\x00\x01')
        if stun_req is None:
            continue
        stun_resp = first(lambda c, p: not c and p[:2] == b'\x01\x01', stun_req)
        hello = first(lambda c, p: c and 20 <= p[0] <= 63 and 1 in dtls_kinds(p))
        flight2 = first(lambda c, p: not c and 20 <= p[0] <= 63, hello or 0)
        cke = first(lambda c, p: c and 20 <= p[0] <= 63 and 16 in dtls_kinds(p))
        flight4 = first(lambda c, p: not c and 20 <= p[0] <= 63, cke) if cke else None
        # The client's second flight is several records, maybe several datagrams: the server answers its last.
        flight3_end = max(t for t, c, p in pkts if c and 20 <= p[0] <= 63 and cke <= t < flight4) if flight4 else None
        s = steps[name]
        if stun_resp:
            s['STUN check -> response'].append((stun_resp - stun_req) * 1e3)
        if hello and flight2:
            s['ClientHello -> ServerHello flight'].append((flight2 - hello) * 1e3)
        if flight3_end and flight4:
            s['client Finished flight -> server Finished'].append((flight4 - flight3_end) * 1e3)
        if hello:
            s['first STUN check -> ClientHello (client side)'].append((hello - stun_req) * 1e3)
        if flight2 and cke:
            s['ServerHello flight -> client flight (client side)'].append((cke - flight2) * 1e3)
        if flight4:
            s['first STUN check -> server Finished'].append((flight4 - stun_req) * 1e3)
    for (name, _), pkts in http.items():
        for i, (t, c, p) in enumerate(pkts):
            if not c or not (p.startswith(b'POST ') or p.startswith(b'GET ') or p.startswith(b'DELETE ')):
                continue
            path = p.split(b' ', 2)[1].decode(errors='replace')
            if not path.startswith('/api/webrtc/'):
                continue
            answer = next((t2 for t2, c2, _ in pkts[i + 1:] if not c2), None)
            if answer:
                steps[name][f'HTTP {path} (socket)'].append((answer - t) * 1e3)

    names = [s[0] for s in servers]
    keys = []
    for name in names:
        keys += [k for k in steps[name] if k not in keys]
    print('| step (ms, median / min over sessions) | ' + ' | '.join(names) + ' |')
    print('|---|' + '---|' * len(names))
    for k in keys:
        cells = []
        for name in names:
            v = steps[name].get(k)
            cells.append(f'{median(v):.1f} / {min(v):.1f} (n={len(v)})' if v else 'n/a')
        print(f'| {k} | ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main()
