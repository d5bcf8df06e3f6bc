"""The network of a cnnbp config as a torch.nn.Sequential, and cnnbp-weights/1 files in and out.

Written by `cnnbp export --format pytorch`. The layers come from network.json beside this file; each
config layer k becomes the module named `layer{k}`, so the state_dict keys are `layer1.weight`,
`layer1.bias`, ... in PyTorch's own layouts: conv weights [filters, in_channels, kh, kw], dense
weights [units, in_features], which are cnnbp's layouts too, so the numbers load as they are.
batchnorm's gamma and beta are PyTorch's weight and bias, its running statistics the module's buffers
running_mean and running_var (a weights file's "buffers"). dropout is nn.Dropout (the identity in
eval()); global_avgpool and global_maxpool are AdaptiveAvgPool2d(1) / AdaptiveMaxPool2d(1) then
Flatten, as cnnbp's layers flatten.
"""
import json
import os
from collections import OrderedDict

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def load_network(path=os.path.join(HERE, "network.json")):
    with open(path) as f:
        return json.load(f)


def build(network=None):
    """The nn.Sequential of the exported config, in float64 (cnnbp's precision)."""
    network = network or load_network()
    shape = list(network["input"])
    modules = OrderedDict()
    for layer in network["layers"]:
        kind, o = layer["type"], layer["options"]
        if kind == "conv":
            m = nn.Conv2d(shape[0], o["filters"], tuple(o["kernel"]), stride=tuple(o["stride"]),
                          padding="same" if o["padding"] == "same" else tuple(o["padding"]))
        elif kind == "batchnorm":
            bn = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
            m = bn(shape[0], eps=o["eps"], momentum=o["momentum"], affine=o["affine"])
        elif kind == "dropout":
            m = nn.Dropout(o["p"])
        elif kind in ("global_avgpool", "global_maxpool"):
            pool = nn.AdaptiveAvgPool2d(1) if kind == "global_avgpool" else nn.AdaptiveMaxPool2d(1)
            m = nn.Sequential(pool, nn.Flatten(1))
        elif kind == "maxpool":
            m = nn.MaxPool2d(tuple(o["size"]), stride=tuple(o["stride"]))
        elif kind == "avgpool":
            m = nn.AvgPool2d(tuple(o["size"]), stride=tuple(o["stride"]))
        elif kind == "flatten":
            m = nn.Flatten(1)
        elif kind == "dense":
            m = nn.Linear(shape[0], o["units"])
        elif kind == "relu":
            m = nn.ReLU()
        elif kind == "leaky_relu":
            m = nn.LeakyReLU(o["alpha"])
        elif kind == "sigmoid":
            m = nn.Sigmoid()
        elif kind == "tanh":
            m = nn.Tanh()
        elif kind == "softmax":
            m = nn.Softmax(dim=1)
        else:
            raise ValueError("layer %d: no PyTorch module for %s" % (layer["index"], kind))
        modules["layer%d" % layer["index"]] = m
        shape = list(layer["out_shape"])
    return nn.Sequential(modules).double()


def load_weights(model, path):
    """Sets the model's parameters from a cnnbp-weights/1 file; returns the class names it keeps."""
    with open(path) as f:
        root = json.load(f)
    if root.get("format") != "cnnbp-weights/1":
        raise ValueError("%s: not a cnnbp-weights/1 file" % path)
    state = model.state_dict()
    for entry in root["layers"]:
        tensors = [(key, entry[key]) for key in PARAMS if key in entry]
        tensors += [(key, t) for key, t in entry.get("buffers", {}).items()]
        for key, t in tensors:
            target = state["layer%d.%s" % (entry["index"], PARAMS.get(key, key))]
            values = torch.tensor(t["data"], dtype=target.dtype).reshape(t["shape"])
            if values.shape != target.shape:
                raise ValueError("%s: layer %d %s has shape %s, the model needs %s"
                                 % (path, entry["index"], key, list(values.shape), list(target.shape)))
            target.copy_(values)
    return root.get("classes", [])


# cnnbp's parameter keys and PyTorch's names for them; buffers have the same names in both.
PARAMS = {"W": "weight", "b": "bias", "gamma": "weight", "beta": "bias"}


def weights_json(model, network, classes):
    """The model's parameters as a cnnbp-weights/1 document (floats as Python writes them: exact)."""
    state = model.state_dict()
    layers = []
    for layer in network["layers"]:
        k = layer["index"]
        if "layer%d.weight" % k not in state and "layer%d.running_mean" % k not in state:
            continue
        entry = {"index": k, "type": layer["type"]}
        keys = ("gamma", "beta") if layer["type"] == "batchnorm" else ("W", "b")
        for key in keys:
            if "layer%d.%s" % (k, PARAMS[key]) in state:
                t = state["layer%d.%s" % (k, PARAMS[key])].detach().double().cpu()
                entry[key] = {"shape": list(t.shape), "data": t.flatten().tolist()}
        if layer["type"] == "batchnorm":
            entry["buffers"] = {}
            for name in ("running_mean", "running_var"):
                t = state["layer%d.%s" % (k, name)].detach().double().cpu()
                entry["buffers"][name] = {"shape": list(t.shape), "data": t.flatten().tolist()}
        layers.append(entry)
    return {"format": "cnnbp-weights/1", "layers": layers, "classes": list(classes)}
