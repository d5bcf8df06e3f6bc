"""Trains the exported network with the config's loss, optimizer, batch, epochs and seed.

    python3 train.py [--epochs N] [--weights W.json] [--out trained.pt] [--dtype float64|float32]
    torchrun --nproc_per_node=N train.py ...     # N processes, DistributedDataParallel

With torchrun every process takes an equal share of each batch of `batch` examples (the config's
batch is the global batch), gradients are averaged across processes by DistributedDataParallel, so
each step is the same mean-reduced step one process would take. The backend is nccl when CUDA is
there, gloo otherwise. Process 0 prints the epochs and saves --out, which export_back.py turns into
a cnnbp-weights/1 file.
"""
import argparse
import os

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

import data
import model as exported


def loss_of(kind, out, y, k):
    """The config's loss, mean-reduced as cnnbp's. For cross_entropy `out` is the logits (the
    softmax is left out of the trained module), which is the same loss computed stably."""
    if kind == "cross_entropy":
        return F.cross_entropy(out, y)
    if kind == "bce":
        return F.binary_cross_entropy(out.reshape(-1), y.to(out.dtype))
    target = F.one_hot(y, k).to(out.dtype) if y.dtype == torch.int64 and k > 1 else y.to(out.dtype).reshape(out.shape)
    return F.mse_loss(out, target)


def optimizer(params, spec):
    kind = spec.get("optimizer", "sgd")
    if kind == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec["momentum"], dampening=spec.get("dampening", 0),
                               nesterov=spec.get("nesterov", False), weight_decay=spec["weight_decay"])
    if kind == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], betas=tuple(spec["betas"]), eps=spec["eps"],
                                weight_decay=spec["weight_decay"], amsgrad=spec.get("amsgrad", False))
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=spec["lr"], betas=tuple(spec["betas"]), eps=spec["eps"],
                                 weight_decay=spec["weight_decay"], amsgrad=spec.get("amsgrad", False))
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=spec["lr"], alpha=spec["alpha"], eps=spec["eps"],
                                   weight_decay=spec["weight_decay"], momentum=spec["momentum"],
                                   centered=spec.get("centered", False))
    raise ValueError("no optimizer " + kind)


def scheduler(opt, s):
    """The config's lr_schedule, stepped once per epoch (cnnbp's docs/optimizers.md)."""
    S = torch.optim.lr_scheduler
    kind = s.get("type", "constant")
    if kind == "step":
        main = S.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
    elif kind == "exponential":
        main = S.ExponentialLR(opt, gamma=s["gamma"])
    elif kind == "cosine":
        main = S.CosineAnnealingLR(opt, T_max=s["T_max"], eta_min=s["eta_min"])
    else:
        main = S.LambdaLR(opt, lambda e: 1.0)
    warmup = s.get("warmup_epochs", 0)
    if warmup == 0:
        return main
    linear = S.LinearLR(opt, start_factor=s["warmup_start_factor"], end_factor=1.0, total_iters=warmup)
    return S.SequentialLR(opt, [linear, main], milestones=[warmup])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int)
    p.add_argument("--weights", default=os.path.join(exported.HERE, "weights.json"))
    p.add_argument("--out", default="trained.pt")
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    args = p.parse_args()

    distributed = "WORLD_SIZE" in os.environ
    rank, world = 0, 1
    device = torch.device("cpu")
    if distributed:
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend)
        rank, world = dist.get_rank(), dist.get_world_size()
        if backend == "nccl":
            device = torch.device("cuda", int(os.environ["LOCAL_RANK"]))
            torch.cuda.set_device(device)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32

    network = exported.load_network()
    spec = network["train"]
    torch.manual_seed(spec["seed"])
    net = exported.build(network).to(device=device, dtype=dtype)
    classes = exported.load_weights(net, args.weights)
    x, y, found = data.load(network["data"]["train"], network["input"], network["data"])
    classes = classes or found
    k = network["layers"][-1]["out_shape"][0]
    train_set = TensorDataset(x.to(dtype), y)
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=spec["seed"]) \
        if distributed else None
    per_process = max(1, spec["batch"] // world)
    loader = DataLoader(train_set, batch_size=per_process, sampler=sampler, shuffle=sampler is None,
                        generator=torch.Generator().manual_seed(spec["seed"]))
    trained = net[:-1] if network["loss"] == "cross_entropy" else net  # shares net's parameters
    model = DistributedDataParallel(trained) if distributed else trained
    opt = optimizer(model.parameters(), spec)
    sched = scheduler(opt, spec.get("lr_schedule", {}))

    for epoch in range(1, (args.epochs or spec["epochs"]) + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        total, count = 0.0, 0
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = loss_of(network["loss"], model(xb), yb, k)
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
            count += len(xb)
        if rank == 0:
            print("epoch %d: train loss %.4f on process 0 (%d processes), lr %s"
                  % (epoch, total / count, world, opt.param_groups[0]["lr"]))
        sched.step()
    if rank == 0:
        torch.save({"state_dict": net.state_dict(), "classes": classes}, args.out)
        print("saved " + args.out)
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
