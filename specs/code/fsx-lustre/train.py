"""Reads training data from the FSx for Lustre channel (placeholder model)."""

import os


def main() -> None:
    train = os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train")
    files = sorted(os.listdir(train)) if os.path.isdir(train) else []
    print(f"rank {os.environ.get('RANK', '0')}: {len(files)} files in {train}")


if __name__ == "__main__":
    main()
