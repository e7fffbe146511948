"""Resumes from the newest checkpoint in /opt/ml/checkpoints after a spot interruption."""

import argparse
import os

CHECKPOINTS = "/opt/ml/checkpoints"


def latest_epoch() -> int:
    if not os.path.isdir(CHECKPOINTS):
        return 0
    done = [int(name.split("-")[1]) for name in os.listdir(CHECKPOINTS) if name.startswith("epoch-")]
    return max(done, default=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(CHECKPOINTS, exist_ok=True)
    for epoch in range(latest_epoch() + 1, args.epochs + 1):
        print(f"epoch {epoch}")
        with open(os.path.join(CHECKPOINTS, f"epoch-{epoch}"), "w", encoding="utf-8") as checkpoint:
            checkpoint.write("model state goes here\n")


if __name__ == "__main__":
    main()
