#!/usr/bin/env python3
"""Which classes hold the primitive arrays of a heap dump (HPROF, e.g. from `jcmd PID GC.heap_dump`): bytes and count
of byte[]/char[]/long[]/... by the class of the first object found referencing each array. Diff the output of two
dumps (bench/webrtc-loadgen.sh with HISTO_DUMP=1) to see who holds a session's arrays.
Usage: python3 bench/hprof-holders.py dump.hprof [TOP=40]"""
import struct, sys, collections
if len(sys.argv) < 2:
    raise SystemExit(__doc__)
f = open(sys.argv[1], 'rb'); data = f.read()
top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
p = data.index(b'\0') + 1
idsz = struct.unpack('>I', data[p:p+4])[0]; p += 12
rid = (lambda o: struct.unpack('>Q', data[o:o+8])[0]) if idsz == 8 else (lambda o: struct.unpack('>I', data[o:o+4])[0])
strings = {}; class_name = {}; 
classes = {}  # class id -> (super id, [field types])
prim_size = {4:1, 5:2, 6:4, 7:8, 8:1, 9:2, 10:4, 11:8}
tsize = lambda t: idsz if t == 2 else prim_size[t]
arrays = {}  # array id -> (type, bytes)
instances = []  # (obj id, class id, offset, length)
objarrays = []  # (id, class id, offset, n)
while p < len(data):
    tag = data[p]; length = struct.unpack('>I', data[p+5:p+9])[0]; body = p + 9; p = body + length
    if tag == 0x01:
        strings[rid(body)] = data[body+idsz:body+length].decode('utf-8', 'replace')
    elif tag == 0x02:
        class_name[rid(body+4)] = strings.get(rid(body+8+idsz), '?')
    elif tag in (0x0c, 0x1c):
        q = body; end = body + length
        while q < end:
            st = data[q]; q += 1
            if st == 0xff: q += idsz
            elif st in (0x01,): q += 2*idsz
            elif st in (0x02, 0x03): q += idsz + 8
            elif st == 0x04: q += idsz + 4
            elif st in (0x05, 0x07): q += idsz
            elif st == 0x06: q += idsz + 4
            elif st == 0x08: q += idsz + 8
            elif st == 0x20:
                cid = rid(q); sup = rid(q + idsz + 4); q += 7*idsz + 4 + 4
                n = struct.unpack('>H', data[q:q+2])[0]; q += 2
                for _ in range(n):
                    t = data[q+2]; q += 3 + tsize(t)
                n = struct.unpack('>H', data[q:q+2])[0]; q += 2
                for _ in range(n):
                    t = data[q+idsz]; q += idsz + 1 + tsize(t)
                n = struct.unpack('>H', data[q:q+2])[0]; q += 2
                fields = []
                for _ in range(n):
                    fields.append(data[q+idsz]); q += idsz + 1
                classes[cid] = (sup, fields)
            elif st == 0x21:
                oid = rid(q); cid = rid(q + idsz + 4); n = struct.unpack('>I', data[q+2*idsz+4:q+2*idsz+8])[0]
                instances.append((oid, cid, q + 2*idsz + 8, n)); q += 2*idsz + 8 + n
            elif st == 0x22:
                oid = rid(q); n = struct.unpack('>I', data[q+idsz+4:q+idsz+8])[0]; cid = rid(q+idsz+8)
                objarrays.append((oid, cid, q + 2*idsz + 8, n)); q += 2*idsz + 8 + n*idsz
            elif st == 0x23:
                oid = rid(q); n = struct.unpack('>I', data[q+idsz+4:q+idsz+8])[0]; t = data[q+idsz+8]
                arrays[oid] = (t, 16 + n*prim_size[t]); q += idsz + 9 + n*prim_size[t]
            else:
                raise SystemExit('unknown subtag %x' % st)
names = {4:'boolean[]',5:'char[]',6:'float[]',7:'double[]',8:'byte[]',9:'short[]',10:'int[]',11:'long[]'}
holder = {}
def layout(cid):
    out = []
    while cid and cid in classes:
        out.extend(classes[cid][1]); cid = classes[cid][0]
    return out
lay = {}
for oid, cid, off, n in instances:
    if cid not in lay: lay[cid] = layout(cid)
    q = off
    for t in lay[cid]:
        if t == 2:
            r = rid(q)
            if r in arrays and r not in holder: holder[r] = class_name.get(cid, '?')
        q += tsize(t)
for oid, cid, off, n in objarrays:
    for i in range(n):
        r = rid(off + i*idsz)
        if r in arrays and r not in holder: holder[r] = class_name.get(cid, '?') + '[]'
agg = collections.Counter(); cnt = collections.Counter()
for aid, (t, b) in arrays.items():
    k = (names[t], holder.get(aid, '(root/unreferenced)'))
    agg[k] += b; cnt[k] += 1
for (t, h), b in agg.most_common(top):
    print(f"{b:12d} {cnt[(t, h)]:8d}  {t:8s} held by {h}")
