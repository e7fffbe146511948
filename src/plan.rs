//! The plan: desired jobs against what SageMaker says, as pure data, and its two
//! renderings (a table for people, JSON for tools).
//!
//! Job names are content-addressed (`design/manifest.md` §3), so there is no state file and
//! no "update": a desired job either exists under its name (up to date, whatever its
//! status) or does not (create). Jobs of the same base `name` under other hashes are
//! *superseded*: listed for information, never touched. A job to create that supersedes
//! older ones is a [`Replacement`] of the most recently created of them, and the plan
//! shows how its request differs from that job's, field by field (`crate::apply::replaced`
//! reads the older job and compares).
//!
//! Two kinds of resource are managed, one pattern for both: a [`DesiredJob`] is a training
//! job or a hyper-parameter tuning job ([`JobKind`], and its create input in
//! [`JobInput`]). Names are per kind (SageMaker keeps training and tuning jobs apart), so
//! [`Observed`] is keyed by kind and name. A tuning job names the TrainingJob manifest
//! that is its template; the plan notes whether that manifest is applied too
//! (`design/manifest.md` §5: the template runs on its own only when it is itself applied).
//!
//! Models, endpoint configurations and endpoints are decided by `crate::deploy::plan`
//! (which knows updates and deletes) and join the plan through [`Plan::with_deployments`],
//! so one table, one JSON document and one summary show both.
//!
//! [`Plan::new`] is the only place that decides a job's action; `crate::apply` fetches the live
//! data and `crate::cli::plan` prints. To add an action (say, "replace"), add an [`Action`]
//! variant, decide it in [`Plan::new`], and count it in [`Summary`].

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::builders::CreateHyperParameterTuningJobInputBuilder;
use aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobInputBuilder;
use serde::Serialize;

use crate::aws::{JobStatus, JobSummary};
use crate::change::Change;
use crate::deploy::plan::{DeployAction, DeployEntry, DeployPlan, EndpointUpdate};
use crate::facts::tuning::MAX_TUNING_JOB_NAME_CHARS;

/// The kinds of SageMaker resource plan and apply manage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobKind {
    /// A training job (`CreateTrainingJob`).
    TrainingJob,
    /// A hyper-parameter tuning job (`CreateHyperParameterTuningJob`).
    TuningJob,
}

impl JobKind {
    /// The word the plan table shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::TrainingJob => "training",
            Self::TuningJob => "tuning",
        }
    }

    /// The words the replacement blocks of the table start with.
    pub fn title(self) -> &'static str {
        match self {
            Self::TrainingJob => "Training job",
            Self::TuningJob => "Tuning job",
        }
    }

    /// How many hex digits of the content hash follow `<base>-` in a hashed name of this
    /// kind: 12 for a training job (`design/manifest.md` §3); for a tuning job as many as
    /// fit in its 32 characters (`crate::lower::tuning::tuning_name`).
    pub fn hash_digits(self, base: &str) -> usize {
        match self {
            Self::TrainingJob => 12,
            Self::TuningJob => MAX_TUNING_JOB_NAME_CHARS.saturating_sub(base.chars().count() + 1).min(64),
        }
    }
}

/// The create input of a desired job, by kind.
#[derive(Clone, Debug)]
pub enum JobInput {
    /// CreateTrainingJob.
    Training(CreateTrainingJobInputBuilder),
    /// CreateHyperParameterTuningJob.
    Tuning(CreateHyperParameterTuningJobInputBuilder),
}

impl JobInput {
    /// The kind of job this input creates.
    pub fn kind(&self) -> JobKind {
        match self {
            Self::Training(_) => JobKind::TrainingJob,
            Self::Tuning(_) => JobKind::TuningJob,
        }
    }
}

