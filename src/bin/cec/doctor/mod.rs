//! `cec doctor`: one read-only command that says whether a new installation works, and if
//! not, why.
//!
//! It lists where each setting came from (`settings`), then checks each configured server
//! once per origin (`network`, `tls`: DNS, TCP, TLS and the certificate, the clock), then
//! what each server is for (`probes`: the token, and which signing profile the signed
//! servers accept), and prints one row per check (`report`) with a recommended profile.
//! Nothing that changes data is sent: the signing profiles are tried with lookups of a call
//! ID that cannot exist, the clock is read from the `Date` header of a `GET` of the base URL.

mod network;
mod probes;
mod report;
mod settings;
mod tls;

use std::time::Duration;

use clap::ArgMatches;
use huawei_cec::SigningProfile;
use huawei_cec::reqwest::Url;
use serde::Serialize;

use crate::Failure;
use crate::args::Connection;
use crate::output::Format;
use crate::profile_config::Applied;

/// What `cec doctor` was asked to do.
pub(crate) struct Request<'a> {
    pub(crate) connection: &'a Connection,
    pub(crate) vdn_id: Option<u32>,
    pub(crate) cc_id: u32,
    /// The parsed command line, for where each setting came from.
    pub(crate) matches: &'a ArgMatches,
    /// What the config file gave.
    pub(crate) applied: &'a Applied,
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    Ok,
    Failed,
    Skipped,
}

/// One row of the report.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Check {
    /// The servers the check is about (several when they share a URL's origin).
    pub(crate) hosts: Vec<&'static str>,
    /// The origin checked (scheme, host and port).
    pub(crate) url: String,
    /// What was checked.
    pub(crate) check: String,
    pub(crate) status: Status,
    /// The result, or why it failed or was skipped.
    pub(crate) detail: String,
    /// The signing profile tried, for the rows that try one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) signing_profile: Option<String>,
}

/// A server the client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Host {
    Isales,
    Cms,
    OpenPlatform,
}

impl Host {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Isales => "CC-iSales",
            Self::Cms => "CC-CMS",
            Self::OpenPlatform => "open platform",
        }
    }

    /// Whether its requests carry an auth-v2 signature (and so depend on the clock).
    fn signed(self) -> bool {
        self != Self::OpenPlatform
    }
}

/// The servers of one origin (scheme, host, port): checked once, listed for each.
pub(crate) struct Origin {
    pub(crate) url: Url,
    pub(crate) hosts: Vec<Host>,
}

impl Origin {
    fn labels(&self) -> Vec<&'static str> {
        self.hosts.iter().map(|h| h.label()).collect()
    }

    fn signed(&self) -> bool {
        self.hosts.iter().any(|h| h.signed())
    }
}

/// Settings the checks share.
pub(crate) struct Context {
    /// Time allowed to connect (DNS, TCP, the TLS handshake).
    pub(crate) connect_timeout: Duration,
    /// Time allowed for one HTTP request.
    pub(crate) timeout: Duration,
    /// How TLS certificates are verified: the client's trust settings.
    pub(crate) trust: tls::Trust,
    /// The proxy variables of the environment the client would use, if any.
    pub(crate) proxy: Option<String>,
    /// Whether the client corrects signatures for a server's clock.
    pub(crate) clock_skew_correction: bool,
}

