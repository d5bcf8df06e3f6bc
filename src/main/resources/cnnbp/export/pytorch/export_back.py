"""Writes trained weights back as a cnnbp-weights/1 file, which cnnbp trace, evaluate and predict read.

    python3 export_back.py trained.pt weights-trained.json

trained.pt is what train.py saves: {"state_dict": ..., "classes": [...]}.
"""
import json
import os
import sys

import torch

import model as exported


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: python3 export_back.py TRAINED.pt OUT.json")
    saved = torch.load(argv[1], map_location="cpu")
    network = exported.load_network()
    net = exported.build(network)
    net.load_state_dict(saved["state_dict"])
    doc = exported.weights_json(net, network, saved.get("classes", []))
    tmp = argv[2] + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f)
        f.write("\n")
    os.replace(tmp, argv[2])
    print("wrote %s (%d layers with weights)" % (argv[2], len(doc["layers"])))


if __name__ == "__main__":
    main(sys.argv)
