//! The plan: desired jobs against what SageMaker says, as pure data, and its two
//! renderings (a table for people, JSON for tools).
//!
//! Job names are content-addressed (`design/manifest.md` §3), so there is no state file and
//! no "update": a desired job either exists under its name (up to date, whatever its
//! status) or does not (create). Jobs of the same base `name` under other hashes are
//! *superseded*: listed for information, never touched.
//!
//! [`Plan::new`] is the only place that decides an action; `crate::apply` fetches the live
//! data and `crate::cli::plan` prints. To add an action (say, "replace"), add an [`Action`]
//! variant, decide it in [`Plan::new`], and count it in [`Summary`].

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use serde::Serialize;

use crate::aws::{JobStatus, JobSummary, LiveJob};

/// A job a manifest asks for, ready to plan and apply.
#[derive(Clone, Debug)]
pub struct DesiredJob {
    /// The job name (content-addressed or `job_name`).
    pub name: String,
    /// The base `name` of a content-addressed job, whose other jobs are superseded;
    /// `None` for an exact `job_name`.
    pub base_name: Option<String>,
    /// The manifest, as the user named it.
    pub manifest: String,
    /// The region the job runs in.
    pub region: String,
    /// The CreateTrainingJob input.
    pub input: CreateTrainingJobInputBuilder,
    /// The code to upload before creating the job, when `source_dir` is local.
    pub code: Option<CodeUpload>,
    /// The default bucket `sagemaker-<region>-<account>`, when the job uses it (created
    /// if missing before anything is uploaded).
    pub default_bucket: Option<String>,
}

/// A code tarball and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeUpload {
    /// Bucket.
    pub bucket: String,
    /// Content-addressed key.
    pub key: String,
    /// The `sourcedir.tar.gz` bytes.
    pub bytes: Vec<u8>,
}

/// What apply would do for one job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    /// No job has this name: create it.
    Create,
    /// The job exists; nothing to do.
    UpToDate {
        /// Its status.
        status: String,
    },
}

/// One desired job and its action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The job name.
    pub job: String,
    /// The manifest.
    pub manifest: String,
    /// The region.
    pub region: String,
    /// What to do.
    #[serde(flatten)]
    pub action: Action,
}

/// A job of the same base name under another hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Superseded {
    /// The old job's name.
    pub job: String,
    /// The manifest whose job replaces it.
    pub manifest: String,
    /// The job that replaces it.
    pub by: String,
    /// The old job's status.
    pub status: String,
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Jobs to create.
    pub create: usize,
    /// Jobs that exist.
    pub up_to_date: usize,
    /// Older jobs of the same names.
    pub superseded: usize,
}

/// The plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// One entry per desired job, in manifest order.
    pub jobs: Vec<Entry>,
    /// Superseded jobs, by manifest order then name.
    pub superseded: Vec<Superseded>,
    /// The counts.
    pub summary: Summary,
}

/// What SageMaker said about the desired jobs.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    /// DescribeTrainingJob per job name; absent or `None` means no such job.
    pub live: HashMap<String, Option<LiveJob>>,
    /// ListTrainingJobs(NameContains = base name) per base name.
    pub listed: HashMap<String, Vec<JobSummary>>,
}

impl Observed {
    /// The status of `job` if it exists: from DescribeTrainingJob, or, for a hashed name,
    /// from the listing of its base name (which holds every job whose name contains the
    /// base, so the job itself when it exists).
    pub fn status(&self, job: &DesiredJob) -> Option<&JobStatus> {
        if let Some(live) = self.live.get(&job.name).and_then(Option::as_ref) {
            return Some(&live.status);
        }
        let listed = self.listed.get(job.base_name.as_ref()?)?;
        listed.iter().find(|summary| summary.name == job.name).map(|summary| &summary.status)
    }
}

