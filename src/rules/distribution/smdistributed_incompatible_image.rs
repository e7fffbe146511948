//! `sagespec::distribution::smdistributed-incompatible-image`
//!
//! Its docs (what it reports, why, an example) are data, in [`RULE`].

use super::super::{Context, Rule};
use crate::diagnostic::Finding;
use crate::facts::distribution::UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM;
use crate::rules::support::view;

/// The rule.
pub const RULE: Rule = Rule {
    code: "sagespec::distribution::smdistributed-incompatible-image",
    summary: "the training image cannot run the SageMaker distributed libraries",
    severity: crate::diagnostic::Severity::Error,
    docs: crate::diagnostic::Docs {
        what: "any `smdistributed` key (enabled or not, and `pytorchddp` on PyTorch) with an `image_uri` whose tag \
               contains `2.0.1-gpu-py310-cu121`, unless `torch_distributed` is enabled.",
        why: "the SDK refuses it (facts §2.4 D17, \"SMDistributed is currently incompatible with DLC image\"): the \
              distributed libraries in that image were not built for its CUDA 12.1. The cu118 build of PyTorch 2.0.1 \
              works.",
        example: r"```yaml
image_uri: 763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.0.1-gpu-py310-cu121-ubuntu20.04-sagemaker   # error
distribution:
  smdistributed:
    dataparallel: {enabled: true}
```",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(smdistributed), Some(image_uri)) = (view::smdistributed_written(cx), cx.manifest.image_uri.as_deref())
    else {
        return;
    };
    if view::torch_distributed_on(cx) {
        return;
    }
    let Some(tag) = UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM.iter().find(|tag| image_uri.contains(*tag)) else {
        return;
    };
    out.push(
        Finding::error(RULE.code, format!("smdistributed is incompatible with the `{tag}` image"))
            .at("/image_uri")
            .with_label("smdistributed cannot run in this image")
            .also(smdistributed, "smdistributed configured here")
            .with_help("use the CUDA 11.8 build instead (`…pytorch-training:2.0.1-gpu-py310-cu118-ubuntu20.04-sagemaker`), or drop `image_uri` and let framework_version pick the image"),
    );
}
