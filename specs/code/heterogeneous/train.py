"""Runs as a trainer on train_group and as a data loader on data_group."""

import json
import os


def main() -> None:
    group = os.environ.get("SM_CURRENT_INSTANCE_GROUP", "train_group")
    hosts = json.loads(os.environ.get("SM_CURRENT_INSTANCE_GROUP_HOSTS", "[]"))
    if group == "train_group":
        # SMDDP runs on the training group only (distribution.instance_groups).
        import smdistributed.dataparallel.torch.torch_smddp  # noqa: F401
        import torch.distributed as dist

        dist.init_process_group(backend="smddp")
    role = "training" if group == "train_group" else "preparing data"
    print(f"{group} ({len(hosts)} hosts): {role}")


if __name__ == "__main__":
    main()
