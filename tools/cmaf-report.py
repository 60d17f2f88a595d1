#!/usr/bin/env python3
"""Lists the fragments (moof+mdat) of a fragmented MP4 / CMAF track file and optionally checks them.

Usage: cmaf-report.py FILE [--fragment-ticks N] [--sync-every K] [--total-ticks T] [--markdown]

Prints one line per fragment: sequence number, tfdt, sample count, duration in ticks, whether the
first sample is a sync sample, and the moof+mdat size. With the --options it exits 1 when a fragment
does not last exactly N ticks, when every K-th fragment (0, K, 2K, ...) does not start with a sync
sample, or when the fragments do not add up to T ticks.
"""
import argparse
import struct
import sys

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex", b"moof", b"traf", b"edts"}
NON_SYNC = 0x00010000  # sample_is_non_sync_sample in ISO/IEC 14496-12 sample flags


def boxes(data, start, end):
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError(f"bad box {kind!r} at {pos} size {size}")
        yield kind, pos + header, pos + size
        pos += size


def find(data, start, end, path):
    for kind, body, stop in boxes(data, start, end):
        if kind == path[0]:
            if len(path) == 1:
                return body, stop
            found = find(data, body, stop, path[1:])
            if found:
                return found
    return None


def header_info(data, moov):
    trak = find(data, moov[0], moov[1], [b"trak"])
    mdhd = find(data, trak[0], trak[1], [b"mdia", b"mdhd"])
    version = data[mdhd[0]]
    timescale = struct.unpack(">I", data[mdhd[0] + (20 if version == 1 else 12):][:4])[0]
    hdlr = find(data, trak[0], trak[1], [b"mdia", b"hdlr"])
    handler = data[hdlr[0] + 8:hdlr[0] + 12].decode("ascii")
    trex = find(data, moov[0], moov[1], [b"mvex", b"trex"])
    defaults = (0, 0, 0)
    if trex:
        _, _, duration, size, flags = struct.unpack(">IIIII", data[trex[0] + 4:trex[0] + 24])
        defaults = (duration, size, flags)
    elst = find(data, trak[0], trak[1], [b"edts", b"elst"])
    return timescale, handler, defaults, elst is not None


def fragment(data, moof, mdat_size, trex):
    body, stop = moof
    seq = None
    for kind, b, s in boxes(data, body, stop):
        if kind == b"mfhd":
            seq = struct.unpack(">I", data[b + 4:b + 8])[0]
    traf = find(data, body, stop, [b"traf"])
    tfhd = find(data, traf[0], traf[1], [b"tfhd"])
    tf_flags = struct.unpack(">I", data[tfhd[0]:tfhd[0] + 4])[0] & 0xFFFFFF
    p = tfhd[0] + 8
    if tf_flags & 0x1:
        p += 8
    if tf_flags & 0x2:
        p += 4
    def_duration, _, def_flags = trex
    if tf_flags & 0x8:
        def_duration = struct.unpack(">I", data[p:p + 4])[0]
        p += 4
    if tf_flags & 0x10:
        p += 4
    if tf_flags & 0x20:
        def_flags = struct.unpack(">I", data[p:p + 4])[0]
    tfdt = find(data, traf[0], traf[1], [b"tfdt"])
    if data[tfdt[0]] == 1:
        base = struct.unpack(">Q", data[tfdt[0] + 4:tfdt[0] + 12])[0]
    else:
        base = struct.unpack(">I", data[tfdt[0] + 4:tfdt[0] + 8])[0]
    count, duration, first_sync = 0, 0, None
    for kind, b, s in boxes(data, traf[0], traf[1]):
        if kind != b"trun":
            continue
        tr_flags = struct.unpack(">I", data[b:b + 4])[0] & 0xFFFFFF
        n = struct.unpack(">I", data[b + 4:b + 8])[0]
        p = b + 8
        if tr_flags & 0x1:
            p += 4
        first_flags = None
        if tr_flags & 0x4:
            first_flags = struct.unpack(">I", data[p:p + 4])[0]
            p += 4
        for i in range(n):
            d, f = def_duration, def_flags
            if tr_flags & 0x100:
                d = struct.unpack(">I", data[p:p + 4])[0]
                p += 4
            if tr_flags & 0x200:
                p += 4
            if tr_flags & 0x400:
                f = struct.unpack(">I", data[p:p + 4])[0]
                p += 4
            if tr_flags & 0x800:
                p += 4
            if i == 0 and first_flags is not None:
                f = first_flags
            if count == 0 and i == 0:
                first_sync = not (f & NON_SYNC)
            duration += d
        count += n
    return {"seq": seq, "tfdt": base, "samples": count, "ticks": duration, "sync": first_sync,
            "bytes": (stop - body + 8) + mdat_size}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--fragment-ticks", type=int)
    ap.add_argument("--sync-every", type=int)
    ap.add_argument("--total-ticks", type=int)
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args()
    data = open(args.file, "rb").read()
    top = list(boxes(data, 0, len(data)))
    moov = next(((b, s) for k, b, s in top if k == b"moov"), None)
    if moov is None:
        sys.exit(f"{args.file}: no moov box")
    timescale, handler, trex, has_elst = header_info(data, moov)
    frags = []
    for i, (kind, b, s) in enumerate(top):
        if kind == b"moof":
            nxt = top[i + 1] if i + 1 < len(top) else None
            mdat = (nxt[2] - nxt[1] + 8) if nxt and nxt[0] == b"mdat" else 0
            frags.append(fragment(data, (b, s), mdat, trex))
    order = " ".join(k.decode("latin-1") for k, _, _ in top[:3])
    total = sum(f["ticks"] for f in frags)
    print(f"{args.file}: handler={handler} timescale={timescale} edit-list={'yes' if has_elst else 'no'} "
          f"boxes: {order} ... fragments={len(frags)} total={total} ticks ({total / timescale:.6f} s)")
    if args.markdown:
        print("| # | tfdt | samples | ticks | first sample sync | bytes |")
        print("|---|------|---------|-------|-------------------|-------|")
        for f in frags:
            print(f"| {f['seq']} | {f['tfdt']} | {f['samples']} | {f['ticks']} | {'yes' if f['sync'] else 'no'} | {f['bytes']} |")
    else:
        for f in frags:
            print(f"  seq={f['seq']:<3} tfdt={f['tfdt']:<8} samples={f['samples']:<3} ticks={f['ticks']:<7} "
                  f"sync={'yes' if f['sync'] else 'no ':<3} bytes={f['bytes']}")
    problems = []
    expect_tfdt = frags[0]["tfdt"] if frags else 0
    for i, f in enumerate(frags):
        if f["tfdt"] != expect_tfdt:
            problems.append(f"fragment {f['seq']}: tfdt {f['tfdt']} but previous fragments end at {expect_tfdt}")
        expect_tfdt = f["tfdt"] + f["ticks"]
        if args.fragment_ticks is not None and f["ticks"] != args.fragment_ticks:
            problems.append(f"fragment {f['seq']}: {f['ticks']} ticks, expected {args.fragment_ticks}")
        if args.sync_every and i % args.sync_every == 0 and not f["sync"]:
            problems.append(f"fragment {f['seq']}: starts a segment but its first sample is not a sync sample")
    if args.total_ticks is not None and total != args.total_ticks:
        problems.append(f"total {total} ticks, expected {args.total_ticks}")
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
