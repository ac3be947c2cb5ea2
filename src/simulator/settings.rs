//! What a simulator is told: the credentials it accepts and the faults it injects.

use std::fmt;
use std::time::Duration;

/// The credentials the simulator accepts.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DemoCredentials {
    /// Access key of the auth-v2 signature. Default `demo-ak`.
    pub access_key: String,
    /// Secret key. Default `demo-sk`.
    pub secret_key: String,
    /// App key of `tokenByAkSk`. Default `demo-app-key`.
    pub app_key: String,
    /// App secret. Default `demo-app-secret`.
    pub app_secret: String,
}

impl DemoCredentials {
    /// Credentials the simulator will accept.
    pub fn new(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        app_key: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            app_key: app_key.into(),
            app_secret: app_secret.into(),
        }
    }
}

impl Default for DemoCredentials {
    fn default() -> Self {
        Self {
            access_key: "demo-ak".into(),
            secret_key: "demo-sk".into(),
            app_key: "demo-app-key".into(),
            app_secret: "demo-app-secret".into(),
        }
    }
}

impl fmt::Debug for DemoCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DemoCredentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"[REDACTED]")
            .field("app_key", &self.app_key)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

/// Faults injected into the simulator's replies, for resilience tests. Default: none.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Faults {
    /// Added to every reply.
    pub latency: Duration,
    /// Share of requests (0.0 to 1.0) answered with `error_status` instead. Faults are
    /// drawn from a generator seeded by the simulator's seed: the same sequence of requests
    /// meets the same faults.
    pub error_rate: f64,
    /// The status of injected errors. Default 503.
    pub error_status: u16,
    /// Share of requests whose connection is closed without a reply.
    pub drop_rate: f64,
    /// Share of replies whose body is cut short and garbled.
    pub garble_rate: f64,
    /// The simulator's clock error: signatures are checked against its time plus this, and
    /// every reply's `Date` header tells that time, so a client with a correct clock looks
    /// skewed (and can correct for it).
    pub clock_offset: chrono::Duration,
    /// Answer every token request with HTTP 403 and nginx's HTML page, as Huawei's gateway
    /// does for a wrong app key or secret, or a caller IP not on the app's allow-list.
    pub token_forbidden: bool,
    /// Answer every request (of any host, the token's included) with this status, 403 or
    /// 418, and an HTML page, as Huawei's web application firewall (CloudWAF) does for a
    /// caller IP address not on the allow-list, or a request sent to an IP address instead
    /// of the host name.
    pub waf_block: Option<u16>,
    /// Answer every CC-CMS query with `0100002` `Invalid param, must have parameter:
    /// '{name}'`, as a real CC-CMS does for a parameter it misses (it has asked for
    /// `isCallIn` where the documentation spells `isCallin`).
    pub missing_parameter: Option<String>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            error_rate: 0.0,
            error_status: 503,
            drop_rate: 0.0,
            garble_rate: 0.0,
            clock_offset: chrono::Duration::zero(),
            token_forbidden: false,
            waf_block: None,
            missing_parameter: None,
        }
    }
}

impl Faults {
    /// These faults with `latency` added to every reply.
    #[must_use]
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// These faults with a share (0.0 to 1.0) of requests answered with the error status.
    #[must_use]
    pub fn with_error_rate(mut self, rate: f64) -> Self {
        self.error_rate = rate;
        self
    }

    /// These faults with injected errors of this status.
    #[must_use]
    pub fn with_error_status(mut self, status: u16) -> Self {
        self.error_status = status;
        self
    }

    /// These faults with a share of connections dropped without a reply.
    #[must_use]
    pub fn with_drop_rate(mut self, rate: f64) -> Self {
        self.drop_rate = rate;
        self
    }

    /// These faults with a share of replies cut short and garbled.
    #[must_use]
    pub fn with_garble_rate(mut self, rate: f64) -> Self {
        self.garble_rate = rate;
        self
    }

    /// These faults with the simulator's clock off by `offset`.
    #[must_use]
    pub fn with_clock_offset(mut self, offset: chrono::Duration) -> Self {
        self.clock_offset = offset;
        self
    }

    /// These faults with every token request answered by HTTP 403 and nginx's HTML page.
    #[must_use]
    pub fn with_token_forbidden(mut self, forbidden: bool) -> Self {
        self.token_forbidden = forbidden;
        self
    }

    /// These faults with every request answered by a web application firewall's `status`
    /// (403 or 418) and its HTML page (`None`: no block).
    #[must_use]
    pub fn with_waf_block(mut self, status: Option<u16>) -> Self {
        self.waf_block = status;
        self
    }

    /// These faults with every CC-CMS query answered `0100002` `Invalid param, must have
    /// parameter: '{name}'` (`None`: answered as usual).
    #[must_use]
    pub fn with_missing_parameter(mut self, name: Option<impl Into<String>>) -> Self {
        self.missing_parameter = name.map(Into::into);
        self
    }
}
