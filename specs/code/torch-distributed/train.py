"""DistributedDataParallel under torchrun (placeholder model)."""

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch_size", type=int, default=32)
    args = parser.parse_args()
    # torch.distributed.init_process_group("nccl") in a real script
    rank, world = os.environ.get("RANK", "0"), os.environ.get("WORLD_SIZE", "1")
    for epoch in range(args.epochs):
        print(f"rank {rank}/{world} epoch {epoch} loss=0.5")


if __name__ == "__main__":
    main()
