"""Training script written by `sagespec init --distribution dataparallel`: PyTorch adapted to
SageMaker's distributed data-parallel library (SMDDP). Replace the model and data with yours.

The library's launcher starts one process per GPU on every instance and runs this file in
each, as `python train.py --epochs 1 --learning_rate 0.001` (the manifest's hyperparameters);
each input channel is in /opt/ml/input/data/<channel>, and whatever rank 0 saves to
/opt/ml/model is uploaded as model.tar.gz under the manifest's output_path. The adaptation
steps of the library's guide are marked 1 to 4.
"""

import argparse
import os

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

# 1. Import the library: this registers the "smddp" backend with torch.distributed.
import smdistributed.dataparallel.torch.torch_smddp  # noqa: F401


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
    parser.add_argument("--model_dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    return parser.parse_args()


def train(args: argparse.Namespace) -> None:
    # 1. Start the process group on the SMDDP backend.
    dist.init_process_group(backend="smddp")
    rank, world_size = dist.get_rank(), dist.get_world_size()
    # 2. Pin each process to its own GPU.
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    torch.cuda.set_device(local_rank)
    device = torch.device("cuda", local_rank)

    # Replace with your data (read from args.train) and your model.
    dataset = TensorDataset(torch.randn(1024, 16), torch.randn(1024, 1))
    # 3. Give each process its own shard of the data, and wrap the model for gradient sync.
    sampler = DistributedSampler(dataset, num_replicas=world_size, rank=rank)
    loader = DataLoader(dataset, batch_size=64, sampler=sampler)
    model = DistributedDataParallel(torch.nn.Linear(16, 1).to(device), device_ids=[local_rank])
    optimizer = torch.optim.SGD(model.parameters(), lr=args.learning_rate)

    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        for features, target in loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(features.to(device)), target.to(device))
            loss.backward()
            optimizer.step()
        if rank == 0:
            print(f"epoch {epoch}: loss={loss.item():.4f}")

    # 4. Save on rank 0 only.
    if rank == 0:
        os.makedirs(args.model_dir, exist_ok=True)
        torch.save(model.module.state_dict(), os.path.join(args.model_dir, "model.pt"))
    dist.destroy_process_group()


if __name__ == "__main__":
    train(parse_args())
