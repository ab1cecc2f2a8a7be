#!/usr/bin/env python3
"""Inputs of benchmarks/scale.sh (never committed): generated images, a tiny random-weight CNN and
synthetic neurons reading its features.

    /usr/bin/python3 benchmarks/scale_data.py OUT N_IMAGES N_NEURONS [D=512] [SIZE=64]

Writes OUT/stimuli/<category>/<id>.png (10 categories, "body" preferred, N/10 each: random
textures, low-frequency noise plus a per-category colour and stripe orientation, SIZE x SIZE RGB),
OUT/tiny_cnn.pt (TorchScript: three stride-2 3x3 convolutions with ReLU, the last with D channels,
then the global average, output [N, D]; seeded random weights), OUT/responses.npz (responses
[N, N_NEURONS] float32 and stimulus_ids: a random linear readout of the network's own features of
each image, computed here with the preprocessing the config gives Java, plus a preferred-category
offset and Gaussian noise) and OUT/run.toml. Needs Debian's python3-torch, python3-numpy, python3-pil.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

CATS = ["body", "car", "chair", "lamp", "mug", "tool", "tree", "house", "fruit", "shoe"]
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


class Tiny(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(3, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(),
                                 nn.Conv2d(64, d, 3, 2, 1), nn.ReLU())

    def forward(self, x):
        return self.net(x).mean(dim=(2, 3))


def image(rng, cat, size):
    low = rng.random((size // 8, size // 8, 3), dtype=np.float32)
    img = np.kron(low, np.ones((8, 8, 1), np.float32)) * 0.5
    colour = np.random.default_rng(cat * 7919).random(3).astype(np.float32)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    angle = cat * np.pi / len(CATS)
    stripes = 0.5 + 0.5 * np.sin((np.cos(angle) * xx + np.sin(angle) * yy) * (0.3 + 0.05 * cat))
    img += 0.5 * stripes[..., None] * colour
    return (np.clip(img, 0, 1) * 255).astype(np.uint8)


def main():
    out, n, q = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    d = int(sys.argv[4]) if len(sys.argv) > 4 else 512
    size = int(sys.argv[5]) if len(sys.argv) > 5 else 64
    rng = np.random.default_rng(13)
    torch.manual_seed(13)
    model = Tiny(d).eval()
    os.makedirs(out, exist_ok=True)
    torch.jit.script(model).save(os.path.join(out, "tiny_cnn.pt"))
    ids, cats, feats = [], [], []
    per = n // len(CATS)
    batch = []
    for c, cat in enumerate(CATS):
        os.makedirs(os.path.join(out, "stimuli", cat), exist_ok=True)
        for k in range(per if c < len(CATS) - 1 else n - per * (len(CATS) - 1)):
            sid = "%s_%06d" % (cat, k)
            px = image(rng, c, size)
            Image.fromarray(px).save(os.path.join(out, "stimuli", cat, sid + ".png"), compress_level=1)
            ids.append(sid)
            cats.append(c)
            batch.append(((px.astype(np.float32) / 255 - MEAN) / STD).transpose(2, 0, 1))
            if len(batch) == 512:
                with torch.no_grad():
                    feats.append(model(torch.from_numpy(np.stack(batch))).numpy())
                batch = []
    if batch:
        with torch.no_grad():
            feats.append(model(torch.from_numpy(np.stack(batch))).numpy())
    f = np.concatenate(feats).astype(np.float64)
    f = (f - f.mean(0)) / (f.std(0) + 1e-6)
    w = rng.standard_normal((d, q)) / np.sqrt(d)
    y = f @ w + 1.0 * (np.array(cats) == 0)[:, None] + 0.5 * rng.standard_normal((len(ids), q))
    np.savez(os.path.join(out, "responses.npz"), responses=y.astype(np.float32),
             stimulus_ids=np.array(ids), neuron_ids=np.array(["n%04d" % j for j in range(q)]))
    with open(os.path.join(out, "run.toml"), "w") as t:
        t.write("""[data]
stimuli = "stimuli"
responses = "responses.npz"
preferred = "body"

[backbone]
model = "tiny_cnn.pt"
batch_size = 64
input_size = [%d, %d]
resize = 0

[readout]
alphas = [1.0, 100.0, 10000.0]
folds = 5

[explain]
top_k = 1
top_m = 3
""" % (size, size))
    print("wrote %d images, %d neurons, D = %d, %dx%d px to %s" % (len(ids), q, d, size, size, out))


if __name__ == "__main__":
    main()
