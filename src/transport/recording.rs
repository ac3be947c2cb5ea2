//! The transport's side of recording: what each attempt hands the recorder, when there is
//! one (a `None` check otherwise).

use super::{Attempt, Auth, Transport};
use crate::cassette;
use crate::record::{Pending, abbreviate};

impl Transport {
    /// Begins the record of attempt number `attempt` of `operation`, about to send `request`
    /// (signed), when recording.
    pub(super) fn record(
        &self,
        request: &reqwest::Request,
        operation: &'static str,
        attempt: u32,
    ) -> Option<Box<Pending>> {
        let recorder = self.recorder.as_ref()?;
        let auth = match &self.auth {
            Auth::None => cassette::Auth::None,
            Auth::Bearer(_) => cassette::Auth::Bearer,
            Auth::AkSk(signer) => cassette::Auth::AuthV2 {
                access_key: abbreviate(signer.access_key()),
                signing_profile: signer.profile().to_string(),
            },
        };
        Some(recorder.begin(request, operation, attempt, auth))
    }
}

/// Why an attempt gave no usable reply, for its record; `None` for a reply.
pub(super) fn error_of(outcome: &Attempt) -> Option<String> {
    match outcome {
        Attempt::Reply(_) => None,
        Attempt::Failed(e) => Some(chain(e)),
        Attempt::BodyBroken(e) => Some(format!("the reply broke off: {}", chain(e))),
        Attempt::Refused(stop) => Some(stop.to_string()),
        Attempt::Deadline { .. } => Some("the deadline passed before the reply came".into()),
    }
}

/// An error and its causes, `a: b: c` (the host name in a URL is replaced when recorded).
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