/// The TrainingJob manifest a tuning job uses as its template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The manifest, as shown to the user.
    pub manifest: String,
    /// Its path on disk (to tell whether it is applied too).
    pub path: PathBuf,
    /// Whether the run applies it as well (then its own training job is desired too).
    pub applied: bool,
}

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
    /// The create input, which says the kind.
    pub input: JobInput,
    /// The code to upload before creating the job, when `source_dir` is local.
    pub code: Option<CodeUpload>,
    /// The default bucket `sagemaker-<region>-<account>`, when the job uses it (created
    /// if missing before anything is uploaded).
    pub default_bucket: Option<String>,
    /// For a tuning job, its training job template.
    pub template: Option<Template>,
}

impl DesiredJob {
    /// The kind of job.
    pub fn kind(&self) -> JobKind {
        self.input.kind()
    }
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
    /// The kind of job.
    pub kind: JobKind,
    /// The manifest.
    pub manifest: String,
    /// The region.
    pub region: String,
    /// What to do.
    #[serde(flatten)]
    pub action: Action,
}

/// A tuning job's training job template, and whether it runs on its own too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateNote {
    /// The tuning job.
    pub job: String,
    /// The TrainingJob manifest it uses as its template.
    pub template: String,
    /// Whether that manifest is applied too (so its own training job is in the plan).
    pub applied: bool,
}

impl TemplateNote {
    /// The sentence the table prints.
    pub fn text(&self) -> String {
        if self.applied {
            format!(
                "{} is the template of tuning job {}; it is applied too, so its own training job is planned as well",
                self.template, self.job
            )
        } else {
            format!(
                "{} is the template of tuning job {} only; it is not launched on its own (apply it to run it)",
                self.template, self.job
            )
        }
    }
}

/// A job of the same base name under another hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Superseded {
    /// The old job's name.
    pub job: String,
    /// The kind of job.
    pub kind: JobKind,
    /// The manifest whose job replaces it.
    pub manifest: String,
    /// The job that replaces it.
    pub by: String,
    /// The old job's status.
    pub status: String,
}

/// A job the plan creates in place of an older job of the same base name, and how its
/// request differs from the older job's, field by field
/// ([`crate::change::request_changes`]). The older job compared is the most recently
/// created of those it supersedes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replacement {
    /// The new job.
    pub job: String,
    /// The kind of both jobs.
    pub kind: JobKind,
    /// The manifest.
    pub manifest: String,
    /// The older job.
    pub replaces: String,
    /// How the new request differs from the older job's (filled in by
    /// [`Plan::with_replacement_changes`] once the older job is read).
    pub changes: Vec<Change>,
    /// Why the older job could not be compared (its request could not be read); then
    /// `changes` is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Jobs, models, endpoint configurations and endpoints to create.
    pub create: usize,
    /// Endpoints to update.
    pub update: usize,
    /// Jobs and deployment resources that exist as wanted.
    pub up_to_date: usize,
    /// Endpoint configurations to delete.
    pub delete: usize,
    /// Older jobs of the same names.
    pub superseded: usize,
}

/// The plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// One entry per desired job, in manifest order.
    pub jobs: Vec<Entry>,
    /// One entry per model, endpoint configuration and endpoint, in manifest order
    /// (`crate::deploy::plan`).
    pub deployments: Vec<DeployEntry>,
    /// What each endpoint update changes, field by field.
    pub updates: Vec<EndpointUpdate>,
    /// Superseded jobs, by manifest order then name.
    pub superseded: Vec<Superseded>,
    /// The jobs to create that replace an older job, with what changes, in manifest order.
    pub replacements: Vec<Replacement>,
    /// The training job templates of the tuning jobs, in manifest order.
    pub templates: Vec<TemplateNote>,
    /// The counts.
    pub summary: Summary,
}

/// What SageMaker said about the desired jobs, by kind and name.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    /// DescribeTrainingJob (or DescribeHyperParameterTuningJob) per job; absent or `None`
    /// means no such job.
    pub live: HashMap<(JobKind, String), Option<JobStatus>>,
    /// ListTrainingJobs (or ListHyperParameterTuningJobs) with `NameContains` = base name,
    /// per base name.
    pub listed: HashMap<(JobKind, String), Vec<JobSummary>>,
}

