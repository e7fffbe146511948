"""Runs as a trainer on train_group and as a data loader on data_group."""

import json
import os


def main() -> None:
    group = os.environ.get("SM_CURRENT_INSTANCE_GROUP", "train_group")
    hosts = json.loads(os.environ.get("SM_CURRENT_INSTANCE_GROUP_HOSTS", "[]"))
    role = "training" if group == "train_group" else "preparing data"
    print(f"{group} ({len(hosts)} hosts): {role}")


if __name__ == "__main__":
    main()
