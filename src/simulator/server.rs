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
    if error {
        let status =
            StatusCode::from_u16(faults.error_status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        recorded.fault = Some("error");
        recorded.status = status.as_u16();
        shared.record(recorded);
        let body =
            serde_json::json!({"error": "simulated fault", "status": status.as_u16()}).to_string();
        return (status, [("content-type", "application/json")], body).into_response();
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
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
