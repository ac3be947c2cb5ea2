//! The recording settings of a [`ClientBuilder`]: a cassette to make at `build()`, or a
//! [`Recorder`] given.

use std::path::PathBuf;

use super::ClientBuilder;
use crate::error::{Error, Result};
use crate::record::Recorder;

/// What the builder was told about recording.
#[derive(Debug, Clone, Default)]
pub(super) struct Recording {
    path: Option<PathBuf>,
    keep_personal_data: Option<bool>,
    recorder: Option<Recorder>,
}

impl ClientBuilder {
    /// Records every exchange of the client (every attempt, the token requests included) to
    /// a cassette at `path` (`docs/cassettes.md`): secrets removed, personal data masked
    /// unless [`Self::record_personal_data`]. [`Self::build`] creates the file (replacing a
    /// cassette there, refusing any other file) and writes its header: a path that cannot be
    /// written is an [`Error::Config`] then, before anything is sent. Each exchange is
    /// written as it ends. To flush or share one cassette between clients, give a
    /// [`Recorder`] to [`Self::recorder`] instead.
    pub fn record_to(mut self, path: impl Into<PathBuf>) -> Self {
        self.recording.path = Some(path.into());
        self
    }

    /// Keeps personal data (calling and called numbers, recording links' host and path) in
    /// the cassette of [`Self::record_to`] instead of masking it. Such a cassette holds your
    /// customers' phone numbers: handle it as the contact center's own data. Default
    /// `false`. (A [`Recorder`] has this option itself:
    /// [`RecorderOptions::keep_personal_data`](crate::record::RecorderOptions::keep_personal_data).)
    pub fn record_personal_data(mut self, keep: bool) -> Self {
        self.recording.keep_personal_data = Some(keep);
        self
    }

    /// Records every exchange of the client to this recorder (clones of a recorder share
    /// its cassette: several clients may record to one file).
    pub fn recorder(mut self, recorder: Recorder) -> Self {
        self.recording.recorder = Some(recorder);
        self
    }
}

impl Recording {
    /// The recorder of the client being built: the one given, or a new cassette.
    pub(super) fn recorder(&self) -> Result<Option<Recorder>> {
        match (&self.path, &self.recorder) {
            (Some(_), Some(_)) => Err(Error::Config {
                message: "record_to and recorder were both given: give one (a Recorder records \
                          to its own file)"
                    .into(),
            }),
            (None, Some(_)) if self.keep_personal_data.is_some() => Err(Error::Config {
                message: "record_personal_data applies to record_to; a Recorder given to \
                          recorder has its own option (RecorderOptions::keep_personal_data)"
                    .into(),
            }),
            (None, Some(recorder)) => Ok(Some(recorder.clone())),
            (None, None) if self.keep_personal_data == Some(true) => Err(Error::Config {
                message: "record_personal_data without record_to: nothing is recorded".into(),
            }),
            (None, None) => Ok(None),
            (Some(path), None) => Recorder::options()
                .keep_personal_data(self.keep_personal_data.unwrap_or(false))
                .create(path)
                .map(Some),
        }
    }
}
