//! Codes of the findings raised while reading and schema-checking a manifest, each with
//! its docs ([`SOURCE`], [`SCHEMA`]). Rule codes live beside their rules
//! (`crate::rules`); [`super::registry`] lists them all. Codes are stable: once
//! published, a code keeps its meaning.

use super::{CodeDocs, Docs, Severity};

/// The file could not be read (I/O, not UTF-8).
pub const SOURCE_UNREADABLE: &str = "sagespec::source::unreadable";
/// The text is not valid YAML or TOML.
pub const SOURCE_SYNTAX: &str = "sagespec::source::syntax";
/// A mapping repeats a key.
pub const SOURCE_DUPLICATE_KEY: &str = "sagespec::source::duplicate-key";
/// The file is larger than the size limit.
pub const SOURCE_TOO_LARGE: &str = "sagespec::source::too-large";
/// Nesting, node count or alias expansion went over a limit.
pub const SOURCE_LIMIT: &str = "sagespec::source::limit-exceeded";
/// A YAML tag other than the standard ones (`!!python/object`, …).
pub const SOURCE_UNSUPPORTED_TAG: &str = "sagespec::source::unsupported-tag";
/// A YAML file holds more than one document.
pub const SOURCE_MULTIPLE_DOCUMENTS: &str = "sagespec::source::multiple-documents";

/// A key the manifest format does not have.
pub const SCHEMA_UNKNOWN_KEY: &str = "sagespec::schema::unknown-key";
/// A required key is missing.
pub const SCHEMA_MISSING_KEY: &str = "sagespec::schema::missing-key";
/// A value has the wrong type.
pub const SCHEMA_INVALID_TYPE: &str = "sagespec::schema::invalid-type";
/// A value is not one of the allowed values.
pub const SCHEMA_INVALID_VALUE: &str = "sagespec::schema::invalid-value";
/// A string does not match the API's pattern.
pub const SCHEMA_INVALID_FORMAT: &str = "sagespec::schema::invalid-format";
/// A number is outside the API's range.
pub const SCHEMA_OUT_OF_RANGE: &str = "sagespec::schema::out-of-range";
/// A string, list or map is too long or too short.
pub const SCHEMA_INVALID_LENGTH: &str = "sagespec::schema::invalid-length";

/// A manifest names another manifest file that does not exist.
pub const REFERENCE_MISSING_FILE: &str = "sagespec::reference::missing-file";
/// A manifest names a file that is not a manifest of a kind the key accepts.
pub const REFERENCE_WRONG_KIND: &str = "sagespec::reference::wrong-kind";
/// Manifests name each other in a cycle.
pub const REFERENCE_CYCLE: &str = "sagespec::reference::cycle";
/// A manifest names a manifest that has errors of its own.
pub const REFERENCE_INVALID_TARGET: &str = "sagespec::reference::invalid-target";