impl Observed {
    /// The status of `job` if it exists: from its describe, or, for a hashed name, from
    /// the listing of its base name (which holds every job of its kind whose name contains
    /// the base, so the job itself when it exists).
    pub fn status(&self, job: &DesiredJob) -> Option<&JobStatus> {
        let kind = job.kind();
        if let Some(status) = self.live.get(&(kind, job.name.clone())).and_then(Option::as_ref) {
            return Some(status);
        }
        let listed = self.listed.get(&(kind, job.base_name.clone()?))?;
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
                kind: job.kind(),
                manifest: job.manifest.clone(),
                region: job.region.clone(),
                action,
            });
        }
        let desired_names: std::collections::HashSet<(JobKind, &str)> =
            desired.iter().map(|job| (job.kind(), job.name.as_str())).collect();
        let mut seen = std::collections::HashSet::new();
        for job in desired {
            let kind = job.kind();
            let Some(base) = &job.base_name else { continue };
            let listed = observed.listed.get(&(kind, base.clone())).map(Vec::as_slice).unwrap_or_default();
            let mut older: BTreeMap<&str, &JobSummary> = BTreeMap::new();
            for summary in listed {
                if is_hashed_name_of(&summary.name, base, kind.hash_digits(base))
                    && !desired_names.contains(&(kind, summary.name.as_str()))
                {
                    older.insert(&summary.name, summary);
                }
            }
            let created = observed.status(job).is_none();
            let latest = older.values().max_by_key(|summary| (summary.created_epoch_ms, &summary.name));
            if let Some(latest) = latest.filter(|_| created) {
                plan.replacements.push(Replacement {
                    job: job.name.clone(),
                    kind,
                    manifest: job.manifest.clone(),
                    replaces: latest.name.clone(),
                    changes: Vec::new(),
                    error: None,
                });
            }
            for (name, JobSummary { status, .. }) in older {
                if seen.insert((kind, name.to_owned())) {
                    plan.superseded.push(Superseded {
                        job: name.to_owned(),
                        kind,
                        manifest: job.manifest.clone(),
                        by: job.name.clone(),
                        status: status.to_string(),
                    });
                }
            }
        }
        plan.summary.superseded = plan.superseded.len();
        plan.templates = desired
            .iter()
            .filter_map(|job| {
                let template = job.template.as_ref()?;
                Some(TemplateNote {
                    job: job.name.clone(),
                    template: template.manifest.clone(),
                    applied: template.applied,
                })
            })
            .collect();
        plan
    }

    /// Adds the deployment half ([`crate::deploy::plan::decide`]) and counts it.
    #[must_use]
    pub fn with_deployments(mut self, deploy: DeployPlan) -> Self {
        let count = |wanted: fn(&DeployAction) -> bool| deploy.count(wanted);
        self.summary.create += count(|a| matches!(a, DeployAction::Create { .. }));
        self.summary.update += count(|a| matches!(a, DeployAction::Update { .. }));
        self.summary.up_to_date += count(|a| matches!(a, DeployAction::UpToDate { .. }));
        self.summary.delete += count(|a| matches!(a, DeployAction::Delete { .. }));
        self.deployments = deploy.entries;
        self.updates = deploy.updates;
        self
    }

    /// Fills in what each replacement changes: `changes` answers, for a replacement, the
    /// fields its request changes, why they are unknown (`Err`), or `None` when the older
    /// job is gone (then the replacement is left out; the older job stays listed as
    /// superseded).
    #[must_use]
    pub fn with_replacement_changes(
        mut self,
        mut changes: impl FnMut(&Replacement) -> Option<Result<Vec<Change>, String>>,
    ) -> Self {
        self.replacements.retain_mut(|replacement| match changes(replacement) {
            Some(Ok(found)) => {
                replacement.changes = found;
                true
            }
            Some(Err(error)) => {
                replacement.error = Some(error);
                true
            }
            None => false,
        });
        self
    }

    /// Whether applying would change anything.
    pub fn has_changes(&self) -> bool {
        self.summary.create + self.summary.update + self.summary.delete > 0
    }

    /// The kinds and names of the jobs to create.
    pub fn to_create(&self) -> impl Iterator<Item = (JobKind, &str)> {
        self.jobs.iter().filter(|entry| entry.action == Action::Create).map(|entry| (entry.kind, entry.job.as_str()))
    }

    /// The table: job, kind, manifest, action; then superseded jobs; then the notes on
    /// tuning job templates; then the summary line.
    pub fn table(&self) -> String {
        let rows: Vec<[String; 4]> = self
            .jobs
            .iter()
            .map(|entry| {
                let action = match &entry.action {
                    Action::Create => "create".to_owned(),
                    Action::UpToDate { status } => format!("up to date ({status})"),
                };
                [entry.job.clone(), entry.kind.label().to_owned(), entry.manifest.clone(), action]
            })
            .collect();
        let deploy_rows = self.deployments.iter().map(|entry| {
            let action = match &entry.action {
                DeployAction::Create { after: None } => "create".to_owned(),
                DeployAction::Create { after: Some(after) } => format!("create, after {after}"),
                DeployAction::UpToDate { status: None } => "up to date".to_owned(),
                DeployAction::UpToDate { status: Some(status) } => format!("up to date ({status})"),
                DeployAction::Update { from, to } => format!("update: {from} → {to}"),
                DeployAction::Delete { reason } => format!("delete ({reason})"),
            };
            [entry.resource.clone(), entry.kind.label().to_owned(), entry.manifest.clone(), action]
        });
        let rows: Vec<[String; 4]> = rows.into_iter().chain(deploy_rows).collect();
        let header = if self.deployments.is_empty() { "JOB" } else { "RESOURCE" };
        let mut text = table(&[header, "KIND", "MANIFEST", "ACTION"], &rows);
        for update in &self.updates {
            let _ = writeln!(text, "\nEndpoint {} ({}) changes:", update.endpoint, update.manifest);
            for change in &update.changes {
                let _ = writeln!(text, "  {change}");
            }
        }
        for replacement in &self.replacements {
            let Replacement { job, kind, manifest, replaces, changes, error } = replacement;
            let _ = writeln!(text, "\n{} {job} ({manifest}) replaces {replaces}:", kind.title());
            match error {
                Some(error) => {
                    let _ = writeln!(text, "  (cannot compare: {error})");
                }
                None if changes.is_empty() => {
                    let _ = writeln!(text, "  (no field that SageMaker describes differs)");
                }
                None => {}
            }
            for change in changes {
                let _ = writeln!(text, "  {change}");
            }
        }
        if !self.superseded.is_empty() {
            text.push('\n');
            let rows: Vec<[String; 4]> = self
                .superseded
                .iter()
                .map(|old| {
                    [
                        old.job.clone(),
                        old.kind.label().to_owned(),
                        old.manifest.clone(),
                        format!("superseded by {} ({})", old.by, old.status),
                    ]
                })
                .collect();
            text.push_str(&table(&["SUPERSEDED JOB", "KIND", "MANIFEST", "NOTE"], &rows));
        }
        if !self.templates.is_empty() {
            text.push('\n');
            for note in &self.templates {
                let _ = writeln!(text, "Note: {}.", note.text());
            }
        }
        let _ = writeln!(text, "\n{}", self.summary_line());
        text
    }

    /// `Plan: 2 to create, 3 up to date, 1 superseded.`; with deployments,
    /// `Plan: 1 to create, 1 to update, 3 up to date, 1 to delete, 0 superseded.`
    pub fn summary_line(&self) -> String {
        let Summary { create, update, up_to_date, delete, superseded } = self.summary;
        if self.deployments.is_empty() {
            format!("Plan: {create} to create, {up_to_date} up to date, {superseded} superseded.")
        } else {
            format!(
                "Plan: {create} to create, {update} to update, {up_to_date} up to date, {delete} to delete, {superseded} superseded."
            )
        }
    }

    /// The plan as pretty JSON, newline-terminated.
    pub fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Whether `name` is `<base>-<digits lowercase hex>`.
