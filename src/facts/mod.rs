//! SageMaker facts as data: every table names its source (see
//! `reference/sagemaker-facts.md`). Rules and the compiler read the same tables; to
//! follow a new SDK or API release, edit a table here, not an `if` in a rule.

pub mod api_limits;
pub mod channels;
pub mod debugger_rules;
pub mod defaults;
pub mod deploy;
pub mod distribution;
pub mod frameworks;
pub mod hosting_instance_types;
pub mod inference_images;
pub mod instance_types;
pub mod regions;
pub mod reserved_hyperparameters;
pub mod training_script;
pub mod tuning;
pub mod versions;
