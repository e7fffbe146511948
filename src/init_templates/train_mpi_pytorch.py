"""Training script written by `sagespec init --distribution mpi`: PyTorch
DistributedDataParallel under mpirun. Replace the model and data with yours.

mpirun starts one process per GPU on every instance and runs this file in each, as
`python train.py --epochs 1 --learning_rate 0.001` (the manifest's hyperparameters). mpirun
sets Open MPI's rank variables, not the ones torch.distributed reads, so `rendezvous` maps
them (the first host of SM_HOSTS is the master). Each input channel is in
/opt/ml/input/data/<channel>, and whatever rank 0 saves to /opt/ml/model is uploaded as
model.tar.gz.
"""

import argparse
import json
import os

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

MASTER_PORT = "29500"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
    parser.add_argument("--model_dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    return parser.parse_args()


def rendezvous() -> int:
    """Sets the variables init_process_group reads from Open MPI's; returns the local rank."""
    hosts = json.loads(os.environ.get("SM_HOSTS", '["localhost"]'))
    os.environ.setdefault("MASTER_ADDR", hosts[0])
    os.environ.setdefault("MASTER_PORT", MASTER_PORT)
    os.environ["RANK"] = os.environ.get("OMPI_COMM_WORLD_RANK", "0")
    os.environ["WORLD_SIZE"] = os.environ.get("OMPI_COMM_WORLD_SIZE", "1")
    return int(os.environ.get("OMPI_COMM_WORLD_LOCAL_RANK", "0"))


def train(args: argparse.Namespace) -> None:
    local_rank = rendezvous()
    dist.init_process_group(backend="nccl")
    rank = dist.get_rank()
    torch.cuda.set_device(local_rank)
    device = torch.device("cuda", local_rank)

    # Replace with your data (read from args.train, a shard per rank) and your model.
    model = DistributedDataParallel(torch.nn.Linear(16, 1).to(device), device_ids=[local_rank])
    optimizer = torch.optim.SGD(model.parameters(), lr=args.learning_rate)
    for epoch in range(args.epochs):
        features, target = torch.randn(64, 16, device=device), torch.randn(64, 1, device=device)
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(features), target)
        loss.backward()
        optimizer.step()
        if rank == 0:
            print(f"epoch {epoch}: loss={loss.item():.4f}")

    if rank == 0:
        os.makedirs(args.model_dir, exist_ok=True)
        torch.save(model.module.state_dict(), os.path.join(args.model_dir, "model.pt"))
    dist.destroy_process_group()


if __name__ == "__main__":
    train(parse_args())
