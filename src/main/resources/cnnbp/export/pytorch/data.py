"""The config's data as cnnbp reads it: a folder of class folders, a CSV file or an IDX images file.

Class i is the i-th class folder name in sorted order (as cnnbp and torchvision's ImageFolder);
images become [0, 1] gray (PIL's convert('L')) or RGB; CSV rows are the label and the C*H*W values
times `scale`; IDX files (gzipped or not) find their labels file beside them.
"""
import csv
import gzip
import os
import struct

import numpy as np
import torch

IMAGE_ENDINGS = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def load(path, shape, spec):
    """(x, labels, classes): x float64 (N, *shape), labels int64 or float64 (N,)."""
    if os.path.isdir(path):
        return _image_folders(path, shape)
    with open(path, "rb") as f:
        head = f.read(4)
    if head[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as f:
            head = f.read(4)
    if head == b"\x00\x00\x08\x03":
        return _idx(path, shape, spec["scale"])
    return _csv(path, shape, spec["scale"], spec.get("label_column"))


def _image_folders(root, shape):
    from PIL import Image
    classes = sorted(d for d in os.listdir(root) if not d.startswith(".") and os.path.isdir(os.path.join(root, d)))
    xs, ys = [], []
    for label, name in enumerate(classes):
        files = []
        for folder, dirs, names in os.walk(os.path.join(root, name)):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            files += [os.path.join(folder, n) for n in names
                      if not n.startswith(".") and n.lower().endswith(IMAGE_ENDINGS)]
        for f in sorted(files):
            with Image.open(f) as img:
                img = img.convert("L" if shape[0] == 1 else "RGB")
                a = np.asarray(img, dtype=np.float64) / 255.0
            xs.append(a.reshape(1, *a.shape) if a.ndim == 2 else a.transpose(2, 0, 1))
            ys.append(label)
    x = torch.from_numpy(np.stack(xs)).reshape(len(xs), *shape)
    return x, torch.tensor(ys, dtype=torch.int64), classes


def _idx_array(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    sizes = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(sizes)


def _idx(path, shape, scale):
    folder, base = os.path.split(path)
    plain = base[:-3] if base.endswith(".gz") else base
    labels_base = plain.replace("images", "labels").replace("idx3", "idx1")
    for candidate in (labels_base, labels_base + ".gz"):
        if os.path.exists(os.path.join(folder, candidate)):
            labels = _idx_array(os.path.join(folder, candidate))
            break
    else:
        raise FileNotFoundError("no labels file beside " + path)
    images = _idx_array(path).astype(np.float64) * scale
    x = torch.from_numpy(images).reshape(len(images), *shape)
    classes_file = os.path.join(folder, "classes.txt")
    if os.path.exists(classes_file):
        classes = [line.rstrip("\n") for line in open(classes_file)]
    else:
        classes = [str(i) for i in range(int(labels.max()) + 1)]
    return x, torch.from_numpy(labels.astype(np.int64)), classes


def _csv(path, shape, scale, label_column):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    col = 0
    first = rows[0]

    def is_number(s):
        try:
            float(s)
            return True
        except ValueError:
            return False

    if label_column is not None:
        col = int(label_column) if str(label_column).isdigit() else first.index(label_column)
    if not is_number(first[col]):
        rows = rows[1:]
    labels = np.array([float(r[col]) for r in rows])
    values = np.array([[float(v) for i, v in enumerate(r) if i != col] for r in rows]) * scale
    x = torch.from_numpy(values).reshape(len(rows), *shape)
    if np.all(labels == np.round(labels)) and np.all(labels >= 0):
        y = torch.from_numpy(labels.astype(np.int64))
        return x, y, [str(i) for i in range(int(labels.max()) + 1)]
    return x, torch.from_numpy(labels), []
