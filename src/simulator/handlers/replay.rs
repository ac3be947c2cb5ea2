//! Replay: every request but the token's answered from a cassette, after the same checks
//! of signatures and tokens as the live endpoints.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::dataprocess::token_by_ak_sk;
use super::{Shared, json_reply};
use crate::cassette;
use crate::simulator::replay::{Replay, Replayed, Reply, operation_of};
use crate::simulator::server::CloseWithoutReply;

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/apigovernance/api/oauth/tokenByAkSk", post(token_by_ak_sk))
        .fallback(answer)
        .with_state(shared)
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(replay) = shared.replay.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Authentication, as the live endpoints check it.
    let operation = operation_of(uri.path()).and_then(cassette::operation);
    let checked = match operation.map(|op| op.tag) {
        Some("isales" | "cms") => shared.check_signature(&method, &uri, &headers, &body),
        Some("dataprocess") => shared.check_token(&headers),
        _ => Ok(()),
    };
    if let Err(refused) = checked {
        return refused;
    }
    serve(&replay, &method, &uri, &body)
}

fn serve(replay: &Replay, method: &Method, uri: &Uri, body: &Bytes) -> Response {
    match replay.answer(method.as_str(), uri.path(), uri.query(), body) {
        Ok(answer) => {
            let mut response = match answer.reply {
                Reply::Http {
                    status,
                    headers,
                    body,
                } => {
                    let mut response = Response::new(Body::from(body));
                    *response.status_mut() = status;
                    *response.headers_mut() = headers;
                    response
                }
                Reply::Truncated { length } => {
                    let mut response = json_reply(
                        StatusCode::NOT_IMPLEMENTED,
                        serde_json::json!({"error": format!(
                            "replay: the reply of exchange {} was recorded only in part (a body \
                             of {length} bytes, over the recorder's limit): it cannot be replayed",
                            answer.seq
                        )}),
                    );
                    response
                        .headers_mut()
                        .insert("x-cec-replay", HeaderValue::from_static("truncated"));
                    response
                }
                Reply::Close => {
                    let mut response = Response::new(Body::empty());
                    response.extensions_mut().insert(CloseWithoutReply);
                    response
                }
            };
            tracing::debug!(method = %method, path = uri.path(), seq = answer.seq, "simulator: replayed");
            response
                .extensions_mut()
                .insert(Replayed::Answered { seq: answer.seq });
            response
        }
        Err(unmatched) => {
            let closest = unmatched.closest.as_ref().map(|(seq, _, _)| *seq);
            tracing::warn!(
                method = %method,
                path = uri.path(),
                closest,
                differences = %unmatched.differences.join("; "),
                "simulator: no recorded exchange matches the request"
            );
            let mut response = (
                StatusCode::NOT_IMPLEMENTED,
                [("content-type", "application/json;charset=UTF-8")],
                unmatched.body(method.as_str(), uri.path()),
            )
                .into_response();
            response
                .headers_mut()
                .insert("x-cec-replay", HeaderValue::from_static("unmatched"));
            response.extensions_mut().insert(Replayed::Unmatched {
                closest,
                differences: unmatched.differences,
            });
            response
        }
    }
}
