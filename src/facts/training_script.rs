//! What a training script must do, or may read, under SageMaker: the calls that initialise
//! the data-parallel library (SMDDP), the calls that start a PyTorch process group, and
//! where a channel's data is found. [`crate::script`] reads scripts for these names;
//! the `sagespec::script::…` rules compare what it found with the manifest.
//!
//! Sources:
//! - SageMaker Developer Guide, "Adapt your training script to use the SMDDP collective
//!   operations" (PyTorch: `import smdistributed.dataparallel.torch.torch_smddp` then
//!   `torch.distributed.init_process_group(backend="smddp")`, or for DeepSpeed
//!   `deepspeed.init_distributed(dist_backend="smddp")`; TensorFlow:
//!   `import smdistributed.dataparallel.tensorflow as sdp` then `sdp.init()`), and the
//!   library's v1 PyTorch API (`smdistributed.dataparallel.torch.distributed`, whose
//!   `init_process_group()` takes no backend).
//! - sagemaker-training-toolkit: each channel is `SM_CHANNEL_<NAME>` (the channel name in
//!   upper case) and is mounted at `/opt/ml/input/data/<name>`; hyperparameters are passed
//!   to the entry point as `--<name> <value>`.

use crate::spec::Framework;

/// A call that initialises SMDDP, once its module is imported.
#[derive(Clone, Copy, Debug)]
pub struct SmddpInit {
    /// The framework whose scripts make it.
    pub framework: Framework,
    /// The module the script imports (anywhere in its code: importing it registers the
    /// library).
    pub module: &'static str,
    /// The call: its full dotted name, or with [`SmddpInit::any_receiver`] only its last
    /// name (`dist.init_process_group`, `torch.distributed.init_process_group`, …).
    pub call: &'static str,
    /// Whether any receiver will do (the call belongs to another library, such as
    /// `torch.distributed`).
    pub any_receiver: bool,
    /// The argument naming the backend, by position and keyword, and the value SMDDP needs;
    /// `None` when the call takes no backend.
    pub backend: Option<BackendArgument>,
}

/// Where a call takes its backend, and the value it must have.
#[derive(Clone, Copy, Debug)]
pub struct BackendArgument {
    /// Its position among the positional arguments.
    pub position: usize,
    /// Its keyword.
    pub keyword: &'static str,
    /// The value that selects SMDDP.
    pub value: &'static str,
}

/// The PyTorch SMDDP module whose import registers the `smddp` backend.
pub const TORCH_SMDDP_MODULE: &str = "smdistributed.dataparallel.torch.torch_smddp";
/// The backend name SMDDP registers with `torch.distributed`.
pub const SMDDP_BACKEND: &str = "smddp";
/// The library's v1 PyTorch API.
pub const TORCH_LEGACY_MODULE: &str = "smdistributed.dataparallel.torch.distributed";
/// The TensorFlow SMDDP module.
pub const TENSORFLOW_MODULE: &str = "smdistributed.dataparallel.tensorflow";

/// Every way a script initialises SMDDP.
pub const SMDDP_INITS: &[SmddpInit] = &[
    SmddpInit {
        framework: Framework::Pytorch,
        module: TORCH_SMDDP_MODULE,
        call: "init_process_group",
        any_receiver: true,
        backend: Some(BackendArgument { position: 0, keyword: "backend", value: SMDDP_BACKEND }),
    },
    SmddpInit {
        framework: Framework::Pytorch,
        module: TORCH_SMDDP_MODULE,
        call: "init_distributed",
        any_receiver: true,
        backend: Some(BackendArgument { position: 0, keyword: "dist_backend", value: SMDDP_BACKEND }),
    },
    SmddpInit {
        framework: Framework::Pytorch,
        module: TORCH_LEGACY_MODULE,
        call: "smdistributed.dataparallel.torch.distributed.init_process_group",
        any_receiver: false,
        backend: None,
    },
    SmddpInit {
        framework: Framework::Tensorflow,
        module: TENSORFLOW_MODULE,
        call: "smdistributed.dataparallel.tensorflow.init",
        any_receiver: false,
        backend: None,
    },
];

/// The two lines a script adds to initialise SMDDP, per framework (the guide's first
/// adaptation step).
pub fn smddp_adaptation(framework: Framework) -> [&'static str; 2] {
    match framework {
        Framework::Tensorflow => ["import smdistributed.dataparallel.tensorflow as sdp", "sdp.init()"],
        Framework::Pytorch => [
            "import smdistributed.dataparallel.torch.torch_smddp",
            "torch.distributed.init_process_group(backend=\"smddp\")",
        ],
    }
}

/// The calls that start a PyTorch process group (by last name), with where they take the
/// backend. Under `torchrun` or `mpirun` the launcher sets the rendezvous variables
/// (`MASTER_ADDR`, `RANK`, `WORLD_SIZE`) these calls read by default.
pub const PROCESS_GROUP_CALLS: &[(&str, BackendArgument)] = &[
    ("init_process_group", BackendArgument { position: 0, keyword: "backend", value: SMDDP_BACKEND }),
    ("init_distributed", BackendArgument { position: 0, keyword: "dist_backend", value: SMDDP_BACKEND }),
];

/// Keywords of a process-group call that give it its own rendezvous (no launcher needed).
pub const OWN_RENDEZVOUS_KEYWORDS: &[&str] = &["init_method", "store"];

/// The variable a script sets when it makes its own rendezvous (with `mp.spawn`, say).
pub const RENDEZVOUS_VARIABLE: &str = "MASTER_ADDR";

/// The environment variable of a channel: this prefix and the channel's name in upper case.
pub const CHANNEL_ENV_PREFIX: &str = "SM_CHANNEL_";
/// The folder a channel's data is in: this prefix and the channel's name.
pub const CHANNEL_DATA_DIR: &str = "/opt/ml/input/data/";

/// The hyperparameter prefix the SDK and the toolkit keep for themselves; the toolkit does
/// not pass such keys to the script as it passes the user's.
pub const SAGEMAKER_PREFIX: &str = "sagemaker_";
