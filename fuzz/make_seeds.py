#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (corpus/<target>/<name>).

token_reply takes a status byte, a content-type byte and a body. decode_json and signer take `arbitrary`-encoded inputs (arbitrary 1.x: enum tags are
little-endian u32 scaled to the variant count, collections are "continue?" bytes before
each element, string lengths are taken from the end of the data). This script encodes the
seeds by hand; check one with `RUSTC_BOOTSTRAP=1 cargo fuzz fmt <target> <file>`. The
decode_json seeds index KEYS and TEXTS of checks/decode_json.rs: keep both lists in
the same order.
"""
import struct, sys, os
KEYS = ["resultCode", "resultDesc", "returnCode", "returnDesc", "data", "callId", "called",
    "callStatus", "vdnId", "failCode", "recordPath", "ackBeginTime", "callBeginTime",
    "callEndTime", "obResult", "defId", "displayResult", "resultMapList", "mapId", "result",
    "resultDatas", "vdn", "callerNo", "calleeNo", "callType", "agentId", "agentId ",
    "skillId", "anonyCall", "queueWaitTime", "ivrCallTime", "ackTime", "callTime",
    "releaseCause", "beginTime", "endTime", "busiResult", "busiSubStatus", "total",
    "results", "mediatype", "mediaType", "evaluationValue", "leaveReason", "logDate",
    "waitBegin", "ackBegin", "callBegin", "callEnd", "AccessToken", "Expires",
    "Expires_In", "CreateTime", "error", ""]
TEXTS = ["0200000", "0100000", "0", "5", "6", "-1", "0000", "0900", "0101", "0601", "10", "19",
    "53", " 42 ", "+7", "-0", "9223372036854775807", "-9223372036854775808",
    "9223372036854775808", "2022-02-10 11:45:51", "1644464743-1388", "", " ", "\u0000",
    "é", "\ufffd", "0200007", "04000004"]
def tag(v, n):
    x = -(-(v << 32) // n)  # ceil
    assert (x * n) >> 32 == v
    return struct.pack('<I', x)
def u8(i): return bytes([i])
def key(name): return tag(0, 2) + u8(KEYS.index(name))
def step_key(name): return tag(0, 2) + key(name)
def step_index(i): return tag(1, 2) + u8(i)
def vec(items): return b''.join(b'\x01' + it for it in items) + b'\x00'
# Json variants: Null, Bool, Int, UInt, Small, Float, Str, Array, Object
def j_int(i): return tag(2, 9) + struct.pack('<q', i)
def j_text(t): return tag(6, 9) + tag(0, 3) + u8(TEXTS.index(t))
def j_integer_text(i): return tag(6, 9) + tag(1, 3) + struct.pack('<q', i)
def j_object(pairs): return tag(8, 9) + vec([key(k) + v for k, v in pairs])
def j_other_text(s):
    b = s.encode()
    # String::arbitrary: arbitrary_len reads the length from the END of the data; only usable as the last thing.
    raise NotImplementedError
def example(i): return tag(0, 2) + u8(i)
def built(j): return tag(1, 2) + j
def set_(path, j): return tag(0, 2) + vec(path) + j
def remove(path): return tag(1, 2) + vec(path)
def inp(base, edits):  # edits: take-rest vec
    return base + b''.join(b'\x01' + e for e in edits)
seeds = {
    'example-call-result-detail': inp(example(0), []),
    'example-external-result': inp(example(1), []),
    'example-cdr': inp(example(2), []),
    'example-call-records': inp(example(3), []),
    'example-update-result': inp(example(4), []),
    'example-token': inp(example(5), []),
    'call-status-number-5': inp(example(0), [set_([step_key('data'), step_key('callStatus')], j_int(5))]),
    'cdr-both-agent-id-keys': inp(example(2), [set_([step_key('resultDatas'), step_key('agentId')], j_text(' 42 '))]),
    'external-result-no-result-code': inp(example(1), [remove([step_key('resultCode')])]),
    'call-records-vdn-string': inp(example(3), [set_([step_key('results'), step_index(0), step_key('vdn')], j_integer_text(-3))]),
    'built-call-status-string': inp(built(j_object([('callStatus', j_text('6'))])), []),
    'cdr-result-desc-string': inp(example(2), [set_([step_key('resultDesc')], j_text('0200007'))]),
    'token-expires-padded': inp(example(5), [set_([step_key('Expires')], j_text(' 42 '))]),
    'token-expires-in-alias': inp(example(5), [set_([step_key('Expires_In')], j_int(42))]),
}

# ---- signer seeds ----
import datetime
class Enc:
    def __init__(self):
        self.front = b''
        self.back = []
    def raw(self, b): self.front += b
    def u8(self, i): self.front += bytes([i])
    def i64(self, i): self.front += struct.pack('<q', i)
    def tag(self, v, n): self.front += tag(v, n)
    def string(self, s):
        b = s.encode()
        self.back.append(len(b))
        self.front += b
    def option(self, v, f):
        if v is None: self.u8(0)
        else: self.u8(1); f(v)
    def vec_u8(self, b):
        for x in b: self.front += bytes([1, x])
        self.u8(0)
    def done(self):
        data = self.front + bytes(reversed(self.back))
        assert len(data) <= 256, len(data)
        for n in self.back: assert n < 256
        return data
METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH']
def signer(method, path, query, host, ct, body, ak, sk, when, flip=(0, 1), authorization=None):
    e = Enc()
    if method in METHODS: e.tag(METHODS.index(method), 7)
    else: e.tag(6, 7); e.string(method)
    e.string(path)
    e.option(query, e.string)
    e.string(host)
    e.option(ct, e.string)
    e.option(body, e.vec_u8)
    e.string(ak)
    e.string(sk)
    t = datetime.datetime.fromisoformat(when.replace('Z', '+00:00'))
    e.i64(int(t.timestamp() * 1000) + 62_135_596_800_000)  # the target folds millis into [MIN, MAX]
    e.option(authorization, e.string)
    e.raw(struct.pack('<Q', flip[0]) + bytes([flip[1]]))
    return e.done()
JSON = 'application/json; charset=UTF-8'
signer_seeds = {
    'post-cms-querycalldetailbyid': signer('POST', '/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid', None,
        '127.0.0.1:28443', JSON, b'{"queryParam":{"ccId":1}}', 'AK_EXAMPLE', 'SK_EXAMPLE_SECRET', '2026-11-21T08:30:00Z'),
    'get-isales-callresultdetail': signer('GET', '/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388',
        None, '10.0.0.8:28090', JSON, None, 'ak', 'sk', '2026-11-21T08:30:00.123Z'),
    'get-query-string': signer('GET', '/x', 'b=2&a=1&c=%zz&d=%e9+x&&=v&k', 'h:1', None, None, 'ak', 'sk',
        '2026-01-01T00:00:00Z'),
    'post-empty-body-no-content-type': signer('POST', '/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo',
        None, 'example.com', None, b'', 'ak', 'sk', '1970-01-01T00:00:00Z'),
    'lowercase-method-non-ascii-body': signer('get', '/p', 'q=é', ' host-with-spaces ', 'text/plain; é', 'é\n\x00'.encode(),
        'ak', 'sk', '9999-12-31T23:59:59.999Z', (1, 0x80)),
    'foreign-authorization-header': signer('GET', '/x', None, 'h:1', None, None, 'ak', 'sk', '2026-11-21T08:30:00Z',
        authorization='auth-v2/ak/2026-11-21t10:30:00+02:00/host/00'),
}

# ---- decode_responses seeds: the page examples and a few edge cases, as raw bytes ----
HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = os.path.join(HERE, '..', 'tests', 'fixtures', 'pages')
response_seeds = {
    name[:-len('.response.json')]: open(os.path.join(PAGES, name), 'rb').read()
    for name in sorted(os.listdir(PAGES)) if name.endswith('.response.json')
}
response_seeds.update({
    'token': b'{"AccessToken":"tok","ApplyType":"Bearer","CreateTime":"1545650171","Expires":"600","Scope":"s","AppKey":"k","UserID":"u"}',
    'token-expires-in-alias': b'{"AccessToken":"tok","Expires_In":3600}',
    'cdr-both-agent-id-keys': b'{"resultCode":"0100000","resultDatas":{"agentId ":1,"agentId":2}}',
    'cdr-result-desc-string': b'{"result":"1","resultCode":"0100001","resultDesc":"no such call"}',
    'call-status-other': b'{"returnCode":"0200000","data":{"callStatus":" 9 ","vdnId":2147483647}}',
    'lenient-int-overflow': b'{"total":"9223372036854775808","results":[{"vdn":18446744073709551615}]}',
    'open-enum-numbers': b'{"results":[{"callType":10,"mediatype":-5}]}',
    'deep-nesting': b'{"error":' + b'[' * 200 + b']' * 200 + b'}',
})

def write(target, seeds):
    out = os.path.join(HERE, 'corpus', target)
    os.makedirs(out, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
        print(f'corpus/{target}/{name}: {len(data)} bytes')

# ---- token_reply seeds: status byte (index into STATUSES of token_reply.rs: 0 is 200,
# 7 is 401, 10 is 500), content-type byte (0 none, 1 JSON, 2 HTML, 3 the marker), body;
# every `$` of the body stands for a secret ----
token_seeds = {
    'ok': b'\x00\x01{"AccessToken":"$","Expires":"600","Scope":"$","AppKey":"$"}',
    'ok-deprecated-expires-in': b'\x00\x01{"AccessToken":"$","Expires_In":3600,"Refresh_Token":"$"}',
    'ok-string-lifetime': b'\x00\x01{"AccessToken":"$","Expires_In":" 7200 "}',
    'huge-lifetime': b'\x00\x01{"AccessToken":"$","Expires":9223372036854775807}',
    'negative-lifetime': b'\x00\x01{"AccessToken":"$","Expires_In":-9223372036854775808}',
    'crlf-token': b'\x00\x01{"AccessToken":"$\\r\\nX-Injected: 1","Expires_In":60}',
    'empty-token': b'\x00\x01{"AccessToken":""}',
    'missing-token': b'\x00\x01{"Refresh_Token":"$","Expires_In":60}',
    'wrong-types': b'\x00\x01{"AccessToken":["$"],"Expires_In":"$"}',
    'truncated': b'\x00\x01{"AccessToken":"$","Expi',
    'not-json': b'\x00\x02<html>$</html>',
    '500-with-token': b'\x0a\x01{"error":"internal","AccessToken":"$"}',
    '401-with-token': b'\x07\x03{"AccessToken":"$"}',
    'ansi-escapes': b'\x00\x01{"AccessToken":"\\u001b[31m$\\u0007"}',
    'ansi-escapes-raw': b'\x00\x02\x1b[31m$\x07',
}
write('token_reply', token_seeds)
write('decode_responses', response_seeds)
write('decode_json', seeds)
write('signer', signer_seeds)