impl Plan {
    /// Decides every action.
    pub fn new(desired: &[DesiredJob], observed: &Observed) -> Self {
        let mut plan = Self::default();
        for job in desired {
            let action = match observed.status(job) {
                Some(status) => Action::UpToDate { status: status.to_string() },
                None => Action::Create,
            };
            match action {
                Action::Create => plan.summary.create += 1,
                Action::UpToDate { .. } => plan.summary.up_to_date += 1,
            }
            plan.jobs.push(Entry {
                job: job.name.clone(),
                manifest: job.manifest.clone(),
                region: job.region.clone(),
                action,
            });
        }
        let desired_names: std::collections::HashSet<&str> = desired.iter().map(|job| job.name.as_str()).collect();
        let mut seen = std::collections::HashSet::new();
        for job in desired {
            let Some(base) = &job.base_name else { continue };
            let listed = observed.listed.get(base).map(Vec::as_slice).unwrap_or_default();
            let mut older: BTreeMap<&str, &JobStatus> = BTreeMap::new();
            for summary in listed {
                if is_hashed_name_of(&summary.name, base) && !desired_names.contains(summary.name.as_str()) {
                    older.insert(&summary.name, &summary.status);
                }
            }
            for (name, status) in older {
                if seen.insert(name.to_owned()) {
                    plan.superseded.push(Superseded {
                        job: name.to_owned(),
                        manifest: job.manifest.clone(),
                        by: job.name.clone(),
                        status: status.to_string(),
                    });
                }
            }
        }
        plan.summary.superseded = plan.superseded.len();
        plan
    }

    /// Whether applying would change anything.
    pub fn has_changes(&self) -> bool {
        self.summary.create > 0
    }

    /// The names of the jobs to create.
    pub fn to_create(&self) -> impl Iterator<Item = &str> {
        self.jobs.iter().filter(|entry| entry.action == Action::Create).map(|entry| entry.job.as_str())
    }

    /// The table: job, manifest, action; then superseded jobs; then the summary line.
    pub fn table(&self) -> String {
        let rows: Vec<[String; 3]> = self
            .jobs
            .iter()
            .map(|entry| {
                let action = match &entry.action {
                    Action::Create => "create".to_owned(),
                    Action::UpToDate { status } => format!("up to date ({status})"),
                };
                [entry.job.clone(), entry.manifest.clone(), action]
            })
            .collect();
        let mut text = table(&["JOB", "MANIFEST", "ACTION"], &rows);
        if !self.superseded.is_empty() {
            text.push('\n');
            let rows: Vec<[String; 3]> = self
                .superseded
                .iter()
                .map(|old| {
                    [old.job.clone(), old.manifest.clone(), format!("superseded by {} ({})", old.by, old.status)]
                })
                .collect();
            text.push_str(&table(&["SUPERSEDED JOB", "MANIFEST", "NOTE"], &rows));
        }
        let _ = writeln!(text, "\n{}", self.summary_line());
        text
    }

    /// `Plan: 2 to create, 3 up to date, 1 superseded.`
    pub fn summary_line(&self) -> String {
        let Summary { create, up_to_date, superseded } = self.summary;
        format!("Plan: {create} to create, {up_to_date} up to date, {superseded} superseded.")
    }

