#!/usr/bin/env python3
"""Writes small images in awkward modes (greyscale, RGBA, 16-bit, palette, CMYK JPEG) and the RGB
values PIL decodes from them, plus a resize+centre-crop+normalise oracle from torchvision, for the
Java image-decoding and preprocessing tests.

    /usr/bin/python3 scripts/generate_image_fixtures.py src/test/resources/fixtures/images
"""
import os
import sys

import numpy as np
from PIL import Image


def main():
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    rng = np.random.default_rng(5)
    rgb = rng.integers(0, 256, size=(20, 30, 3), dtype=np.uint8)
    # smooth content so JPEG round trips stay close
    yy, xx = np.mgrid[0:20, 0:30]
    smooth = np.stack([(xx * 8) % 256, (yy * 12) % 256, ((xx + yy) * 5) % 256], axis=-1).astype(np.uint8)

    Image.fromarray(rgb).save(os.path.join(root, "rgb.png"))
    np.save(os.path.join(root, "rgb.expected.npy"), rgb)

    grey = rgb[..., 0]
    Image.fromarray(grey, mode="L").save(os.path.join(root, "grey.png"))
    np.save(os.path.join(root, "grey.expected.npy"), np.repeat(grey[..., None], 3, axis=-1))

    rgba = np.concatenate([rgb, rng.integers(0, 256, size=(20, 30, 1), dtype=np.uint8)], axis=-1)
    Image.fromarray(rgba, mode="RGBA").save(os.path.join(root, "rgba.png"))
    np.save(os.path.join(root, "rgba.expected.npy"), rgb)  # alpha dropped, as PIL convert("RGB")

    g16 = (rgb[..., 1].astype(np.uint16) * 257)
    Image.fromarray(g16.astype(np.uint16), mode="I;16").save(os.path.join(root, "grey16.png"))
    np.save(os.path.join(root, "grey16.expected.npy"), np.repeat(rgb[..., 1:2], 3, axis=-1))

    pal = Image.fromarray(smooth).quantize(colors=16)
    pal.save(os.path.join(root, "palette.png"))
    np.save(os.path.join(root, "palette.expected.npy"), np.asarray(pal.convert("RGB")))

    cmyk = Image.fromarray(smooth).convert("CMYK")
    cmyk.save(os.path.join(root, "cmyk.jpg"), quality=95)
    np.save(os.path.join(root, "cmyk.expected.npy"), np.asarray(Image.open(os.path.join(root, "cmyk.jpg")).convert("RGB")))

    # preprocessing oracle: torchvision Resize(shorter=64) + CenterCrop(48) + ImageNet Normalize
    import torch
    from torchvision import transforms

    big = np.stack([
        (np.sin(xx / 3.0) * 100 + 128),
        (np.cos(yy / 4.0) * 100 + 128),
        ((xx * yy) % 256),
    ], axis=-1)
    big = np.array(Image.fromarray(big.astype(np.uint8)).resize((150, 100), Image.NEAREST))
    Image.fromarray(big).save(os.path.join(root, "photo.png"))
    t = transforms.Compose([
        transforms.Resize(64),
        transforms.CenterCrop(48),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    x = t(Image.open(os.path.join(root, "photo.png")).convert("RGB"))
    np.save(os.path.join(root, "photo.preprocessed.npy"), x.numpy().astype(np.float32))
    print("wrote image fixtures to", root)


if __name__ == "__main__":
    main()
