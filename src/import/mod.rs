//! `sagespec import`: an existing training job's `CreateTrainingJob` request → a
//! `TrainingJob` manifest that compiles back to the same request (issue 16, item 3;
//! `design/manifest.md` §1 and §8).
//!
//! Pure, like `crate::lower`: a request in (as JSON, the shape `sagespec compile` prints;
//! `crate::aws` rebuilds it from DescribeTrainingJob and ListTags), a manifest out. Three
//! steps:
//!
//! 1. **Map** ([`draft`]): every member of the request goes to a manifest key, through
//!    the table in [`fields`] and the inverses in [`hyperparameters`] (the SDK's encoding,
//!    its reserved keys, `distribution`) and [`image`] (framework, version, Python). The
//!    job keeps its exact name as `job_name`; `source_dir` is the code tarball's `s3://`
//!    URI (`sagemaker_submit_directory`, or the `code` channel under network isolation).
//!    A member no key expresses is an [`ImportError`] naming it; nothing is dropped.
//! 2. **Verify** ([`verify`]): the manifest is written as YAML, read back, checked and
//!    compiled by the same code as `sagespec compile`; the request must equal the job's
//!    (maps compared as maps, debugger collections as a set, as the conformance suite
//!    does). A difference is an error listing the fields.
//! 3. **Trim**: each key of [`fields::DEFAULTED`] is left out when the request stays the
//!    same without it, so the manifest only says what differs from the SDK's defaults.
//!
//! With `--code`, `crate::ops::import` downloads the tarball and [`with_local_code`] points
//! `source_dir` at it; then only the content-addressed fields may differ
//! (`sagemaker_submit_directory`, the `code` channel's `S3Uri`).

pub mod fields;
pub mod hyperparameters;
pub mod image;
pub mod rules;
pub mod verify;

use serde_json::{Map, Value as Json};

use crate::facts::channels::CODE_CHANNEL;
use crate::lower::hyperparameters::NETWORK_ISOLATION_SUBMIT_DIRECTORY;
use crate::spec::Framework;

use fields::{KEY_ORDER, PENDING, SIMPLE, api_defaults, field_name};

/// The tag prefix AWS reserves for its own tags; no request can set one, so they are not
/// part of the job's request (a note says which were left out).
pub const AWS_TAG_PREFIX: &str = "aws:";

