#!/usr/bin/env python3
"""Writes the seed corpus (fuzz/corpus/<target>/): valid samples in the form the emulated camera
(Tests/USBEmulation/EmulatedPTPCamera.swift) and real recorders send them. Run from the package root;
it rewrites only the files it names."""
import os, struct

def le16(v): return struct.pack('<H', v)
def le32(v): return struct.pack('<I', v)
def le64(v): return struct.pack('<Q', v)
def s(text):  # a PTP string: count byte (with the NUL), UCS-2LE, NUL; the empty string is one 0 byte
    if not text: return b'\0'
    units = text.encode('utf-16-le') + b'\0\0'
    return bytes([len(units) // 2]) + units
def arr16(values): return le32(len(values)) + b''.join(le16(v) for v in values)
def container(kind, code, tid, payload=b''): return le32(12 + len(payload)) + le16(kind) + le16(code) + le32(tid) + payload

def device_info(manufacturer, model, version, serial, operations, properties, vendor=0, vendor_desc=''):
    return (le16(100) + le32(vendor) + le16(100 if vendor else 0) + s(vendor_desc) + le16(0)
            + arr16(operations) + arr16([0x4002, 0x4006]) + arr16(properties) + arr16([])
            + arr16([0x300D, 0x3801, 0x3004]) + s(manufacturer) + s(model) + s(version) + s(serial))

def object_info(storage, fmt, size, parent, name, date, association=0):
    b = bytearray(52)
    b[0:4] = le32(storage); b[4:6] = le16(fmt); b[8:12] = le32(size); b[12:14] = le16(0x3000)
    b[38:42] = le32(parent); b[42:44] = le16(association)
    return bytes(b) + s(name) + s(date) + s(date) + s('')

def storage_info(capacity, free, description='Card'):
    return le16(4) + le16(2) + le16(0) + le64(capacity) + le64(free) + le32(0xFFFFFFFF) + s(description) + s('')

ops = [0x1001, 0x1002, 0x1003, 0x1004, 0x1005, 0x1007, 0x1008, 0x1009, 0x100B, 0x1014, 0x1015, 0x1016]
seeds = {
    'ptp-container': {
        'open-session': container(1, 0x1002, 0, le32(1)),
        'get-object-handles': container(1, 0x1007, 3, le32(0xFFFFFFFF) + le32(0) + le32(0xFFFFFFFF)),
        'response-ok': container(3, 0x2001, 2),
        'response-params': container(3, 0x2001, 7, le32(0x10001) + le32(5)),
        'data-storage-ids': container(2, 0x1004, 4, le32(1) + le32(0x00010001)),
        'event-object-added': container(4, 0x4002, 0, le32(0x15)),
    },
    'ptp-device-info': {
        'canon-emulated': device_info('Canon Inc.', 'Canon PowerShot SX200 IS', '1-1.0.1.0', 'CN0001', ops, [0x5001, 0x5011]),
        'vendor-extension': device_info('Nikon Corporation', 'D3200', 'V1.01', '3016154', ops, [0x5001, 0x5011, 0xD406],
                                        vendor=6, vendor_desc='microsoft.com: 1.0'),
        'chinese-recorder': device_info('执法记录仪厂', 'DSJ-Z8', '1.0', 'A001234', ops[:9], []),
    },
    'ptp-object-info': {
        'clip': object_info(0x00010001, 0x300D, 300000, 0, 'MVI_0001.MP4', '20261103T093015'),
        'photo-in-folder': object_info(0x00010001, 0x3801, 1012, 2, 'IMG_0002.JPG', '20261103T094500'),
        'folder': object_info(0x00010001, 0x3001, 0, 0, 'DCIM', '', association=1),
        'four-gib': object_info(0x00010001, 0x300D, 0xFFFFFFFF, 2, 'MVI_0009.MP4', '20261103T101500.3+0800'),
    },
    'ptp-storage-info': {
        'card': storage_info(64 << 20, (64 << 20) - 333_781),
        'full': storage_info(32 << 30, 0, 'SD'),
    },
    # Each field is a kind byte (0 string, 1 UINT16 array, 2 UINT32 array), then the field.
    'ptp-string': {
        'strings': b'\0' + s('MVI_0001.MP4') + b'\0' + s('') + b'\0' + s('执法记录仪'),
        'arrays': b'\1' + arr16([0x1001, 0x1002]) + b'\2' + le32(2) + le32(0x00010001) + le32(0x00020001),
    },
    'ptp-datetime': {
        'local': b'20261103T093015',
        'tenths-utc': b'20261103T093015.5Z',
        'offset': b'20261103T093015+0800',
        'west': b'20260301T000000-0330',
        'edge-of-range': b'99980101T000000-1400',
    },
    'device-info-file': {
        'device-txt': b'SN=A001234\r\nMODEL=DSJ-A8\r\nUSERNO=012345\r\n',
        'colons': b'  serial : CAM-77\nmodel: Z8 Pro\nofficer: 99887\n',
        'gbk': b'MODEL=\xd6\xb4\xb7\xa8\xbc\xc7\xc2\xbc\xd2\xc7\nDEVICEID=X9-001\n',
        'blank-lines': b'\r\n' * 1000 + b'  \n\tSN =\n\n A001234\r\n' + b' \n' * 1000,
    },
    # MTP: an ObjectPropList of a 4.5 GiB object (size, name, date, persistent id), property values, events.
    'mtp-object-prop-list': {
        'size-name-date-puid': le32(4) + le32(7) + le16(0xDC04) + le16(0x0008) + le64(4831838208)
            + le32(7) + le16(0xDC07) + le16(0xFFFF) + s('VID_20261103_093015.mp4')
            + le32(7) + le16(0xDC08) + le16(0xFFFF) + s('20261103T093015')
            + le32(7) + le16(0xDC41) + le16(0x000A) + bytes(range(16)),
        'empty': le32(0),
    },
    'mtp-property-value': {
        'uint64': le16(0x0008) + le64(4831838208),
        'string': le16(0xFFFF) + s('20261103T093015'),
        'uint128': le16(0x000A) + bytes(range(16)),
        'array-uint16': le16(0x4004) + arr16([0x3000, 0x300B]),
    },
    'mtp-event': {
        'store-full': container(4, 0x400A, 0, le32(0x00010001)),
        'object-added': container(4, 0x4002, 0, le32(0x15)),
        'prop-changed': container(4, 0x4006, 0, le32(0x5011)),
    },
    # Ambarella text replies, as the driver's README writes them.
    'ambarella-reply': {
        'version': b'@Ver;OK#',
        'device-id': b'@Gdv;OK;7;A001234#',
        'refused': b'@Gdv;ERR;3;PWD#',
        'battery': b'@Bat;OK;2;87#',
    },
}
for target, files in seeds.items():
    folder = os.path.join('fuzz', 'corpus', target)
    os.makedirs(folder, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(data)
