"""Trains without network access: everything it needs comes in through its channels."""

import os


def main() -> None:
    train = os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train")
    print(f"rank {os.environ.get('RANK', '0')}: reading {train}; no outbound network here")


if __name__ == "__main__":
    main()