/// Why a job could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Request members with no manifest key.
    #[error("{}", no_key_message(.0))]
    NoKey(Vec<(String, Option<&'static str>)>),
    /// A member whose value no manifest gives.
    #[error("field {field} cannot be expressed: {why}")]
    Unexpressible {
        /// The field, as the API names it (`HyperParameters.epochs`).
        field: String,
        /// Why.
        why: String,
    },
    /// The manifest does not compile back to the job's request.
    #[error("the imported manifest compiles to another request: {}", .0.join("; "))]
    Mismatch(Vec<String>),
    /// The manifest does not compile at all.
    #[error("the imported manifest does not compile: {0}")]
    Compile(String),
}

impl ImportError {
    /// [`ImportError::Unexpressible`].
    pub fn unexpressible(field: &str, why: impl Into<String>) -> Self {
        Self::Unexpressible { field: field.to_owned(), why: why.into() }
    }
}

fn no_key_message(fields: &[(String, Option<&'static str>)]) -> String {
    let named: Vec<String> = fields
        .iter()
        .map(|(field, planned)| match planned {
            Some(key) => format!("{field} (planned key: {key})"),
            None => field.clone(),
        })
        .collect();
    match named.as_slice() {
        [one] => format!("field {one} has no manifest key"),
        many => format!("fields {} have no manifest key", many.join(", ")),
    }
}

/// An imported job.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The job name (the manifest's `job_name`).
    pub job_name: String,
    /// The region (the manifest's `region`).
    pub region: String,
    /// The manifest, keys in [`fields::KEY_ORDER`].
    pub manifest: Map<String, Json>,
    /// The manifest as written (YAML, with a header comment).
    pub yaml: String,
    /// The request it compiles to, which equals the job's.
    pub request: Json,
    /// The code tarball's `s3://` URI (the manifest's `source_dir`).
    pub tarball: String,
    /// What the user should know (tags left out, …).
    pub notes: Vec<String>,
    /// Error findings `sagespec validate` reports for the manifest (`code: message`); the
    /// request matched, but a rule objects.
    pub findings: Vec<String>,
}

/// Imports one job: `request` is its `CreateTrainingJob` body as JSON, `region` where it
/// runs.
pub fn import(request: &Json, region: &str) -> Result<Imported, ImportError> {
    let (target, notes) = normalise(request);
    let Draft { job_name, manifest, tarball } = draft(&target, region)?;
    let settled = verify::settle(manifest, &target, &header(&job_name, region))?;
    Ok(Imported {
        job_name,
        region: region.to_owned(),
        manifest: settled.manifest,
        yaml: settled.yaml,
        request: settled.request,
        tarball,
        notes,
        findings: settled.findings,
    })
}

/// The manifest of `imported` with `source_dir` set to `source_dir` (a local folder,
/// relative to `base_dir`, the manifest's folder): its YAML and the error findings of
/// `validate`. It must compile to the job's request up to the content-addressed fields.
pub fn with_local_code(
    imported: &Imported,
    source_dir: &str,
    base_dir: &std::path::Path,
) -> Result<(String, Vec<String>), ImportError> {
    let mut manifest = imported.manifest.clone();
    manifest.insert("source_dir".into(), Json::String(source_dir.to_owned()));
    let manifest = ordered(manifest);
    let yaml = verify::emit(&manifest, &header(&imported.job_name, &imported.region))?;
    let compiled = verify::compile_text(&yaml, base_dir)?;
    let differences =
        verify::differences(&verify::without_code_key(&imported.request), &verify::without_code_key(&compiled.request));
    if !differences.is_empty() {
        return Err(ImportError::Mismatch(differences));
    }
    Ok((yaml, compiled.findings))
}

fn header(job_name: &str, region: &str) -> String {
    format!(
        "# Imported by `sagespec import` from training job {job_name} ({region}).\n\
         # `sagespec compile` gives back the job's CreateTrainingJob request.\n"
    )
}

/// The request as a manifest can give it: members DescribeTrainingJob fills in with the
/// API's defaults dropped ([`fields::api_defaults`]), and AWS's own tags left out (with a
/// note).
pub fn normalise(request: &Json) -> (Json, Vec<String>) {
    let mut target = request.clone();
    let mut notes = Vec::new();
    for (pointer, default) in api_defaults() {
        if target.pointer(pointer) == Some(&default) {
            remove(&mut target, pointer);
        }
    }
    if let Some(Json::Array(tags)) = target.get_mut("Tags") {
        tags.retain(|tag| {
            let key = tag.get("Key").and_then(Json::as_str).unwrap_or_default();
            let system = key.starts_with(AWS_TAG_PREFIX);
            if system {
                notes.push(format!("tag {key} left out: AWS sets `{AWS_TAG_PREFIX}` tags itself"));
            }
            !system
        });
        if tags.is_empty() {
            remove(&mut target, "/Tags");
        }
    }
    (target, notes)
}

/// A mapped manifest, before verification.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// `TrainingJobName`.
    pub job_name: String,
    /// The manifest, keys in [`fields::KEY_ORDER`].
    pub manifest: Map<String, Json>,
    /// The code tarball's `s3://` URI.
    pub tarball: String,
}

/// Maps every member of `request` to manifest keys (step 1 of the module docs).
pub fn draft(request: &Json, region: &str) -> Result<Draft, ImportError> {
    let mut rest = request.clone();
    let mut m = Map::new();
    m.insert("apiVersion".into(), Json::String("sagespec/v1".into()));
    m.insert("kind".into(), Json::String("TrainingJob".into()));
    let Some(Json::String(job_name)) = take(&mut rest, "/TrainingJobName") else {
        return Err(ImportError::unexpressible("TrainingJobName", "the request has no job name"));
    };
    m.insert("job_name".into(), Json::String(job_name.clone()));
    m.insert("region".into(), Json::String(region.to_owned()));
    for (from, to) in SIMPLE {
        if let Some(value) = take(&mut rest, from) {
            put(&mut m, to, value);
        }
    }
    output_compression(&mut rest, &mut m)?;
    instance_groups(&mut rest, &mut m);
    tags(&mut rest, &mut m)?;
    metric_definitions(&mut rest, &mut m);
    debug_hook(&mut rest, &mut m);
    profiler(&mut rest, &mut m)?;
    placement(&mut rest, &mut m);
    rules::rules(&mut rest, &mut m, region, &job_name)?;
    let isolated = m.get("enable_network_isolation") == Some(&Json::Bool(true));
    let code_channel = inputs(&mut rest, &mut m, isolated)?;

    let hyperparameters = match take(&mut rest, "/HyperParameters") {
        Some(Json::Object(map)) => map,
        _ => Map::new(),
    };
    let recovered = hyperparameters::recover(&hyperparameters, &job_name, region)?;
    let program = recovered.program.ok_or_else(|| {
        ImportError::unexpressible(
            "HyperParameters.sagemaker_program",
            "absent: the job is not a script-mode framework job, and a manifest always has an entry_point",
        )
    })?;
    let tarball = match (recovered.submit_directory, code_channel) {
        (Some(dir), Some(channel)) if dir == NETWORK_ISOLATION_SUBMIT_DIRECTORY => channel,
        (Some(dir), None) if dir != NETWORK_ISOLATION_SUBMIT_DIRECTORY => dir,
        (Some(dir), _) => {
            return Err(ImportError::unexpressible(
                "HyperParameters.sagemaker_submit_directory",
                format!("{dir:?} does not go with the job's code channel and network isolation"),
            ));
        }
        (None, _) => {
            return Err(ImportError::unexpressible(
                "HyperParameters.sagemaker_submit_directory",
                "absent: a manifest always ships its code",
            ));
        }
    };
    m.insert("entry_point".into(), Json::String(program));
    m.insert("source_dir".into(), Json::String(tarball.clone()));
    if let Some(level) = recovered.container_log_level {
        m.insert("container_log_level".into(), level);
    }
    if !recovered.distribution.is_empty() {
        m.insert("distribution".into(), Json::Object(recovered.distribution));
    }
    let mut user = recovered.user;

    let Some(Json::String(uri)) = take(&mut rest, "/AlgorithmSpecification/TrainingImage") else {
        return Err(ImportError::unexpressible("AlgorithmSpecification.TrainingImage", "absent"));
    };
    let framework = match image::recover(&uri, &m, user.contains_key("model_dir")) {
        image::Recovered::Framework { framework, version, py_version } => {
            m.insert("framework".into(), Json::String(framework.as_str().into()));
            m.insert("framework_version".into(), Json::String(version));
            if let Some(py) = py_version {
                m.insert("py_version".into(), Json::String(py));
            }
            framework
        }
        image::Recovered::Custom { framework } => {
            m.insert("framework".into(), Json::String(framework.as_str().into()));
            m.insert("image_uri".into(), Json::String(uri));
            framework
        }
    };
    if framework == Framework::Tensorflow {
        let model_dir = user.shift_remove("model_dir").unwrap_or(Json::Bool(false));
        m.insert("model_dir".into(), model_dir);
    }
    if !user.is_empty() {
        m.insert("hyperparameters".into(), Json::Object(user.into_iter().collect()));
    }
    leftovers(&rest)?;
    Ok(Draft { job_name, manifest: ordered(m), tarball })
}

/// `ResourceConfig.InstancePlacementConfig.PlacementSpecifications` → the manifest's
/// snake-case list (its `EnableMultipleJobs` is a [`SIMPLE`] row).
fn placement(rest: &mut Json, m: &mut Map<String, Json>) {
    let pointer = "/ResourceConfig/InstancePlacementConfig/PlacementSpecifications";
    let count = array_len(rest, pointer);
    let mut specifications = Vec::new();
    for i in 0..count {
        let mut specification = Map::new();
        for (from, to) in [("UltraServerId", "ultra_server_id"), ("InstanceCount", "instance_count")] {
            if let Some(value) = take(rest, &format!("{pointer}/{i}/{from}")) {
                specification.insert(to.into(), value);
            }
        }
        specifications.push(Json::Object(specification));
    }
    if rest.pointer(pointer).is_some() {
        take(rest, pointer);
        put(m, "/instance_placement_config/placement_specifications", Json::Array(specifications));
    }
}

/// `OutputDataConfig.CompressionType`: `NONE` is `disable_output_compression: true`; the
/// SDK never sends another value.
fn output_compression(rest: &mut Json, m: &mut Map<String, Json>) -> Result<(), ImportError> {
    match take(rest, "/OutputDataConfig/CompressionType") {
        None => Ok(()),
        Some(Json::String(text)) if text == "NONE" => {
            m.insert("disable_output_compression".into(), Json::Bool(true));
            Ok(())
        }
        Some(other) => Err(ImportError::unexpressible(
            "OutputDataConfig.CompressionType",
            format!("{other}: a manifest sends only NONE (disable_output_compression: true)"),
        )),
    }
}

fn instance_groups(rest: &mut Json, m: &mut Map<String, Json>) {
    let count = array_len(rest, "/ResourceConfig/InstanceGroups");
    if count == 0 {
        take(rest, "/ResourceConfig/InstanceGroups");
        return;
    }
    let mut groups = Vec::new();
    for i in 0..count {
        let base = format!("/ResourceConfig/InstanceGroups/{i}");
        let mut group = Map::new();
        for (from, to) in [
            ("InstanceGroupName", "instance_group_name"),
            ("InstanceType", "instance_type"),
            ("InstanceCount", "instance_count"),
        ] {
            if let Some(value) = take(rest, &format!("{base}/{from}")) {
                group.insert(to.into(), value);
            }
        }
        groups.push(Json::Object(group));
    }
    m.insert("instance_groups".into(), Json::Array(groups));
}

fn tags(rest: &mut Json, m: &mut Map<String, Json>) -> Result<(), ImportError> {
    let count = array_len(rest, "/Tags");
    let mut tags = Map::new();
    for i in 0..count {
        let key = take(rest, &format!("/Tags/{i}/Key"));
        let value = take(rest, &format!("/Tags/{i}/Value"));
        match (key, value) {
            (Some(Json::String(key)), Some(value)) => {
                if tags.contains_key(&key) {
                    return Err(ImportError::unexpressible(
                        &format!("Tags[{i}]"),
                        format!("a second tag {key:?}; `tags` is a map"),
                    ));
                }
                tags.insert(key, value);
            }
            _ => return Err(ImportError::unexpressible(&format!("Tags[{i}]"), "a tag without a key or a value")),
        }
    }
    if count > 0 {
        m.insert("tags".into(), Json::Object(tags));
    }
    Ok(())
}

fn metric_definitions(rest: &mut Json, m: &mut Map<String, Json>) {
    let pointer = "/AlgorithmSpecification/MetricDefinitions";
    let count = array_len(rest, pointer);
    if count == 0 {
        if let Some(empty) = take(rest, pointer) {
            m.insert("metric_definitions".into(), empty);
        }
        return;
    }
    let metrics = (0..count)
        .map(|i| {
            let mut metric = Map::new();
            for (from, to) in [("Name", "name"), ("Regex", "regex")] {
                if let Some(value) = take(rest, &format!("{pointer}/{i}/{from}")) {
                    metric.insert(to.into(), value);
                }
            }
            Json::Object(metric)
        })
        .collect();
    m.insert("metric_definitions".into(), Json::Array(metrics));
}

/// `DebugHookConfig`: absent is `debugger_hook_config: false`.
fn debug_hook(rest: &mut Json, m: &mut Map<String, Json>) {
    if rest.pointer("/DebugHookConfig").is_none() {
        m.insert("debugger_hook_config".into(), Json::Bool(false));
        return;
    }
    let mut hook = Map::new();
    for (from, to) in [
        ("S3OutputPath", "s3_output_path"),
        ("LocalPath", "container_local_output_path"),
        ("HookParameters", "hook_parameters"),
    ] {
        if let Some(value) = take(rest, &format!("/DebugHookConfig/{from}")) {
            hook.insert(to.into(), value);
        }
    }
    let pointer = "/DebugHookConfig/CollectionConfigurations";
    let count = array_len(rest, pointer);
    let mut collections = Vec::new();
    for i in 0..count {
        let mut collection = Map::new();
        for (from, to) in [("CollectionName", "name"), ("CollectionParameters", "parameters")] {
            if let Some(value) = take(rest, &format!("{pointer}/{i}/{from}")) {
                collection.insert(to.into(), value);
            }
        }
        collections.push(Json::Object(collection));
    }
    if count == 0 {
        take(rest, pointer);
    }
    if !collections.is_empty() {
        hook.insert("collection_configs".into(), Json::Array(collections));
    }
    m.insert("debugger_hook_config".into(), Json::Object(hook));
}

/// `ProfilerConfig`: sagespec always sends one, as the SDK does.
fn profiler(rest: &mut Json, m: &mut Map<String, Json>) -> Result<(), ImportError> {
    if rest.pointer("/ProfilerConfig").is_none() {
        return Err(ImportError::unexpressible(
            "ProfilerConfig",
            "absent: the SDK, and so a manifest, always sends one (disable_profiler: true sends {DisableProfiler: true})",
        ));
    }
    let disabled = take(rest, "/ProfilerConfig/DisableProfiler");
    let s3 = take(rest, "/ProfilerConfig/S3OutputPath");
    let interval = take(rest, "/ProfilerConfig/ProfilingIntervalInMilliseconds");
    if disabled == Some(Json::Bool(true)) && s3.is_none() && interval.is_none() {
        m.insert("disable_profiler".into(), Json::Bool(true));
        return Ok(());
    }
    let mut config = Map::new();
    for (key, value) in
        [("s3_output_path", s3), ("system_monitor_interval_millis", interval), ("disable_profiler", disabled)]
    {
        if let Some(value) = value {
            config.insert(key.into(), value);
        }
    }
    m.insert("profiler_config".into(), Json::Object(config));
    Ok(())
}

/// `InputDataConfig` → `inputs` (a map, in the channels' order). Under network isolation
/// the `code` channel carries the code; its URI is returned, not made a channel.
fn inputs(rest: &mut Json, m: &mut Map<String, Json>, isolated: bool) -> Result<Option<String>, ImportError> {
    let count = array_len(rest, "/InputDataConfig");
    let mut channels = Map::new();
    let mut code = None;
    for i in 0..count {
        let base = format!("/InputDataConfig/{i}");
        let Some(Json::String(name)) = take(rest, &format!("{base}/ChannelName")) else {
            return Err(ImportError::unexpressible(&format!("InputDataConfig[{i}]"), "a channel without a name"));
        };
        if isolated && name == CODE_CHANNEL && code.is_none() {
            code = Some(code_channel(rest, &base)?);
            continue;
        }
        let channel = channel(rest, &base)?;
        if channels.insert(name.clone(), channel).is_some() {
            return Err(ImportError::unexpressible(
                &format!("InputDataConfig[{i}]"),
                format!("a second channel {name:?}; `inputs` is a map"),
            ));
        }
    }
    if count == 0 {
        take(rest, "/InputDataConfig");
    }
    if !channels.is_empty() {
        m.insert("inputs".into(), Json::Object(channels));
    }
    Ok(code)
}

/// The code channel: a plain S3 channel (`S3Prefix`, `FullyReplicated`), as lowering adds it.
fn code_channel(rest: &mut Json, base: &str) -> Result<String, ImportError> {
    let s3 = format!("{base}/DataSource/S3DataSource");
    let plain = rest.pointer(&format!("{s3}/S3DataType")) == Some(&Json::String("S3Prefix".into()))
        && rest.pointer(&format!("{s3}/S3DataDistributionType")) == Some(&Json::String("FullyReplicated".into()));
    match (plain, take(rest, &format!("{s3}/S3Uri"))) {
        (true, Some(Json::String(uri))) => {
            take(rest, &format!("{s3}/S3DataType"));
            take(rest, &format!("{s3}/S3DataDistributionType"));
            Ok(uri)
        }
        _ => Err(ImportError::unexpressible(
            &field_name(base),
            "the code channel of network isolation is not the plain S3 channel sagespec sends",
        )),
    }
}

fn channel(rest: &mut Json, base: &str) -> Result<Json, ImportError> {
    let mut out = Map::new();
    let s3 = format!("{base}/DataSource/S3DataSource");
    let fs = format!("{base}/DataSource/FileSystemDataSource");
    if rest.pointer(&s3).is_some() {
        for (from, to) in [
            ("S3Uri", "s3_data"),
            ("S3DataType", "s3_data_type"),
            ("S3DataDistributionType", "distribution"),
            ("AttributeNames", "attribute_names"),
            ("InstanceGroupNames", "instance_groups"),
        ] {
            if let Some(value) = take(rest, &format!("{s3}/{from}")) {
                out.insert(to.into(), value);
            }
        }
        if !out.contains_key("distribution") {
            return Err(ImportError::unexpressible(
                &field_name(&format!("{s3}/S3DataDistributionType")),
                "absent: only a TrainingInput with a target_attribute_name leaves it out, and the request does not keep that name",
            ));
        }
    } else if rest.pointer(&fs).is_some() {
        for (from, to) in [
            ("FileSystemId", "file_system_id"),
            ("FileSystemType", "file_system_type"),
            ("DirectoryPath", "directory_path"),
            ("FileSystemAccessMode", "file_system_access_mode"),
        ] {
            if let Some(value) = take(rest, &format!("{fs}/{from}")) {
                out.insert(to.into(), value);
            }
        }
    }
    for (from, to) in [
        ("ContentType", "content_type"),
        ("CompressionType", "compression"),
        ("RecordWrapperType", "record_wrapping"),
        ("InputMode", "input_mode"),
    ] {
        if let Some(value) = take(rest, &format!("{base}/{from}")) {
            out.insert(to.into(), value);
        }
    }
    if let Some(seed) = take(rest, &format!("{base}/ShuffleConfig/Seed")) {
        out.insert("shuffle_config".into(), Json::Object(Map::from_iter([("seed".to_owned(), seed)])));
    }
    // A channel with only the SDK's defaults is written as its URI.
    let plain = out.len() == 3
        && out.get("s3_data_type") == Some(&Json::String("S3Prefix".into()))
        && out.get("distribution") == Some(&Json::String("FullyReplicated".into()));
    Ok(match out.get("s3_data") {
        Some(uri) if plain => uri.clone(),
        _ => Json::Object(out),
    })
}

/// Fails with every member left in `rest` (what no step took), naming the planned key of
/// the [`PENDING`] ones.
fn leftovers(rest: &Json) -> Result<(), ImportError> {
    let mut found = Vec::new();
    collect_leaves(rest, "", &mut found);
    if found.is_empty() {
        return Ok(());
    }
    let mut named: Vec<(String, Option<&'static str>)> = Vec::new();
    for pointer in found {
        let pending =
            PENDING.iter().find(|(prefix, _)| pointer == *prefix || pointer.starts_with(&format!("{prefix}/")));
        let entry = match pending {
            Some((prefix, key)) => (field_name(prefix), Some(*key)),
            None => (field_name(&pointer), None),
        };
        if !named.contains(&entry) {
            named.push(entry);
        }
    }
    Err(ImportError::NoKey(named))
}

/// The pointers of the values under `value` that are not empty objects: scalars, arrays
/// of scalars, empty arrays (an array of objects is walked).
fn collect_leaves(value: &Json, pointer: &str, out: &mut Vec<String>) {
    match value {
        Json::Object(map) => {
            for (key, item) in map {
                let token = key.replace('~', "~0").replace('/', "~1");
                collect_leaves(item, &format!("{pointer}/{token}"), out);
            }
        }
        Json::Array(items) if !items.is_empty() && items.iter().all(Json::is_object) => {
            for (i, item) in items.iter().enumerate() {
                collect_leaves(item, &format!("{pointer}/{i}"), out);
            }
        }
        _ => out.push(pointer.to_owned()),
    }
}

/// The manifest's keys in [`KEY_ORDER`], unknown ones last.
pub fn ordered(mut m: Map<String, Json>) -> Map<String, Json> {
    let mut out = Map::new();
    for key in KEY_ORDER {
        if let Some(value) = m.shift_remove(*key) {
            out.insert((*key).to_owned(), value);
        }
    }
    out.extend(m);
    out
}

fn array_len(value: &Json, pointer: &str) -> usize {
    value.pointer(pointer).and_then(Json::as_array).map_or(0, Vec::len)
}

/// Removes and returns the member at `pointer` (an object member; array items stay, so
/// indices keep their meaning).
pub fn take(value: &mut Json, pointer: &str) -> Option<Json> {
    let (parent, key) = pointer.rsplit_once('/')?;
    let key = key.replace("~1", "/").replace("~0", "~");
    value.pointer_mut(parent)?.as_object_mut()?.shift_remove(&key)
}

/// [`take`], dropping the value.
pub fn remove(value: &mut Json, pointer: &str) {
    take(value, pointer);
}

/// Sets `pointer` (object members only) in `m`, making the objects on the way.
fn put(m: &mut Map<String, Json>, pointer: &str, value: Json) {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let Some((last, path)) = tokens.split_last() else { return };
    let mut here = m;
    for token in path {
        let entry = here.entry((*token).to_owned()).or_insert_with(|| Json::Object(Map::new()));
        if !entry.is_object() {
            *entry = Json::Object(Map::new());
        }
        let Json::Object(next) = entry else { return };
        here = next;
    }
    here.insert((*last).to_owned(), value);
}

#[cfg(test)]
mod tests;
