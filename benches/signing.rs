//! auth-v2 signing per request, against the floor: a bare HMAC-SHA256 of the same bytes.
//! Bodies of 0 B, 1 KiB and 64 KiB of JSON like the interfaces send.

use chrono::{DateTime, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use huawei_cec::AkSk;
use huawei_cec::auth::{SignableRequest, sign_v2};
use sha2::Sha256;

/// A JSON body of exactly `size` bytes, shaped like an update request.
fn body(size: usize) -> Vec<u8> {
    if size == 0 {
        return Vec::new();
    }
    let mut body =
        br#"{"appointId":"174738152455111432454674595509","failCode":"00000","busiResult":""#
            .to_vec();
    while body.len() + 2 < size {
        body.push(b'a' + (body.len() % 26) as u8);
    }
    body.extend_from_slice(b"\"}");
    body.truncate(size);
    body
}

fn signing(c: &mut Criterion) {
    let credentials = AkSk::new("AK_EXAMPLE", "SK_EXAMPLE_SECRET");
    let time: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-21T08:30:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let mut group = c.benchmark_group("signing");
    for size in [0usize, 1024, 65536] {
        let bytes = body(size);
        group.throughput(Throughput::Bytes(size.max(1) as u64));
        group.bench_with_input(BenchmarkId::new("auth-v2", size), &bytes, |b, bytes| {
            b.iter(|| {
                sign_v2(
                    &credentials,
                    time,
                    &SignableRequest {
                        method: "POST",
                        path: "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult",
                        query: None,
                        host: "10.0.0.8:28090",
                        content_type: Some("application/json; charset=UTF-8"),
                        body: Some(std::hint::black_box(bytes)),
                    },
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("hmac-sha256", size), &bytes, |b, bytes| {
            b.iter(|| {
                let mut mac = Hmac::<Sha256>::new_from_slice(b"SK_EXAMPLE_SECRET").unwrap();
                mac.update(std::hint::black_box(bytes));
                mac.finalize().into_bytes()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
