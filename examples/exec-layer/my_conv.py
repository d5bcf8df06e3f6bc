"""A 2-D convolution layer for cnnbp in numpy, as torch.nn.Conv2d computes it (cross-correlation,
zero padding). Layouts as PyTorch's: x (N, C, H, W), W (F, C, kh, kw), b (F), y (N, F, OH, OW).
Options: filters, kernel, stride (default 1), padding (default 0); kernel, stride and padding are
n or [h, w].  Run by cnnbp:  - exec: {command: "python3 my_conv.py", options: {filters: 4, kernel: 3}}
"""
import numpy as np

from cnnbp_layer import pair, serve


def geometry(options):
    return pair(options["kernel"]), pair(options.get("stride", 1)), pair(options.get("padding", 0))


def init(in_shape, options):
    c, h, w = in_shape
    f = options["filters"]
    (kh, kw), (sh, sw), (ph, pw) = geometry(options)
    out_shape = [f, (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1]
    bound = np.sqrt(6.0 / ((c + f) * kh * kw))  # Xavier uniform
    weight = np.random.default_rng(0).uniform(-bound, bound, (f, c, kh, kw))
    return out_shape, {"W": weight, "b": np.zeros(f)}


def forward(x, params, options):
    W, b = params["W"], params["b"]
    (kh, kw), (sh, sw), (ph, pw) = geometry(options)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    n, f = x.shape[0], W.shape[0]
    oh, ow = (xp.shape[2] - kh) // sh + 1, (xp.shape[3] - kw) // sw + 1
    y = np.empty((n, f, oh, ow))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]           # (N, C, kh, kw)
            y[:, :, i, j] = np.tensordot(window, W, axes=([1, 2, 3], [1, 2, 3])) + b
    return y


def backward(x, params, dy, options):
    W = params["W"]
    (kh, kw), (sh, sw), (ph, pw) = geometry(options)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp, dW = np.zeros_like(xp), np.zeros_like(W)
    for i in range(dy.shape[2]):
        for j in range(dy.shape[3]):
            window = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]           # (N, C, kh, kw)
            d = dy[:, :, i, j]                                                   # (N, F)
            dW += np.tensordot(d, window, axes=([0], [0]))                      # (F, C, kh, kw)
            dxp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += np.tensordot(d, W, axes=([1], [0]))
    dx = dxp[:, :, ph:ph + x.shape[2], pw:pw + x.shape[3]]
    return dx, {"W": dW, "b": dy.sum(axis=(0, 2, 3))}


if __name__ == "__main__":
    serve(init, forward, backward)
