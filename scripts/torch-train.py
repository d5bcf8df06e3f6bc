#!/usr/bin/python3
"""PyTorch's side of scripts/bench-train: trains configs/fashion.conf's network (conv 8@3x3 pad 1, relu,
maxpool 2, conv 16@3x3 pad 1, relu, maxpool 2, flatten, dense 10; softmax/cross-entropy; SGD lr 0.05,
momentum 0.9) for one epoch on an IDX images file, as cnnbp does: pixels / 255, a shuffled order, batches
of B, the last one smaller. --width 2 doubles every conv's filters. Prints, for each run, the seconds of
training alone (no loading) of its last epoch, one number a line.

  torch-train.py IMAGES.gz LABELS.gz --dtype float32 --batch 32 --width 1 --threads 2 --runs 3 --epochs 1
"""
import argparse
import gzip
import time

import numpy as np
import torch


def idx(path, header):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=header)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("images")
    ap.add_argument("labels")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--width", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dtype = getattr(torch, a.dtype)
    x = torch.from_numpy(idx(a.images, 16).reshape(-1, 1, 28, 28).astype(np.float64) / 255).to(dtype)
    y = torch.from_numpy(idx(a.labels, 8).astype(np.int64))
    f1, f2 = 8 * a.width, 16 * a.width
    for run in range(a.runs):
        torch.manual_seed(run + 1)
        net = torch.nn.Sequential(
            torch.nn.Conv2d(1, f1, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(f1, f2, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(), torch.nn.Linear(f2 * 7 * 7, 10)).to(dtype)
        opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
        for epoch in range(a.epochs):
            order = torch.randperm(len(x))
            start = time.perf_counter()
            for i in range(0, len(x), a.batch):
                b = order[i:i + a.batch]
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(x[b]), y[b])
                loss.backward()
                opt.step()
            seconds = time.perf_counter() - start
        print(f"{seconds:.3f}", flush=True)


if __name__ == "__main__":
    main()
