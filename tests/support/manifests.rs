//! Manifests that validate cleanly, the base the CLI and robustness tests edit. Each
//! names `source_dir: src` with `entry_point: train.py`, so the case folder needs
//! `src/train.py` (see `run::case_dir`). The YAML and TOML of a pair say the same thing,
//! line for line where the formats allow: tests point at lines and columns in them.

/// The ten lines every clean manifest opens with.
macro_rules! head {
    (yaml) => {
        "apiVersion: sagespec/v1\nkind: TrainingJob\njob_name: clean\nregion: us-west-2\nframework: pytorch\n\
         entry_point: train.py\nsource_dir: src\nrole: arn:aws:iam::123456789012:role/SageMakerRole\n\
         framework_version: 2.2.0\npy_version: py310\n"
    };
    (toml) => {
        "apiVersion = \"sagespec/v1\"\nkind = \"TrainingJob\"\njob_name = \"clean\"\nregion = \"us-west-2\"\n\
         framework = \"pytorch\"\nentry_point = \"train.py\"\nsource_dir = \"src\"\n\
         role = \"arn:aws:iam::123456789012:role/SageMakerRole\"\nframework_version = \"2.2.0\"\n\
         py_version = \"py310\"\n"
    };
}

/// The training script the clean manifests run (`src/train.py`): adapted to SMDDP, as
/// their distribution needs, so the script rules find nothing.
pub const ADAPTED_SCRIPT: &str = "import torch.distributed as dist\n\
                                  import smdistributed.dataparallel.torch.torch_smddp\n\
                                  dist.init_process_group(backend=\"smddp\")\n";

/// Data-parallel PyTorch on two `ml.p4d.24xlarge` (the conformance case
/// `ddp_pt_p4d_24xlarge_x2`), 17 lines.
pub const CLEAN_YAML: &str = concat!(
    head!(yaml),
    "instance_type: ml.p4d.24xlarge\ninstance_count: 2\n",
    "distribution:\n  smdistributed:\n    dataparallel:\n      enabled: true\n",
    "inputs: s3://oracle-data/train\n"
);

/// [`CLEAN_YAML`] as TOML (16 lines, the distribution as the closing table).
pub const CLEAN_TOML: &str = concat!(
    head!(toml),
    "instance_type = \"ml.p4d.24xlarge\"\ninstance_count = 2\n",
    "inputs = \"s3://oracle-data/train\"\n",
    "\n[distribution.smdistributed.dataparallel]\nenabled = true\n"
);

/// One `ml.m5.xlarge`, 13 lines.
pub const SINGLE_YAML: &str =
    concat!(head!(yaml), "instance_type: ml.m5.xlarge\ninstance_count: 1\n", "inputs: s3://oracle-data/train\n");

/// [`SINGLE_YAML`] as TOML, with no table, so cases can append top-level keys and tables.
pub const SINGLE_TOML: &str = concat!(
    head!(toml),
    "instance_type = \"ml.m5.xlarge\"\ninstance_count = 1\n",
    "inputs = \"s3://oracle-data/train\"\n"
);