    /// The plan as pretty JSON, newline-terminated.
    pub fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Whether `name` is `<base>-<12 lowercase hex>`.
pub fn is_hashed_name_of(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hash| hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// Left-aligned columns separated by two spaces.
fn table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(str::len);
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let mut line = |cells: &[&str]| {
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == N {
                out.push_str(cell);
            } else {
                let _ = write!(out, "{cell:<width$}  ");
            }
        }
        text.push_str(out.trim_end());
        text.push('\n');
    };
    line(header);
    for row in rows {
        line(&row.each_ref().map(String::as_str));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desired(name: &str, base: Option<&str>, manifest: &str) -> DesiredJob {
        DesiredJob {
            name: name.into(),
            base_name: base.map(Into::into),
            manifest: manifest.into(),
            region: "us-west-2".into(),
            input: CreateTrainingJobInputBuilder::default(),
            code: None,
            default_bucket: None,
        }
    }

    fn live(name: &str, status: JobStatus) -> LiveJob {
        LiveJob { name: name.into(), status, secondary_status: None, transitions: vec![], failure_reason: None }
    }

    #[test]
    fn missing_jobs_are_created_and_existing_ones_are_up_to_date_whatever_their_status() {
        let jobs = [
            desired("a-0123456789ab", Some("a"), "a.yaml"),
            desired("b-0123456789ab", Some("b"), "b.yaml"),
            desired("exact", None, "c.toml"),
        ];
        let mut observed = Observed::default();
        observed.live.insert("a-0123456789ab".into(), None);
        observed.live.insert("b-0123456789ab".into(), Some(live("b-0123456789ab", JobStatus::Failed)));
        observed.live.insert("exact".into(), Some(live("exact", JobStatus::InProgress)));
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.summary, Summary { create: 1, up_to_date: 2, superseded: 0 });
        assert!(plan.has_changes());
        assert_eq!(plan.to_create().collect::<Vec<_>>(), ["a-0123456789ab"]);
        assert_eq!(plan.jobs[1].action, Action::UpToDate { status: "Failed".into() });
    }

    #[test]
    fn other_hashes_of_the_same_base_are_superseded_but_other_bases_are_not() {
        let jobs = [desired("bert-0123456789ab", Some("bert"), "bert.yaml")];
        let mut observed = Observed::default();
        let summary =
            |name: &str| JobSummary { name: name.into(), status: JobStatus::Completed, created_epoch_seconds: None };
        observed.listed.insert(
            "bert".into(),
            vec![
                summary("bert-0123456789ab"),
                summary("bert-ffffffffffff"),
                summary("bert-large-ffffffffffff"),
                summary("my-bert-ffffffffffff"),
            ],
        );
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.superseded.len(), 1);
        assert_eq!(plan.superseded[0].job, "bert-ffffffffffff");
        assert_eq!(plan.superseded[0].by, "bert-0123456789ab");
    }

    #[test]
    fn a_hashed_job_in_its_base_listing_is_up_to_date_without_a_describe() {
        let jobs = [
            desired("bert-0123456789ab", Some("bert"), "bert.yaml"),
            desired("gpt-0123456789ab", Some("gpt"), "gpt.yaml"),
        ];
        let mut observed = Observed::default();
        let summary = |name: &str, status| JobSummary { name: name.into(), status, created_epoch_seconds: None };
        observed.listed.insert("bert".into(), vec![summary("bert-0123456789ab", JobStatus::Stopped)]);
        // A longer name that merely contains the job's name is another job.
        observed.listed.insert("gpt".into(), vec![summary("my-gpt-0123456789ab", JobStatus::Completed)]);
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.jobs[0].action, Action::UpToDate { status: "Stopped".into() });
        assert_eq!(plan.jobs[1].action, Action::Create);
        assert_eq!(plan.summary, Summary { create: 1, up_to_date: 1, superseded: 0 });
    }

    #[test]
    fn the_table_aligns_columns_and_ends_with_the_summary() {
        let jobs = [desired("a-0123456789ab", Some("a"), "specs/a.yaml"), desired("exact", None, "b.toml")];
        let mut observed = Observed::default();
        observed.live.insert("exact".into(), Some(live("exact", JobStatus::Completed)));
        let text = Plan::new(&jobs, &observed).table();
        assert_eq!(
            text,
            "JOB             MANIFEST      ACTION\n\
             a-0123456789ab  specs/a.yaml  create\n\
             exact           b.toml        up to date (Completed)\n\
             \n\
             Plan: 1 to create, 1 up to date, 0 superseded.\n"
        );
    }

    #[test]
    fn the_json_names_each_action() {
        let jobs = [desired("exact", None, "b.toml")];
        let json: serde_json::Value =
            serde_json::from_str(&Plan::new(&jobs, &Observed::default()).json()).unwrap_or_default();
        assert_eq!(json["jobs"][0]["action"], "create");
        assert_eq!(json["summary"]["create"], 1);
    }
}