pub fn is_hashed_name_of(name: &str, base: &str, digits: usize) -> bool {
    name.strip_prefix(base).and_then(|rest| rest.strip_prefix('-')).is_some_and(|hash| {
        hash.len() == digits && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
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
            input: JobInput::Training(CreateTrainingJobInputBuilder::default()),
            code: None,
            default_bucket: None,
            template: None,
        }
    }

    fn tuning(name: &str, base: Option<&str>, manifest: &str, template: &str, applied: bool) -> DesiredJob {
        DesiredJob {
            input: JobInput::Tuning(CreateHyperParameterTuningJobInputBuilder::default()),
            template: Some(Template { manifest: template.into(), path: template.into(), applied }),
            ..desired(name, base, manifest)
        }
    }

    fn training(name: &str) -> (JobKind, String) {
        (JobKind::TrainingJob, name.into())
    }

    #[test]
    fn missing_jobs_are_created_and_existing_ones_are_up_to_date_whatever_their_status() {
        let jobs = [
            desired("a-0123456789ab", Some("a"), "a.yaml"),
            desired("b-0123456789ab", Some("b"), "b.yaml"),
            desired("exact", None, "c.toml"),
        ];
        let mut observed = Observed::default();
        observed.live.insert(training("a-0123456789ab"), None);
        observed.live.insert(training("b-0123456789ab"), Some(JobStatus::Failed));
        observed.live.insert(training("exact"), Some(JobStatus::InProgress));
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.summary, Summary { create: 1, up_to_date: 2, ..Summary::default() });
        assert!(plan.has_changes());
        assert_eq!(plan.to_create().collect::<Vec<_>>(), [(JobKind::TrainingJob, "a-0123456789ab")]);
        assert_eq!(plan.jobs[1].action, Action::UpToDate { status: "Failed".into() });
    }

    #[test]
    fn other_hashes_of_the_same_base_are_superseded_but_other_bases_are_not() {
        let jobs = [desired("bert-0123456789ab", Some("bert"), "bert.yaml")];
        let mut observed = Observed::default();
        let summary =
            |name: &str| JobSummary { name: name.into(), status: JobStatus::Completed, created_epoch_ms: None };
        observed.listed.insert(
            training("bert"),
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
    fn a_job_to_create_replaces_the_latest_older_job_and_one_that_exists_replaces_none() {
        let jobs = [
            desired("bert-222222222222", Some("bert"), "bert.yaml"),
            desired("gpt-111111111111", Some("gpt"), "gpt.yaml"),
        ];
        let summary = |name: &str, created_ms| JobSummary {
            name: name.into(),
            status: JobStatus::Completed,
            created_epoch_ms: Some(created_ms),
        };
        let mut observed = Observed::default();
        // Created within one second: the milliseconds decide, not the names.
        observed.listed.insert(
            training("bert"),
            vec![summary("bert-ffffffffffff", 1_000_100), summary("bert-000000000000", 1_000_900)],
        );
        observed.listed.insert(
            training("gpt"),
            vec![summary("gpt-000000000000", 1_000_000), summary("gpt-111111111111", 2_000_000)],
        );
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.superseded.len(), 3);
        let replaced: Vec<(&str, &str)> =
            plan.replacements.iter().map(|r| (r.job.as_str(), r.replaces.as_str())).collect();
        assert_eq!(replaced, [("bert-222222222222", "bert-000000000000")]);
    }

    #[test]
    fn a_hashed_job_in_its_base_listing_is_up_to_date_without_a_describe() {
        let jobs = [
            desired("bert-0123456789ab", Some("bert"), "bert.yaml"),
            desired("gpt-0123456789ab", Some("gpt"), "gpt.yaml"),
        ];
        let mut observed = Observed::default();
        let summary = |name: &str, status| JobSummary { name: name.into(), status, created_epoch_ms: None };
        observed.listed.insert(training("bert"), vec![summary("bert-0123456789ab", JobStatus::Stopped)]);
        // A longer name that merely contains the job's name is another job.
        observed.listed.insert(training("gpt"), vec![summary("my-gpt-0123456789ab", JobStatus::Completed)]);
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.jobs[0].action, Action::UpToDate { status: "Stopped".into() });
        assert_eq!(plan.jobs[1].action, Action::Create);
        assert_eq!(plan.summary, Summary { create: 1, up_to_date: 1, ..Summary::default() });
    }

    #[test]
    fn the_table_aligns_columns_and_ends_with_the_summary() {
        let jobs = [desired("a-0123456789ab", Some("a"), "specs/a.yaml"), desired("exact", None, "b.toml")];
        let mut observed = Observed::default();
        observed.live.insert(training("exact"), Some(JobStatus::Completed));
        let text = Plan::new(&jobs, &observed).table();
        assert_eq!(
            text,
            "JOB             KIND      MANIFEST      ACTION\n\
             a-0123456789ab  training  specs/a.yaml  create\n\
             exact           training  b.toml        up to date (Completed)\n\
             \n\
             Plan: 1 to create, 1 up to date, 0 superseded.\n"
        );
    }

    #[test]
    fn training_and_tuning_jobs_of_one_name_are_different_jobs() {
        let jobs = [desired("same", None, "t.yaml"), tuning("same", None, "h.yaml", "t.yaml", true)];
        let mut observed = Observed::default();
        observed.live.insert((JobKind::TuningJob, "same".into()), Some(JobStatus::InProgress));
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.jobs[0].action, Action::Create);
        assert_eq!(plan.jobs[1].action, Action::UpToDate { status: "InProgress".into() });
        assert_eq!(plan.jobs[1].kind, JobKind::TuningJob);
    }

    #[test]
    fn a_tuning_jobs_superseded_versions_have_as_many_hex_digits_as_fit_in_32() {
        // `bert-hpo` leaves 23 hex digits; a 12-digit name is some training-style name.
        let name = format!("bert-hpo-{}", "0".repeat(23));
        let old = format!("bert-hpo-{}", "f".repeat(23));
        let jobs = [tuning(&name, Some("bert-hpo"), "h.yaml", "t.yaml", false)];
        let mut observed = Observed::default();
        let summary =
            |name: &str| JobSummary { name: name.into(), status: JobStatus::Completed, created_epoch_ms: None };
        observed.listed.insert(
            (JobKind::TuningJob, "bert-hpo".into()),
            vec![summary(&name), summary(&old), summary("bert-hpo-ffffffffffff")],
        );
        // A training job listing of the same base is not the tuning job's.
        observed.listed.insert(training("bert-hpo"), vec![summary(&format!("bert-hpo-{}", "e".repeat(23)))]);
        let plan = Plan::new(&jobs, &observed);
        assert_eq!(plan.jobs[0].action, Action::UpToDate { status: "Completed".into() });
        assert_eq!(plan.superseded.iter().map(|s| s.job.as_str()).collect::<Vec<_>>(), [old.as_str()]);
        assert_eq!(plan.superseded[0].kind, JobKind::TuningJob);
    }

    #[test]
    fn the_plan_says_whether_a_tuning_jobs_template_runs_on_its_own() {
        let alone = Plan::new(&[tuning("hpo", None, "h.yaml", "specs/t.yaml", false)], &Observed::default());
        let text = alone.table();
        assert!(
            text.contains(
                "Note: specs/t.yaml is the template of tuning job hpo only; it is not launched on its own (apply it to run it).\n"
            ),
            "{text}"
        );
        let both = Plan::new(
            &[desired("t", None, "specs/t.yaml"), tuning("hpo", None, "h.yaml", "specs/t.yaml", true)],
            &Observed::default(),
        );
        let text = both.table();
        assert!(text.contains("it is applied too, so its own training job is planned as well"), "{text}");
        assert!(text.contains("hpo  tuning    h.yaml"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&both.json()).unwrap_or_default();
        assert_eq!(json["templates"][0]["applied"], true);
        assert_eq!(json["jobs"][1]["kind"], "tuning-job");
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
