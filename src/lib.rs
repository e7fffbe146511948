//! sagespec: a compiler for declarative Amazon SageMaker workloads.
//!
//! The crate reads as a pipeline (see `design/architecture.md`), run per kind of manifest:
//!
//! ```text
//! paths ──discover──▶ files ──source──▶ Document (values + spans)
//!       ──check─────▶ Findings (the kind's schema + rules) and a typed manifest
//!       ──graph─────▶ references between manifests resolved, once per run
//!       ──resolve───▶ Job (every SDK default applied) ──lower──▶ requests
//!       ──plan──────▶ desired vs live ──apply──▶ SageMaker + S3
//! ```
//!
//! - [`discover`] turns paths into manifest files; [`source`] parses YAML/TOML with spans.
//! - [`kinds`] is the one registry of manifest kinds: each kind joins its own rooms:
//!   for `TrainingJob`, [`spec`] (the manifest types, and so the JSON Schema, [`schema`]),
//!   [`rules`] (its SageMaker rules), [`job`] (resolution) and [`lower`] (the request).
//! - [`check`] checks one document with its kind; [`compute`] is the one placement view
//!   the image lookup ([`image`]), the rules and the job share; [`facts`] holds the
//!   SageMaker tables every stage reads, each naming its source.
//! - [`ops`] owns the operations: validate (with the reference graph), compile, plan and
//!   apply. [`cli`] is a thin layer over it, and the `sagespec` binary a thin layer over
//!   [`cli`].
//! - [`diagnostic`] holds the finding type and its renderers; [`package`] packs code
//!   reproducibly; [`aws`] is the only code that talks to AWS; [`plan`] and [`apply`]
//!   compare with and act on SageMaker ([`change`] names the fields a change touches);
//!   [`encode`] writes Python's `json.dumps` exactly;
//!   [`parallel`] spreads files over the cores; [`script`] reads a job's Python training
//!   code offline (tree-sitter) for the `sagespec::script::…` rules.
//! - [`defaults`] lays the `kind: Defaults` files of a manifest's folders under it
//!   (`--env` environments, policy), and puts each finding where its value was written.
//! - [`account`] checks, for `validate --online` and `plan`, that what the manifests name
//!   in the AWS account exists where the job runs.
//! - [`fix`] applies the repairs findings carry (`sagespec fix`, the language server's code
//!   actions); [`lsp`] is the language server, `sagespec lsp`.

pub mod account;
pub mod apply;
pub mod aws;
pub mod change;
pub mod check;
pub mod cli;
pub mod compute;
pub mod defaults;
pub mod deploy;
pub mod diagnostic;
pub mod discover;
pub mod encode;
pub mod facts;
pub mod fix;
pub mod image;
pub mod import;
pub mod job;
pub mod json_native;
pub mod kinds;
pub mod lower;
pub mod lsp;
pub mod ops;
pub mod package;
pub mod parallel;
pub mod plan;
pub mod repack;
pub mod rules;
pub mod schema;
pub mod script;
pub mod source;
pub mod spec;
