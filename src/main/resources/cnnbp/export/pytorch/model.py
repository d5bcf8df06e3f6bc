"""The network of a cnnbp config as a torch.nn.Sequential, and cnnbp-weights/1 files in and out.

Written by `cnnbp export --format pytorch`. The layers come from network.json beside this file; each
config layer k becomes the module named `layer{k}`, so the state_dict keys are `layer1.weight`,
`layer1.bias`, ... in PyTorch's own layouts: conv weights [filters, in_channels, kh, kw], dense
weights [units, in_features], which are cnnbp's layouts too, so the numbers load as they are.
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
                          padding=tuple(o["padding"]))
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
        for key, name in (("W", "weight"), ("b", "bias")):
            target = state["layer%d.%s" % (entry["index"], name)]
            values = torch.tensor(entry[key]["data"], dtype=target.dtype).reshape(entry[key]["shape"])
            if values.shape != target.shape:
                raise ValueError("%s: layer %d %s has shape %s, the model needs %s"
                                 % (path, entry["index"], key, list(values.shape), list(target.shape)))
            target.copy_(values)
    return root.get("classes", [])


def weights_json(model, network, classes):
    """The model's parameters as a cnnbp-weights/1 document (floats as Python writes them: exact)."""
    state = model.state_dict()
    layers = []
    for layer in network["layers"]:
        k = layer["index"]
        if "layer%d.weight" % k not in state:
            continue
        entry = {"index": k, "type": layer["type"]}
        for key, name in (("W", "weight"), ("b", "bias")):
            t = state["layer%d.%s" % (k, name)].detach().double().cpu()
            entry[key] = {"shape": list(t.shape), "data": t.flatten().tolist()}
        layers.append(entry)
    return {"format": "cnnbp-weights/1", "layers": layers, "classes": list(classes)}
