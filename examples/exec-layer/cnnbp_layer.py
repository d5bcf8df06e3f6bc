"""The cnnbp-layer/1 protocol in ~40 lines: write init, forward and backward, then call serve().

cnnbp sends one JSON request per line on stdin and reads one answer per line from stdout
(docs/layer-protocol.md). Tensors arrive and leave as numpy float64 arrays, batch first.
  init(in_shape, options)          -> (out_shape, {"W": array, ...})   ({} without parameters)
  forward(x, params, options)      -> y
  backward(x, params, dy, options) -> (dx, {"W": dW, ...})
options are those of the last init: cnnbp sends init again before it changes them.
"""
import json
import sys

import numpy as np


def pair(v):
    """An option given as n or [h, w], as (h, w)."""
    return (v, v) if isinstance(v, int) else tuple(v)


def _arr(t):
    return np.array(t["data"], dtype=np.float64).reshape(t["shape"])


def _tensor(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": a.ravel().tolist()}  # json writes repr: reads back exactly


def serve(init, forward, backward):
    options = {}
    for line in sys.stdin:
        try:
            req = json.loads(line)
            op = req["op"]
            if op == "init":
                options = req.get("options", {})
                out_shape, params = init(list(req["in_shape"]), options)
                ans = {"out_shape": [int(d) for d in out_shape],
                       "params": {k: _tensor(v) for k, v in params.items()}}
            else:
                x = _arr(req["x"])
                params = {k: _arr(v) for k, v in req["params"].items()}
                if op == "forward":
                    ans = {"y": _tensor(forward(x, params, options))}
                elif op == "backward":
                    dx, grads = backward(x, params, _arr(req["dy"]), options)
                    ans = {"dx": _tensor(dx), "grads": {k: _tensor(v) for k, v in grads.items()}}
                else:
                    ans = {"error": "unknown op " + repr(op)}
        except Exception as e:  # the layer's own mistakes become an answer cnnbp reports
            ans = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(ans) + "\n")
        sys.stdout.flush()
