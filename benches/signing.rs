//! auth-v2 signing per request, against the floor: a bare HMAC-SHA256 of the same bytes.
//! Bodies of 0 B, 1 KiB and 64 KiB of JSON like the interfaces send.
//!
//! `auth-v2` is `Signer::sign` within one timestamp: the signing key is reused (the time is
//! fixed here, so it is derived once). `auth-v2-new-key` is `Signer::sign` one millisecond
//! later every time, so that every signature derives its key: what each request pays under
//! `ts=millis` unless another was signed in the same millisecond (under `ts=seconds`, the
//! first request of each second).

use chrono::{DateTime, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use huawei_cec::AkSk;
use huawei_cec::auth::{SignableRequest, Signer, SigningProfile};
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

/// The request signed: an update of a reserved call's result with `body`.
fn request(body: &[u8]) -> SignableRequest<'_> {
    SignableRequest {
        method: "POST",
        path: "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult",
        query: None,
        host: "10.0.0.8:28090",
        content_type: Some("application/json; charset=UTF-8"),
        body: Some(body),
    }
}

fn signing(c: &mut Criterion) {
    let credentials = AkSk::new("AK_EXAMPLE", "SK_EXAMPLE_SECRET");
    let time: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-21T08:30:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let mut group = c.benchmark_group("signing");
    let signer = Signer::new(credentials, SigningProfile::DOCUMENTED).expect("valid credentials");
    for size in [0usize, 1024, 65536] {
        let bytes = body(size);
        group.throughput(Throughput::Bytes(size.max(1) as u64));
        group.bench_with_input(BenchmarkId::new("auth-v2", size), &bytes, |b, bytes| {
            b.iter(|| signer.sign(time, &request(std::hint::black_box(bytes))))
        });
        group.bench_with_input(
            BenchmarkId::new("auth-v2-new-key", size),
            &bytes,
            |b, bytes| {
                let mut now = time;
                b.iter(|| {
                    now += chrono::Duration::milliseconds(1);
                    signer.sign(now, &request(std::hint::black_box(bytes)))
                })
            },
        );
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
