//! What each server is for: the token request of the open platform, and the signing
//! profiles tried on CC-iSales and CC-CMS with one read-only call each, retries off.

use huawei_cec::{CallDirection, Client, Error, SigningProfile};

use super::{Check, Host, Origin, Status, profiles_to_try};
use crate::args::Connection;
use crate::output::escape_controls;

/// How much of a refusal's reply is shown.
const REPLY_SHOWN: usize = 160;

/// The connection options with retries off (one answer per question) and this profile.
fn client(connection: &Connection, profile: Option<SigningProfile>) -> Result<Client, String> {
    let mut connection = connection.clone();
    connection.retries = Some(0);
    if profile.is_some() {
        connection.signing_profile = profile;
    }
    crate::connect::client(&connection).map_err(|failure| match failure {
        crate::Failure::Usage(message) => message,
        crate::Failure::Call(error) => error.to_string(),
        other => format!("{other:?}"),
    })
}

/// The token row of the open platform: one token request.
pub(super) async fn token(
    connection: &Connection,
    row: impl Fn(&str, Status, String) -> Check,
) -> Check {
    if connection.app_key.is_none() || connection.app_secret.is_none() {
        return row(
            "token",
            Status::Failed,
            "no app key and secret: set --app-key and --app-secret (or CEC_APP_KEY and \
             CEC_APP_SECRET) to use the call-records interface"
                .into(),
        );
    }
    let client = match client(connection, None) {
        Ok(client) => client,
        Err(message) => return row("token", Status::Failed, message),
    };
    let Some(tokens) = client.token_provider() else {
        return row("token", Status::Failed, "no token provider".into());
    };
    match tokens.token().await {
        // The token itself is never shown.
        Ok(_token) => {
            let lifetime = tokens
                .granted_lifetime()
                .map(|l| format!("granted for {} s", l.as_secs()))
                .unwrap_or_else(|| "granted".into());
            row(
                "token",
                Status::Ok,
                format!("HTTP 200: a token {lifetime} (the token is not shown)"),
            )
        }
        Err(error @ Error::TokenForbidden { .. }) => row(
            "token",
            Status::Failed,
            format!(
                "HTTP {}: the open platform refused the token request: check the app key and \
                 secret, that this machine's IP address is on the app's allow-list, and that \
                 the URL names the host, not an IP address (Huawei's firewall routes by the TLS \
                 server name); the reply, an HTML page, is not shown",
                error.status().unwrap_or(403)
            ),
        ),
        Err(error) => row("token", Status::Failed, error.to_string()),
    }
}

/// One signed server's profiles to try.
pub(super) struct Probe<'a> {
    pub(super) connection: &'a Connection,
    pub(super) host: Host,
    pub(super) vdn_id: Option<u32>,
    pub(super) cc_id: u32,
}

/// What a server made of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Accepted,
    Refused,
    /// Neither: the call failed for another reason.
    Unknown,
}

