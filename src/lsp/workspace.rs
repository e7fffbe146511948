//! What reaches every manifest from outside it (`design/manifest.md` §4): the Defaults
//! environment the editor selects, and the Defaults files on disk.
//!
//! - The environment is the client's `env` setting: in `initializationOptions`
//!   (`{"env": "prod"}`) and in `workspace/didChangeConfiguration` settings
//!   (`{"sagespec": {"env": "prod"}}`, or `{"env": "prod"}` from clients that send the
//!   server's own section). A setting that names none falls back to the environment the
//!   server was started with (`--env`, `SAGESPEC_ENV`).
//! - A manifest's check reads its Defaults files from disk, once per folder
//!   ([`crate::defaults::discover`]); the server forgets them when one is saved, or when the
//!   client reports a change on disk through the file watcher it registers here.

use std::path::Path;

use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, Registration, RegistrationParams,
};
use serde_json::Value as Json;

/// The glob the server asks the client to watch: every Defaults file of the workspace
/// (the names of [`crate::defaults::FILE_NAMES`]).
pub const DEFAULTS_GLOB: &str = "**/sagespec.defaults.{yaml,yml,toml}";

/// The id of the server's one registration, the Defaults files' watcher.
pub const WATCH_REGISTRATION: &str = "sagespec/watch-defaults-files";

/// Whether `path` is a Defaults file (by its name, as discovery finds them).
pub fn is_defaults_file(path: &Path) -> bool {
    path.file_name().and_then(|name| name.to_str()).is_some_and(|name| crate::defaults::FILE_NAMES.contains(&name))
}

/// What one set of settings says about the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Said {
    /// Nothing: the setting stays as it was.
    Nothing,
    /// Its `env` is empty or `null`: back to the environment the server started with.
    Cleared,
    /// Its `env` names one.
    Named(String),
}

/// Reads `env` from the sagespec section of `settings`: `sagespec.env`, else a top-level
/// `env`.
fn said(settings: Option<&Json>) -> Said {
    let Some(settings) = settings else {
        return Said::Nothing;
    };
    let env = match settings.get("sagespec") {
        Some(section) => section.get("env"),
        None => settings.get("env"),
    };
    match env {
        None => Said::Nothing,
        Some(Json::String(name)) if !name.trim().is_empty() => Said::Named(name.trim().to_owned()),
        Some(_) => Said::Cleared,
    }
}

/// The environment the server checks manifests for, and where it came from.
#[derive(Debug, Default)]
pub struct Environment {
    /// What a setting that names none falls back to: the client's `initializationOptions`,
    /// else the server's `--env` / `SAGESPEC_ENV`.
    fallback: Option<String>,
    /// The environment selected now.
    current: Option<String>,
}

impl Environment {
    /// The environment at start: `initialization_options`' `env`, else `started_with`.
    pub fn new(started_with: Option<String>, initialization_options: Option<&Json>) -> Self {
        let fallback = match said(initialization_options) {
            Said::Named(name) => Some(name),
            Said::Nothing | Said::Cleared => started_with,
        };
        Self { current: fallback.clone(), fallback }
    }

    /// The environment selected now.
    pub fn current(&self) -> Option<&str> {
        self.current.as_deref()
    }

    /// Applies the `settings` of a `workspace/didChangeConfiguration`; whether the
    /// environment changed.
    pub fn apply(&mut self, settings: &Json) -> bool {
        let next = match said(Some(settings)) {
            Said::Nothing => return false,
            Said::Cleared => self.fallback.clone(),
            Said::Named(name) => Some(name),
        };
        let changed = next != self.current;
        self.current = next;
        changed
    }
}

/// The registration of a watcher on the Defaults files, when the client can register one
/// (`workspace.didChangeWatchedFiles.dynamicRegistration` in its capabilities).
pub fn watcher_registration(initialize_params: &Json) -> Option<RegistrationParams> {
    let dynamic = initialize_params.pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration");
    if dynamic != Some(&Json::Bool(true)) {
        return None;
    }
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher { glob_pattern: GlobPattern::String(DEFAULTS_GLOB.to_owned()), kind: None }],
    };
    Some(RegistrationParams {
        registrations: vec![Registration {
            id: WATCH_REGISTRATION.to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_files_are_known_by_their_names() {
        assert!(is_defaults_file(Path::new("/w/specs/sagespec.defaults.yaml")));
        assert!(is_defaults_file(Path::new("sagespec.defaults.toml")));
        assert!(!is_defaults_file(Path::new("/w/sagespec.defaults.json")));
        assert!(!is_defaults_file(Path::new("/w/train.yaml")));
        let glob = globset::Glob::new(DEFAULTS_GLOB).expect("a glob").compile_matcher();
        for name in crate::defaults::FILE_NAMES {
            assert!(glob.is_match(format!("w/specs/{name}")), "{name}");
        }
    }

    #[test]
    fn initialization_options_win_over_the_started_environment() {
        let started = || Some("dev".to_owned());
        assert_eq!(Environment::new(started(), Some(&json!({ "env": "prod" }))).current(), Some("prod"));
        assert_eq!(Environment::new(started(), Some(&json!({ "sagespec": { "env": "qa" } }))).current(), Some("qa"));
        assert_eq!(Environment::new(started(), Some(&json!({ "env": null }))).current(), Some("dev"));
        assert_eq!(Environment::new(started(), None).current(), Some("dev"));
        assert_eq!(Environment::new(None, Some(&json!({ "other": 1 }))).current(), None);
    }

    #[test]
    fn settings_change_the_environment_and_clearing_falls_back() {
        let mut environment = Environment::new(Some("dev".to_owned()), None);
        assert!(environment.apply(&json!({ "sagespec": { "env": "prod" } })));
        assert_eq!(environment.current(), Some("prod"));
        // Settings that do not mention it leave it alone (Neovim sends `{}` at start).
        assert!(!environment.apply(&json!({})));
        assert!(!environment.apply(&json!({ "yaml": { "env": "x" } })));
        assert!(!environment.apply(&json!({ "sagespec": { "env": "prod" } })));
        assert_eq!(environment.current(), Some("prod"));
        assert!(environment.apply(&json!({ "sagespec": { "env": "" } })));
        assert_eq!(environment.current(), Some("dev"));
        assert!(environment.apply(&json!({ "env": "staging" })));
        assert_eq!(environment.current(), Some("staging"));
    }

    #[test]
    fn the_watcher_is_registered_only_when_the_client_can_register_it() {
        let can =
            json!({ "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } } });
        let registration = watcher_registration(&can).expect("registered");
        let options = registration.registrations[0].register_options.as_ref().expect("options");
        assert_eq!(options["watchers"][0]["globPattern"], DEFAULTS_GLOB);
        assert_eq!(registration.registrations[0].method, "workspace/didChangeWatchedFiles");
        assert!(watcher_registration(&json!({ "capabilities": {} })).is_none());
    }
}