/// Runs `cec doctor`: prints the report and exits 0 when every configured part works with
/// some signing profile, 1 otherwise; 2 (nothing sent) when the settings cannot be used.
pub(crate) async fn run(request: Request<'_>, format: Format) -> Result<(), Failure> {
    let settings = settings::collect(request.matches, request.applied);
    let json = settings::json_asked(request.matches, request.applied, format);
    // Settings that cannot make a client are bad input: nothing is sent.
    let usable = crate::connect::client(request.connection)
        .and_then(|_| tls::Trust::new(request.connection));
    let trust = match usable {
        Ok(trust) => trust,
        Err(Failure::Usage(message)) => {
            report::print_settings_only(&settings, &message, json, format)?;
            return Err(Failure::Usage(message));
        }
        Err(other) => return Err(other),
    };
    let connection = request.connection;
    let timeout = connection
        .timeout
        .map(Duration::from_secs_f64)
        .unwrap_or(huawei_cec::config::DEFAULT_TIMEOUT);
    let context = Context {
        connect_timeout: huawei_cec::config::DEFAULT_CONNECT_TIMEOUT.min(timeout),
        timeout,
        trust,
        proxy: settings::proxy_variables(),
        clock_skew_correction: connection.clock_skew_correction(),
    };

    let mut checks = Vec::new();
    let origins = origins(connection);
    if origins.is_empty() {
        let outcome = report::Outcome {
            recommendation: probes::Recommendation::nothing_configured(),
            ok: false,
        };
        return report::print(&settings, &checks, &outcome, json, format);
    }
    let mut tried = probes::Tried::default();
    for origin in &origins {
        let reachable = network::check(origin, &context, &mut checks).await;
        for &host in &origin.hosts {
            let row = |check: &str, status, detail: String| Check {
                hosts: vec![host.label()],
                url: origin.url.origin().ascii_serialization(),
                check: check.to_owned(),
                status,
                detail,
                signing_profile: None,
            };
            if let Err(why) = &reachable {
                let skipped = format!("skipped: {why}");
                match host {
                    Host::OpenPlatform => checks.push(row("token", Status::Skipped, skipped)),
                    _ => checks.push(row("signing profiles", Status::Skipped, skipped)),
                }
                continue;
            }
            match host {
                Host::OpenPlatform => checks.push(probes::token(connection, row).await),
                Host::Isales | Host::Cms => {
                    let probe = probes::Probe {
                        connection,
                        host,
                        vdn_id: request.vdn_id,
                        cc_id: request.cc_id,
                    };
                    probe.run(origin, &mut tried, &mut checks).await;
                }
            }
        }
    }
    let clock_failed = checks
        .iter()
        .any(|c| c.check == network::CLOCK && c.status == Status::Failed);
    let recommendation = if origins.iter().any(Origin::signed) {
        tried.recommend(connection.signing_profile, clock_failed)
    } else {
        probes::Recommendation::no_signed_server()
    };
    // Refused profiles are what the probes are for: they fail the run only when no profile
    // works (the recommendation says so).
    let others_ok = checks
        .iter()
        .filter(|c| c.signing_profile.is_none())
        .all(|c| c.status != Status::Failed);
    let outcome = report::Outcome {
        ok: others_ok && !recommendation.failed,
        recommendation,
    };
    report::print(&settings, &checks, &outcome, json, format)
}

/// The configured servers, grouped by origin, in the order CC-iSales, CC-CMS, open platform.
fn origins(connection: &Connection) -> Vec<Origin> {
    let mut origins: Vec<Origin> = Vec::new();
    let urls = [
        (Host::Isales, &connection.isales_url),
        (Host::Cms, &connection.cms_url),
        (Host::OpenPlatform, &connection.apiaccess_url),
    ];
    for (host, url) in urls {
        // Checked by the client's builder before: a URL that does not parse is not here.
        let Some(url) = url.as_deref().and_then(|u| Url::parse(u).ok()) else {
            continue;
        };
        match origins.iter_mut().find(|o| o.url.origin() == url.origin()) {
            Some(origin) => origin.hosts.push(host),
            None => origins.push(Origin {
                url,
                hosts: vec![host],
            }),
        }
    }
    origins
}

/// The presets, and the configured profile when it is neither, in the order they are tried.
fn profiles_to_try(configured: SigningProfile) -> Vec<(String, SigningProfile)> {
    let mut profiles: Vec<(String, SigningProfile)> = SigningProfile::PRESETS
        .iter()
        .map(|(name, profile)| ((*name).to_owned(), *profile))
        .collect();
    if !profiles.iter().any(|(_, p)| *p == configured) {
        profiles.push((configured.to_string(), configured));
    }
    profiles
}

/// An error and its causes, `a: b: c`, escaped (a cause whose text the previous one already
/// holds is left out).
fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if parts.last().is_none_or(|last| !last.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    crate::output::escape_controls(&parts.join(": ")).into_owned()
}