impl Probe<'_> {
    /// Tries each profile with one read-only call, adding a row each (or one skipped row).
    pub(super) async fn run(self, origin: &Origin, tried: &mut Tried, checks: &mut Vec<Check>) {
        let row = |check: String, status, detail: String, profile: Option<String>| Check {
            hosts: vec![self.host.label()],
            url: origin.url.origin().ascii_serialization(),
            check,
            status,
            detail,
            signing_profile: profile,
        };
        if self.connection.ak.is_none() || self.connection.sk.is_none() {
            checks.push(row(
                "signing profiles".into(),
                Status::Failed,
                format!(
                    "no AK/SK: {} requests are signed: set --ak and --sk (or CEC_AK and CEC_SK)",
                    self.host.label()
                ),
                None,
            ));
            return;
        }
        if self.host == Host::Isales && self.vdn_id.is_none() {
            checks.push(row(
                "signing profiles".into(),
                Status::Skipped,
                "skipped: give --vdn-id N (a VDN ID of yours, 1 to 9999) to try the signing \
                 profiles with getCallResultDetail of a call ID that cannot exist"
                    .into(),
                None,
            ));
            return;
        }
        let configured = self.connection.signing_profile.unwrap_or_default();
        // A call ID no server holds: the lookup reads nothing and changes nothing.
        let call_id = format!("cec-doctor-{:016x}", rand::random::<u64>());
        // A business failure that names a parameter: the signature passed, the request not.
        let mut parameter: Option<String> = None;
        for (name, profile) in profiles_to_try(configured) {
            let (verdict, status, detail) = match client(self.connection, Some(profile)) {
                Err(message) => (Verdict::Unknown, Status::Failed, message),
                Ok(client) => self.try_profile(&client, &call_id, &mut parameter).await,
            };
            tried.record(self.host, &name, verdict);
            checks.push(row(
                format!("signing profile {name}"),
                status,
                detail,
                Some(name.clone()),
            ));
        }
        if let Some(detail) = parameter {
            checks.push(row(
                "request parameters".into(),
                Status::Failed,
                format!(
                    "{detail}: every such request will fail alike; compare with what the \
                     server expects (`cec --explain-signature` shows what is sent)"
                ),
                None,
            ));
        }
    }

    async fn try_profile(
        &self,
        client: &Client,
        call_id: &str,
        parameter: &mut Option<String>,
    ) -> (Verdict, Status, String) {
        let (call, result) = match self.host {
            Host::Isales => {
                let vdn_id = self.vdn_id.unwrap_or(1);
                (
                    format!("getCallResultDetail vdnId {vdn_id} callId {call_id}"),
                    client.call_result_detail(vdn_id, call_id).await.map(drop),
                )
            }
            _ => (
                format!("queryCdrByCallId ccId {} callId {call_id}", self.cc_id),
                client
                    .cdr(self.cc_id, call_id, CallDirection::Outbound)
                    .await
                    .map(drop),
            ),
        };
        if let Err(error) = &result
            && error.parameter().is_some()
        {
            *parameter = Some(escape_controls(&error.to_string()).into_owned());
        }
        match result {
            Ok(()) => (
                Verdict::Accepted,
                Status::Ok,
                format!("accepted: {call} answered HTTP 200 with success"),
            ),
            Err(Error::Api {
                code, description, ..
            }) => {
                let expected = match self.host {
                    Host::Isales if code.code() == "0200007" => " (no such record, as expected)",
                    _ => "",
                };
                let description = description
                    .map(|d| format!(" \"{}\"", shorten(&escape_controls(&d))))
                    .unwrap_or_default();
                (
                    Verdict::Accepted,
                    Status::Ok,
                    format!(
                        "accepted: {call} answered HTTP 200 with result code {}{description}{expected}",
                        code.code()
                    ),
                )
            }
            Err(Error::Unauthorized { body, .. }) => {
                let reply = body.trim();
                let reply = if reply.is_empty() {
                    String::new()
                } else {
                    format!("; reply: {}", shorten(&escape_controls(reply)))
                };
                (
                    Verdict::Refused,
                    Status::Failed,
                    format!("refused: {call} answered HTTP 401{reply}"),
                )
            }
            Err(error) => (
                Verdict::Unknown,
                Status::Failed,
                format!("no verdict: {error}"),
            ),
        }
    }
}

/// At most [`REPLY_SHOWN`] characters of server text.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(REPLY_SHOWN) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// The verdicts of the profiles tried, by server.
#[derive(Debug, Default)]
pub(super) struct Tried {
    verdicts: Vec<(Host, String, Verdict)>,
}

/// The last line of the report.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Recommendation {
    /// The profile to use, when one works with every signed server tried.
    pub(crate) signing_profile: Option<String>,
    pub(crate) message: String,
    /// Whether profiles were tried and none works everywhere.
    #[serde(skip)]
    pub(crate) failed: bool,
}

impl Recommendation {
    pub(super) fn no_signed_server() -> Self {
        Self {
            signing_profile: None,
            message: "signing profile: nothing to choose: no CC-iSales or CC-CMS URL is \
                      configured"
                .into(),
            failed: false,
        }
    }

    pub(super) fn nothing_configured() -> Self {
        Self {
            signing_profile: None,
            message: "nothing to check: no server is configured: set --isales-url, --cms-url \
                      or --apiaccess-url (or CEC_ISALES_URL, CEC_CMS_URL, CEC_APIACCESS_URL)"
                .into(),
            failed: true,
        }
    }
}

impl Tried {
    fn record(&mut self, host: Host, profile: &str, verdict: Verdict) {
        self.verdicts.push((host, profile.to_owned(), verdict));
    }

    fn hosts(&self) -> Vec<Host> {
        let mut hosts: Vec<Host> = Vec::new();
        for (host, _, _) in &self.verdicts {
            if !hosts.contains(host) {
                hosts.push(*host);
            }
        }
        hosts
    }

    fn accepted_by(&self, host: Host) -> Vec<&str> {
        self.verdicts
            .iter()
            .filter(|(h, _, v)| *h == host && *v == Verdict::Accepted)
            .map(|(_, p, _)| p.as_str())
            .collect()
    }

