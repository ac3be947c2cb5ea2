//! The HTTP side of the simulator: accepting connections, recording every request, and
//! injecting the configured faults before the endpoints answer.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use tokio::sync::Notify;

use super::replay::Replayed;
use super::{RecordedRequest, Shared, handlers};

/// Asks the connection task to close the connection without a reply.
#[derive(Clone)]
struct DropConnection(Arc<Notify>);

/// Put by an endpoint in its response's extensions: close the connection without a reply
/// (a replayed exchange that recorded no reply).
#[derive(Clone, Copy)]
pub(super) struct CloseWithoutReply;

pub(super) async fn serve(listener: tokio::net::TcpListener, app: axum::Router) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                tracing::warn!(error = %e, "simulator: accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        while connections.try_join_next().is_some() {}
        let app = app.clone();
        connections.spawn(async move {
            let close = Arc::new(Notify::new());
            let handle = DropConnection(close.clone());
            let service = hyper::service::service_fn(
                move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(handle.clone());
                    let app = app.clone();
                    async move { tower::ServiceExt::oneshot(app, request.map(Body::new)).await }
                },
            );
            let builder =
                hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
            let connection =
                builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = close.notified() => {}
            }
        });
    }
}

/// The reply with a `Date` header of the simulator's clock, which `Faults::clock_offset` may
/// shift (hyper adds the real time only to a reply without one).
fn with_date(mut response: Response, offset: chrono::Duration) -> Response {
    let now = std::time::SystemTime::from(chrono::Utc::now() + offset);
    if let Ok(value) = axum::http::HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
        response
            .headers_mut()
            .insert(axum::http::header::DATE, value);
    }
    response
}

/// A web application firewall's block page, as Huawei's CloudWAF answers: HTML, never JSON.
fn waf_page(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FORBIDDEN);
    let page = format!(
        "<!DOCTYPE html>\r\n<html><head><title>{} {}</title></head><body>\r\n<h1>Request \
         blocked</h1><p>The request was blocked by the web application firewall \
         (event ID sim-{:08x}).</p>\r\n</body></html>\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Blocked"),
        rand::random::<u32>()
    );
    (
        status,
        [("content-type", "text/html"), ("server", "CloudWAF")],
        page,
    )
        .into_response()
}

/// Records every request and injects the configured faults.
pub(super) async fn record_and_inject(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, 16 << 20).await {
        Ok(body) => body,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "body over 16 MiB").into_response(),
    };
    let mut recorded = RecordedRequest {
        method: parts.method.to_string(),
        uri: parts.uri.to_string(),
        operation: handlers::operation_of(parts.uri.path()),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.clone(),
        status: 0,
        fault: None,
        replayed: None,
    };
    let close = parts.extensions.get::<DropConnection>().cloned();
    let faults = shared.faults();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    let (drop, error, garble) = {
        let mut rng = shared.fault_rng.lock().unwrap_or_else(|p| p.into_inner());
        (
            rng.random_bool(faults.drop_rate.clamp(0.0, 1.0)),
            rng.random_bool(faults.error_rate.clamp(0.0, 1.0)),
            rng.random_bool(faults.garble_rate.clamp(0.0, 1.0)),
        )
    };
    if drop && let Some(DropConnection(close)) = close.clone() {
        recorded.fault = Some("drop");
        shared.record(recorded);
        close.notify_one();
        return std::future::pending().await;
    }
    if let Some(status) = faults.waf_block {
        recorded.fault = Some("waf");
        recorded.status = status;
        shared.record(recorded);
        return with_date(waf_page(status), faults.clock_offset);
    }
    if error {
        let status =
            StatusCode::from_u16(faults.error_status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        recorded.fault = Some("error");
        recorded.status = status.as_u16();
        shared.record(recorded);
        let body =
            serde_json::json!({"error": "simulated fault", "status": status.as_u16()}).to_string();
        let reply = (status, [("content-type", "application/json")], body).into_response();
        return with_date(reply, faults.clock_offset);
    }
    let response = with_date(
        next.run(Request::from_parts(parts, Body::from(body))).await,
        faults.clock_offset,
    );
    recorded.status = response.status().as_u16();
    recorded.replayed = response.extensions().get::<Replayed>().cloned();
    if response.extensions().get::<CloseWithoutReply>().is_some()
        && let Some(DropConnection(close)) = close
    {
        recorded.status = 0;
        shared.record(recorded);
        close.notify_one();
        return std::future::pending().await;
    }
    if garble {
        recorded.fault = Some("garble");
        shared.record(recorded);
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        let mut garbled = bytes[..bytes.len() / 2].to_vec();
        garbled.extend_from_slice(b"\x00\xff<garbled>");
        let mut parts = parts;
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::from(garbled));
    }
    shared.record(recorded);
    response
}
