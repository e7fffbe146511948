//! Compile: each valid manifest resolved and lowered by its kind, in parallel, with one
//! pack cache for the run (each code folder is packed once, however many manifests
//! share it). Offline: nothing is uploaded or sent.

use std::collections::HashMap;

use crate::discover::base_dir;
use crate::kinds::{CompileContext, CompileError, Compiled};
use crate::package::PackCache;
use crate::parallel;

use super::validate::Valid;

/// What a run compiles with besides the manifests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `--region` (or the AWS config chain's), for manifests without `region`.
    pub region: Option<String>,
    /// `--account-id`, for the default bucket `sagemaker-<region>-<account>`.
    pub account_id: Option<String>,
}

/// Asks for the account id of a region when a manifest needs the default bucket (plan and
/// apply ask STS; compile has only `--account-id`). Called at most once per region.
pub type AccountLookup<'a> = &'a mut dyn FnMut(&str) -> Result<String, String>;

/// Compiles `manifests` [`parallel::BATCH`] at a time, handing each outcome to `each` in
/// order as its batch finishes, so only one batch's results are alive at once.
/// With `account`, a manifest that needs the account id is compiled again with it.
pub fn compile_each(
    manifests: &[Valid],
    settings: &Settings,
    mut account: Option<AccountLookup<'_>>,
    mut each: impl FnMut(&Valid, Result<Compiled, CompileError>),
) {
    let packs = PackCache::default();
    let mut accounts: HashMap<String, Result<String, String>> = HashMap::new();
    for batch in manifests.chunks(parallel::BATCH) {
        let outcomes =
            parallel::map(batch, |valid| compile_one(valid, settings, settings.account_id.as_deref(), &packs));
        for (valid, outcome) in batch.iter().zip(outcomes) {
            let outcome = match (outcome, account.as_mut()) {
                (Err(CompileError::MissingAccount { region }), Some(lookup)) => {
                    match accounts.entry(region.clone()).or_insert_with(|| lookup(&region)) {
                        Ok(account_id) => compile_one(valid, settings, Some(account_id), &packs),
                        Err(message) => {
                            Err(CompileError::Io(format!("the default bucket needs the account id: {message}")))
                        }
                    }
                }
                (outcome, _) => outcome,
            };
            each(valid, outcome);
        }
    }
}

fn compile_one(
    valid: &Valid,
    settings: &Settings,
    account_id: Option<&str>,
    packs: &PackCache,
) -> Result<Compiled, CompileError> {
    let context = CompileContext {
        base_dir: base_dir(&valid.path),
        region: settings.region.as_deref(),
        account_id,
        packs,
        references: &valid.references,
    };
    let mut compiled = valid.kind.compile(&valid.manifest, &context)?;
    for job in &mut compiled.jobs {
        job.manifest.clone_from(&valid.display);
    }
    for deployment in &mut compiled.deployments {
        deployment.manifest.clone_from(&valid.display);
    }
    Ok(compiled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Registry;
    use crate::kinds::probe::Probe;
    use crate::ops::validate::run;

    #[test]
    fn every_kind_compiles_through_its_registry_entry() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("p.yaml"), "apiVersion: sagespec/v1\nkind: Probe\nname: hello\n")
            .expect("write");
        let registry = Registry::with(&[&Probe]);
        let validated = run(&registry, &[dir.path().to_path_buf()], true, |_| {}).expect("walks");
        let mut compiled = Vec::new();
        compile_each(&validated.manifests, &Settings::default(), None, |valid, outcome| {
            compiled.push((valid.display.clone(), outcome.expect("compiles")));
        });
        assert_eq!(compiled.len(), 1);
        assert_eq!(compiled[0].1.name, "hello");
        assert_eq!(compiled[0].1.requests[0].operation, "Probe");
        assert_eq!(compiled[0].1.requests[0].body, serde_json::json!({"Name": "hello", "After": null}));
    }

    #[test]
    fn the_account_is_asked_once_per_region_and_only_when_needed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("code")).expect("mkdir");
        std::fs::write(dir.path().join("code/train.py"), "print('hi')\n").expect("write");
        for (i, output) in ["", "output_path: s3://b/out/\n", ""].iter().enumerate() {
            let text = format!(
                "apiVersion: sagespec/v1\nkind: TrainingJob\nname: j{i}\nregion: us-west-2\nframework: pytorch\n\
                 framework_version: \"2.2.0\"\npy_version: py310\nentry_point: train.py\nsource_dir: code\n\
                 role: arn:aws:iam::111122223333:role/R\ninstance_type: ml.m5.xlarge\ninstance_count: 1\n{output}"
            );
            std::fs::write(dir.path().join(format!("j{i}.yaml")), text).expect("write");
        }
        let validated = crate::ops::validate::validate_paths(&[dir.path().to_path_buf()]).expect("walks");
        assert!(!validated.has_errors, "{:?}", validated.reports);
        let mut asked = Vec::new();
        let mut lookup = |region: &str| {
            asked.push(region.to_owned());
            Ok("111122223333".to_owned())
        };
        let mut buckets = Vec::new();
        compile_each(&validated.manifests, &Settings::default(), Some(&mut lookup), |_, outcome| {
            buckets.push(outcome.expect("compiles").jobs[0].default_bucket.clone());
        });
        assert_eq!(asked, vec!["us-west-2".to_owned()]);
        let default = Some("sagemaker-us-west-2-111122223333".to_owned());
        assert_eq!(buckets, vec![default.clone(), None, default]);
    }
}