    /// The profile every signed server tried accepts (`documented` first, the default), or
    /// what to check.
    /// `configured` is the profile set (`None`: the default).
    pub(super) fn recommend(
        &self,
        configured: Option<SigningProfile>,
        clock_failed: bool,
    ) -> Recommendation {
        let hosts = self.hosts();
        if hosts.is_empty() {
            return Recommendation {
                signing_profile: None,
                message: "signing profile: not tried (see the rows above)".into(),
                failed: false,
            };
        }
        let names: Vec<&str> = hosts.iter().map(|h| h.label()).collect();
        let by = names.join(" and ");
        let candidates: Vec<String> = profiles_to_try(configured.unwrap_or_default())
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let common = candidates.iter().find(|name| {
            hosts
                .iter()
                .all(|&h| self.accepted_by(h).contains(&name.as_str()))
        });
        match common {
            Some(name) => {
                let set = configured.map(|p| p.to_string());
                let how = if set.as_deref() == Some(name.as_str()) {
                    ", which is what you set".to_owned()
                } else if *name == "documented" {
                    ", the default: nothing to set".to_owned()
                } else {
                    format!(
                        ": set --signing-profile {name}, CEC_SIGNING_PROFILE={name}, or \
                         signing-profile = \"{name}\" in a config profile"
                    )
                };
                let mut message =
                    format!("recommended signing profile: {name} (accepted by {by}){how}");
                if let Some(set) = set.filter(|set| set != name) {
                    let works = hosts
                        .iter()
                        .all(|&h| self.accepted_by(h).contains(&set.as_str()));
                    let verdict = if works { "works as well" } else { "is refused" };
                    message.push_str(&format!(" (your setting, {set}, {verdict})"));
                }
                Recommendation {
                    signing_profile: Some(name.clone()),
                    message,
                    failed: false,
                }
            }
            None => {
                let per_host: Vec<String> = hosts
                    .iter()
                    .filter(|&&h| !self.accepted_by(h).is_empty())
                    .map(|&h| format!("{} accepts {}", h.label(), self.accepted_by(h).join(", ")))
                    .collect();
                let message = if per_host.len() == hosts.len() {
                    format!(
                        "no one signing profile works with both servers ({}): give each its \
                         own profile (a config profile per server, or --signing-profile per \
                         command)",
                        per_host.join("; ")
                    )
                } else {
                    let clock = if clock_failed {
                        "this machine's clock first (the clock row failed)"
                    } else {
                        "this machine's clock (NTP)"
                    };
                    format!(
                        "no signing profile was accepted by {by}: check the AK and SK (and \
                         that they are for these servers), {clock}; if both are right, the \
                         server may expect a signing profile cec does not know: compare \
                         `cec --explain-signature` with what the server computes, and try knob \
                         lists with --signing-profile"
                    )
                };
                Recommendation {
                    signing_profile: None,
                    message,
                    failed: true,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tried(verdicts: &[(Host, &str, Verdict)]) -> Tried {
        Tried {
            verdicts: verdicts
                .iter()
                .map(|(h, p, v)| (*h, (*p).to_owned(), *v))
                .collect(),
        }
    }

    #[test]
    fn the_recommendation_prefers_documented_then_what_every_server_accepts() {
        use Verdict::*;
        let both = tried(&[
            (Host::Isales, "documented", Accepted),
            (Host::Isales, "java-demo", Accepted),
            (Host::Cms, "documented", Accepted),
            (Host::Cms, "java-demo", Accepted),
        ]);
        let r = both.recommend(Some(SigningProfile::JAVA_DEMO), false);
        assert_eq!(r.signing_profile.as_deref(), Some("documented"));
        assert!(
            r.message
                .contains("(your setting, java-demo, works as well)"),
            "{}",
            r.message
        );

        let demo = tried(&[
            (Host::Isales, "documented", Refused),
            (Host::Isales, "java-demo", Accepted),
            (Host::Cms, "documented", Accepted),
            (Host::Cms, "java-demo", Accepted),
        ]);
        let r = demo.recommend(None, false);
        assert_eq!(r.signing_profile.as_deref(), Some("java-demo"));
        assert!(
            r.message.contains("set --signing-profile java-demo"),
            "{}",
            r.message
        );
        let r = demo.recommend(Some(SigningProfile::DOCUMENTED), false);
        assert!(
            r.message.contains("(your setting, documented, is refused)"),
            "{}",
            r.message
        );

        let split = tried(&[
            (Host::Isales, "documented", Refused),
            (Host::Isales, "java-demo", Accepted),
            (Host::Cms, "documented", Accepted),
            (Host::Cms, "java-demo", Refused),
        ]);
        let r = split.recommend(None, false);
        assert!(r.failed && r.signing_profile.is_none());
        assert!(
            r.message.contains("no one signing profile"),
            "{}",
            r.message
        );

        let none = tried(&[
            (Host::Cms, "documented", Refused),
            (Host::Cms, "java-demo", Unknown),
        ]);
        let r = none.recommend(None, true);
        assert!(r.failed);
        assert!(
            r.message.contains("AK and SK") && r.message.contains("clock first"),
            "{}",
            r.message
        );
    }
}