/// The codes raised while reading a file (`crate::check`, `crate::source`), in the order
/// reading meets them.
pub const SOURCE: &[CodeDocs] = &[
    CodeDocs {
        code: SOURCE_UNREADABLE,
        summary: "the file cannot be read",
        severity: Severity::Error,
        docs: Docs {
            what: "a manifest named on the command line that cannot be read: it cannot be opened (no permission), \
                   it is not a regular file (a FIFO or a device, which could block forever), or reading it fails. \
                   Files found by walking a folder that cannot be read are skipped instead.",
            why: "nothing about the job can be checked. `validate` and `compile` exit with 2 (a usage or I/O \
                  failure), not 1, so CI tells a broken checkout from a broken manifest.",
            example: r"```console
$ chmod 000 bert.yaml
$ sagespec validate bert.yaml     # error: cannot read bert.yaml: Permission denied (os error 13)
```",
        },
    },
    CodeDocs {
        code: SOURCE_TOO_LARGE,
        summary: "the file is over 1 MiB",
        severity: Severity::Error,
        docs: Docs {
            what: "a manifest larger than 1 MiB (1,048,576 bytes). The size is checked before the file is parsed, \
                   and at most one byte past the limit is read.",
            why: "a training-job manifest is a few kilobytes, so a bigger file is the wrong file (a data set, a log) \
                  or hostile input. The cap keeps every run fast and its memory bounded.",
            example: r"```console
$ sagespec validate train.yaml    # error: file is 5242880 bytes; manifests are limited to 1048576 bytes
```",
        },
    },
    CodeDocs {
        code: SOURCE_SYNTAX,
        summary: "the text is not valid YAML or TOML (or not UTF-8)",
        severity: Severity::Error,
        docs: Docs {
            what: "text the YAML or TOML parser rejects (the syntax follows the file's extension: `.toml` is TOML, \
                   anything else YAML), or a file that is not valid UTF-8. The finding carries the parser's message \
                   at the position where it stopped.",
            why: "nothing else can be checked until the file parses, so this is the only finding for the file.",
            example: r"```yaml
tags: {team: nlp, project: bert     # error: the `{` is never closed
instance_type: ml.p3.2xlarge
```",
        },
    },
    CodeDocs {
        code: SOURCE_DUPLICATE_KEY,
        summary: "a mapping repeats a key (reported at its second occurrence)",
        severity: Severity::Error,
        docs: Docs {
            what: "a key written twice in the same mapping (a YAML mapping, a TOML table), or a TOML table defined \
                   twice. The finding points at the second occurrence.",
            why: "YAML requires the keys of a mapping to be unique and TOML forbids defining a key twice, yet many \
                  YAML readers keep one of the two values without a word (PyYAML keeps the last). Which value the \
                  job gets would depend on the reader, and an editor may show the other one.",
            example: r"```yaml
instance_type: ml.p3.2xlarge
instance_count: 2
instance_type: ml.p4d.24xlarge     # error: duplicate key `instance_type`
```",
        },
    },
    CodeDocs {
        code: SOURCE_LIMIT,
        summary: "nesting, value count or alias expansion over a limit",
        severity: Severity::Error,
        docs: Docs {
            what: "a file over one of the reading limits: nesting deeper than 32 levels, more than 10,000 values, or \
                   YAML aliases that expand to more than 10,000 values (or nest more than 16 deep).",
            why: "the limits are far above what any manifest needs and stop hostile input (an alias bomb, thousands \
                  of levels of nesting) in milliseconds, before it takes memory or time.",
            example: r"```yaml
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]     # error: alias expansion over the limit
```",
        },
    },
    CodeDocs {
        code: SOURCE_UNSUPPORTED_TAG,
        summary: "a YAML tag such as `!!python/object` (manifests are plain data)",
        severity: Severity::Error,
        docs: Docs {
            what: "a YAML tag outside YAML's standard ones: a language tag such as `!!python/object/apply`, or an \
                   application tag such as CloudFormation's `!Ref`. The finding points at the tag.",
            why: "a manifest is plain data. A tag asks the reader to construct something (PyYAML's unsafe loader runs \
                  code for `!!python/object/apply`); sagespec never constructs anything from a tag, and ignoring it \
                  would read a value other than the one the author meant.",
            example: r"```yaml
role: !Ref TrainingRoleArn        # error: unsupported YAML tag `!Ref`
```",
        },
    },
    CodeDocs {
        code: SOURCE_MULTIPLE_DOCUMENTS,
        summary: "a YAML file holds several documents (one job per file)",
        severity: Severity::Error,
        docs: Docs {
            what: "a YAML file with a second document (a `---` line after the first one's content). The finding \
                   points at where the second document starts.",
            why: "sagespec reads one job per file. Reading only the first document would silently drop the others.",
            example: r"```yaml
apiVersion: sagespec/v1
kind: TrainingJob
name: bert-base
---                                 # error: a second document starts here
apiVersion: sagespec/v1
kind: TrainingJob
name: bert-large
```
Move each job to its own file.",
        },
    },
];

/// The codes raised by checking a parsed manifest against the JSON Schema
/// (`crate::schema`, `schema/sagespec.schema.json`), from the most to the least telling.
pub const SCHEMA: &[CodeDocs] = &[
    CodeDocs {
        code: SCHEMA_UNKNOWN_KEY,
        summary: "a key the manifest does not have (with \"did you mean\")",
        severity: Severity::Error,
        docs: Docs {
            what: "a key the manifest format does not define, at the top level or in any mapping with known keys \
                   (an input channel, `distribution`, an instance group, …). The finding points at the key; its \
                   help names the closest known key, or lists the known ones. Free-form mappings \
                   (`hyperparameters`, `environment`, `tags`) take any key.",
            why: "an unknown key is almost always a typo, and dropping it would run the job with the very default \
                  the key was written to change.",
            example: r"```yaml
instance_type: ml.p3.2xlarge
instance_cout: 2                  # error: unknown key; did you mean `instance_count`?
```",
        },
    },
    CodeDocs {
        code: SCHEMA_MISSING_KEY,
        summary: "a required key is missing",
        severity: Severity::Error,
        docs: Docs {
            what: "a required key that is absent: `apiVersion`, `kind`, `framework`, `entry_point` and `role` at the \
                   top level, and the required keys of nested mappings (`s3_data` of an S3 input, `name` and \
                   `regex` of a metric definition, the name, type and count of an instance group, …). The finding \
                   points at the mapping that lacks the key; a key written without a value (`role:`) counts as \
                   missing and is pointed at. The help gives an example value when the schema has one.",
            why: "neither SageMaker nor the SDK has a default for these: a job without an execution role, a framework \
                  or an entry point cannot be created.",
            example: r"```yaml
apiVersion: sagespec/v1
kind: TrainingJob
framework: pytorch
entry_point: train.py               # error: missing required key `role` in the manifest
```",
        },
    },
    CodeDocs {
        code: SCHEMA_INVALID_TYPE,
        summary: "a value has the wrong type",
        severity: Severity::Error,
        docs: Docs {
            what: "a value of the wrong type: a string where a whole number is expected, a list where a mapping is, \
                   …; also a manifest that is not a mapping at all. Where a rule explains the same value better, \
                   its finding replaces this one (`sagespec::manifest::unquoted-version` for a version written as a \
                   number).",
            why: "CreateTrainingJob's fields are typed, and sagespec does not guess a conversion: `\"2\"` may be a \
                  quoting slip or a value meant for a string field.",
            example: r#"```yaml
instance_count: "2"               # error: `instance_count` must be a whole number, not a string
```"#,
        },
    },
    CodeDocs {
        code: SCHEMA_INVALID_VALUE,
        summary: "a value is not one of the allowed values (with \"did you mean\")",
        severity: Severity::Error,
        docs: Docs {
            what: "a value outside a fixed set: `apiVersion`, `kind`, `framework`, `region`, `instance_type`, \
                   `input_mode`, a distribution strategy's settings, …. The help names the closest allowed value, or \
                   lists them.",
            why: "SageMaker accepts only these values (the instance types are the ones CreateTrainingJob offers for \
                  training). The service would refuse the job with a `ValidationException` at `apply`, after the \
                  code was packaged and uploaded.",
            example: r"```yaml
instance_type: ml.p4d.24xl        # error: did you mean `ml.p4d.24xlarge`?
```",
        },
    },
    CodeDocs {
        code: SCHEMA_INVALID_FORMAT,
        summary: "a string does not match the API's pattern",
        severity: Severity::Error,
        docs: Docs {
            what: "a string that does not match the pattern the API gives it: job names, role ARNs, S3 URIs, KMS \
                   keys, versions, channel names, …; also a mapping key that breaks the pattern for its keys. The \
                   help shows a value that matches, or the pattern.",
            why: "CreateTrainingJob checks these patterns and refuses the request with a `ValidationException`; \
                  sagespec finds it before anything is uploaded.",
            example: r"```yaml
output_path: my-bucket/output     # error: write it like `s3://my-bucket/output`
```",
        },
    },
    CodeDocs {
        code: SCHEMA_OUT_OF_RANGE,
        summary: "a number is outside the API's range",
        severity: Severity::Error,
        docs: Docs {
            what: "a number below the API's minimum or above its maximum: `instance_count` and `volume_size` below \
                   1, `max_run` or `max_wait` over 2,419,200 seconds (28 days), `keep_alive_period_in_seconds` over \
                   21,600, `max_retry_attempts` over 30, ….",
            why: "CreateTrainingJob refuses a value outside its range with a `ValidationException`.",
            example: r"```yaml
max_run: 3000000                  # error: `max_run` must be at most 2419200, not 3000000
```",
        },
    },
    CodeDocs {
        code: SCHEMA_INVALID_LENGTH,
        summary: "a string, list or map is too long or too short",
        severity: Severity::Error,
        docs: Docs {
            what: "a string, list or mapping over or under the API's length limits: `job_name` over 63 characters \
                   (`name` over 50, leaving room for the suffix sagespec adds), more than 50 `tags`, more than 100 \
                   `environment` variables, more than 16 `subnets`, ….",
            why: "CreateTrainingJob refuses a request over its limits with a `ValidationException`.",
            example: r"```yaml
job_name: bert-large-uncased-whole-word-masking-finetuned-on-squad-v2-8x-p4d   # error: 66 characters, at most 63
```",
        },
    },
];

/// A TuningJob's `name` leaves no room for 8 hex digits in a 32-character job name.
pub const TUNING_NAME_TOO_LONG: &str = "sagespec::tuning::name-too-long";
/// A TuningJob has neither `name` nor `job_name`.
pub const TUNING_MISSING_NAME: &str = "sagespec::tuning::missing-name";

/// The codes a TuningJob's own check raises (`crate::kinds::tuning_job`).
pub const TUNING: &[CodeDocs] = &[
    CodeDocs {
        code: TUNING_MISSING_NAME,
        summary: "a tuning job has neither `name` nor `job_name`",
        severity: Severity::Error,
        docs: Docs {
            what: "a TuningJob manifest without `name` (the base of a content-addressed name) or `job_name` (an \
                   exact name).",
            why: "every tuning job needs a name, and sagespec never makes one up from a clock: the name is how \
                  `plan` and `apply` know whether the job exists already.",
            example: r"```yaml
kind: TuningJob
training_job: bert.yaml     # error: add `name: bert-hpo` or `job_name: …`
```",
        },
    },
    CodeDocs {
        code: TUNING_NAME_TOO_LONG,
        summary: "a tuning job's `name` leaves no room for its content hash",
        severity: Severity::Error,
        docs: Docs {
            what: "a TuningJob `name` longer than 23 characters: the job is named `<name>-<hex>`, a tuning job name \
                   has at most 32 characters, and the hash takes at least 8 hex digits.",
            why: "with fewer hex digits, two different tuning jobs could get the same name, and `apply` would take \
                  the second for the first. The API refuses names over 32 characters.",
            example: r"```yaml
name: bert-large-uncased-whole-word-hpo     # error: 35 characters; at most 23
```",
        },
    },
];

/// A Model has neither `name` nor `model_name`.
pub const MODEL_MISSING_NAME: &str = "sagespec::model::missing-name";
/// A Model's framework version, Python version or region has no inference image.
pub const MODEL_NO_INFERENCE_IMAGE: &str = "sagespec::model::no-inference-image";
/// A Model's `model_data` URI is not a `.tar.gz`.
pub const MODEL_ARTIFACT_NOT_A_TARBALL: &str = "sagespec::model::artifact-not-a-tarball";
/// A Model has inference code and uncompressed model data, which the SDK cannot repack.
pub const MODEL_CODE_WITH_UNCOMPRESSED_DATA: &str = "sagespec::model::code-with-uncompressed-data";
/// An Endpoint has neither a serverless config nor an instance type and count.
pub const ENDPOINT_MISSING_CAPACITY: &str = "sagespec::endpoint::missing-capacity";
/// An Endpoint's instance type has no inference image for its model.
pub const ENDPOINT_NO_IMAGE_FOR_INSTANCE_TYPE: &str = "sagespec::endpoint::no-image-for-instance-type";
/// An Endpoint sets `kms_key` on instances with local NVMe storage.
pub const ENDPOINT_KMS_KEY_ON_INSTANCE_STORAGE: &str = "sagespec::endpoint::kms-key-on-instance-storage";
/// An Endpoint sets instance settings the serverless config replaces.
pub const ENDPOINT_INSTANCE_SETTINGS_WITH_SERVERLESS: &str = "sagespec::endpoint::instance-settings-with-serverless";
/// A serverless Endpoint's provisioned concurrency is above its maximum concurrency.
pub const ENDPOINT_PROVISIONED_ABOVE_MAX: &str = "sagespec::endpoint::provisioned-above-max-concurrency";

/// The codes the Model and Endpoint kinds' own checks raise (`crate::kinds::model`,
/// `crate::kinds::endpoint`).
pub const DEPLOY: &[CodeDocs] = &[
    CodeDocs {
        code: MODEL_MISSING_NAME,
        summary: "a model has neither `name` nor `model_name`",
        severity: Severity::Error,
        docs: Docs {
            what: "a Model manifest without `name` (the base of a content-addressed name) or `model_name` (an exact \
                   name).",
            why: "sagespec never names a model from a clock, as the SDK does: the name is how `plan` and `apply` \
                  know whether the model exists already.",
            example: r"```yaml
kind: Model
model_data: s3://bucket/model.tar.gz   # error: add `name: bert`
```",
        },
    },
    CodeDocs {
        code: MODEL_NO_INFERENCE_IMAGE,
        summary: "no inference image for the model's framework version, Python version or region",
        severity: Severity::Error,
        docs: Docs {
            what: "a Model whose `framework_version` has no inference image in the SDK's image config (PyTorch stops \
                   at 2.6.0), whose `py_version` that version has no image for, or whose region has no registry for \
                   it; or a framework model without `framework_version` or `image_uri`.",
            why: "`PyTorchModel` / `TensorFlowModel` look the image up in the SDK's inference image config at \
                  `deploy()` and raise ValueError (sdk-tuning-deploy-facts, \"Inference images\"; \
                  `facts::inference_images`). A PyTorch 2.8.0 estimator trains but cannot deploy.",
            example: r"```yaml
framework: pytorch
framework_version: 2.8.0     # error: inference images stop at 2.6.0
```",
        },
    },
    CodeDocs {
        code: MODEL_ARTIFACT_NOT_A_TARBALL,
        summary: "`model_data` is neither a `.tar.gz` nor uncompressed model data",
        severity: Severity::Error,
        docs: Docs {
            what: "a `model_data` URI that does not end in `.tar.gz`, or an uncompressed `s3_data_source` prefix \
                   (`S3Prefix`) that does not end in `/`.",
            why: "`ModelDataUrl` names a gzip tarball that SageMaker unpacks into `/opt/ml/model`; a folder of \
                  model files is uncompressed data, which the API takes only as `ModelDataSource` with \
                  `CompressionType: None` (API reference, `ContainerDefinition`, `S3ModelDataSource`).",
            example: r"```yaml
model_data: s3://bucket/models/bert/     # error: use {s3_data_source: {…, compression_type: None}}
```",
        },
    },
    CodeDocs {
        code: MODEL_CODE_WITH_UNCOMPRESSED_DATA,
        summary: "inference code with uncompressed model data, which cannot be repacked",
        severity: Severity::Error,
        docs: Docs {
            what: "a Model with `entry_point` and `model_data: {s3_data_source: …}`.",
            why: "the code is delivered by repacking it into the model's tarball; uncompressed data has no tarball. \
                  The SDK logs \"ModelDataSource currently doesn't support model repacking\" and sends a local \
                  path (`file://…`) as `SAGEMAKER_SUBMIT_DIRECTORY`, which the container cannot read \
                  (sdk-tuning-deploy-facts, \"PyTorchModel environment\").",
            example: r"```yaml
model_data: {s3_data_source: {s3_uri: s3://b/m/, s3_data_type: S3Prefix, compression_type: None}}
entry_point: inference.py    # error: nothing to repack the code into
```",
        },
    },
    CodeDocs {
        code: ENDPOINT_MISSING_CAPACITY,
        summary: "an endpoint has neither a serverless config nor an instance type and count",
        severity: Severity::Error,
        docs: Docs {
            what: "an Endpoint without `serverless_inference_config` that lacks `instance_type`, \
                   `initial_instance_count`, or both.",
            why: "`deploy()` raises ValueError \"Must specify instance type and instance count unless using \
                  serverless inference\" (sdk-tuning-deploy-facts, \"What the SDK checks\").",
            example: r"```yaml
kind: Endpoint
instance_type: ml.g5.xlarge     # error: and `initial_instance_count`?
```",
        },
    },
    CodeDocs {
        code: ENDPOINT_NO_IMAGE_FOR_INSTANCE_TYPE,
        summary: "the endpoint's instance type has no inference image for its model",
        severity: Severity::Error,
        docs: Docs {
            what: "an Endpoint whose `instance_type` picks an image the model's framework version lacks: a Graviton \
                   family (`ml.c7g`, `ml.m6g`, …) for a version without an arm64 image, or an Inferentia or \
                   Trainium family, for which the SDK's PyTorch and TensorFlow models have no image.",
            why: "the instance type picks the inference image (`gpu` for the g and p families, the Graviton images \
                  for Graviton families, else `cpu`), so the same model may deploy on one instance type and not \
                  another (sdk-tuning-deploy-facts, \"Inference images\").",
            example: r"```yaml
# model.yaml: framework_version: 2.2.0
instance_type: ml.c7g.xlarge    # error: Graviton images exist for 2.4.0 and others, not 2.2.0
```",
        },
    },
    CodeDocs {
        code: ENDPOINT_KMS_KEY_ON_INSTANCE_STORAGE,
        summary: "`kms_key` on an instance type with local NVMe storage",
        severity: Severity::Error,
        docs: Docs {
            what: "an Endpoint with `kms_key` and an `instance_type` that has local NVMe instance storage (families \
                   with a `d`, g5, g6, p5, trn1).",
            why: "the API reference for `CreateEndpointConfig.KmsKeyId` says the call fails when a KMS key is given \
                  for an instance type with local storage; the SDK sends it anyway (facts §1.6 for the families).",
            example: r"```yaml
instance_type: ml.g5.xlarge
kms_key: arn:aws:kms:…    # error: g5 storage is local NVMe, encrypted by the hardware
```",
        },
    },
    CodeDocs {
        code: ENDPOINT_INSTANCE_SETTINGS_WITH_SERVERLESS,
        summary: "instance settings on a serverless endpoint, which the SDK drops",
        severity: Severity::Warning,
        docs: Docs {
            what: "`instance_type`, `initial_instance_count`, `volume_size`, `model_data_download_timeout` or \
                   `container_startup_health_check_timeout` together with `serverless_inference_config`.",
            why: "a serverless variant has no instances: `deploy()` drops the instance settings without a word \
                  (sdk-tuning-deploy-facts, \"Endpoint config\"). sagespec sends what the SDK sends, and says so.",
            example: r"```yaml
serverless_inference_config: {memory_size_in_mb: 2048}
instance_type: ml.m5.xlarge     # warning: not sent
```",
        },
    },
    CodeDocs {
        code: ENDPOINT_PROVISIONED_ABOVE_MAX,
        summary: "serverless provisioned concurrency above the maximum concurrency",
        severity: Severity::Error,
        docs: Docs {
            what: "`serverless_inference_config.provisioned_concurrency` greater than its `max_concurrency` (default \
                   5).",
            why: "the API reference for `ProductionVariantServerlessConfig.ProvisionedConcurrency` requires it to be \
                  less than or equal to `MaxConcurrency`.",
            example: r"```yaml
serverless_inference_config:
  max_concurrency: 5
  provisioned_concurrency: 10    # error: at most 5
```",
        },
    },
];

/// The codes raised about references between manifests (`crate::ops::graph`).
pub const REFERENCE: &[CodeDocs] = &[
    CodeDocs {
        code: REFERENCE_MISSING_FILE,
        summary: "a manifest names another manifest file that does not exist",
        severity: Severity::Error,
        docs: Docs {
            what: "a key that names another manifest by path (a TuningJob's `training_job`, a Model's \
                   `model_data.training_job`, an Endpoint's `model`) names a file that does not exist. The path is \
                   relative to the folder of the manifest that names it.",
            why: "the manifest cannot be compiled without the one it names, and a typo in a path would otherwise \
                  surface only when the job is submitted.",
            example: r"```yaml
kind: TuningJob
training_job: bert-dpp.yaml     # error: `bert-dpp.yaml` does not exist
```",
        },
    },
    CodeDocs {
        code: REFERENCE_WRONG_KIND,
        summary: "a manifest names a file that is not a manifest of the kind the key takes",
        severity: Severity::Error,
        docs: Docs {
            what: "a reference names a file that exists but is not a sagespec manifest, or is one of another kind \
                   than the key takes (for example a TuningJob's `training_job` naming a Model).",
            why: "each reference is read as a manifest of one kind; another kind has none of the keys the \
                  referring manifest needs from it.",
            example: r"```yaml
kind: TuningJob
training_job: bert-model.yaml     # error: `bert-model.yaml` is a Model
```",
        },
    },
    CodeDocs {
        code: REFERENCE_CYCLE,
        summary: "manifests name each other in a cycle",
        severity: Severity::Error,
        docs: Docs {
            what: "following references from a manifest leads back to it (`a.yaml` names `b.yaml`, which names \
                   `a.yaml`). The finding is at the reference that starts the cycle, and its help lists the chain.",
            why: "plan and apply order resources by their references (training job, then model, then endpoint); \
                  a cycle has no order, so none of its manifests can be applied.",
            example: r"```yaml
# a.yaml
warm_start_config:
  parents: [b.yaml]     # error: `b.yaml` leads back to this manifest (b.yaml names a.yaml)
```",
        },
    },
    CodeDocs {
        code: REFERENCE_INVALID_TARGET,
        summary: "a manifest names a manifest that has errors of its own",
        severity: Severity::Error,
        docs: Docs {
            what: "a reference names a manifest of the right kind that does not validate. Its own errors are \
                   reported when it is validated; this finding marks the manifests that depend on it.",
            why: "a manifest can be compiled only from valid manifests: a tuning job from a training job that \
                  compiles, a model from a training job whose artifact path is known.",
            example: r"```yaml
kind: TuningJob
training_job: bert.yaml     # error: `bert.yaml` has errors (run `sagespec validate bert.yaml`)
```",
        },
    },
];
