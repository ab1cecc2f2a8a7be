#!/usr/bin/env python3
"""Exports a torchvision (or your own) network as TorchScript that sharedvis can cut at named nodes.

    python3 scripts/export_torchscript.py resnet50 --weights DEFAULT --nodes layer3 layer4 avgpool -o resnet50.pt
    python3 scripts/export_torchscript.py resnet18 --nodes layer4 avgpool -o resnet18_random.pt   # random weights

The exported module returns a dict {node: tensor}; in sharedvis, `layer = "layer4"` picks one.
Node names are torchvision.models.feature_extraction names (list them with --list).
For your own nn.Module, the three lines are:

    from torchvision.models.feature_extraction import create_feature_extractor
    extractor = create_feature_extractor(model.eval(), return_nodes=["layer4", "avgpool"])
    torch.jit.script(extractor).save("my_model.pt")
"""
import argparse

import torch
import torchvision
from torchvision.models.feature_extraction import create_feature_extractor, get_graph_node_names


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("arch", help="a torchvision.models constructor name, e.g. resnet50")
    ap.add_argument("--weights", default=None, help="torchvision weights name (e.g. DEFAULT; needs them cached or online); default random")
    ap.add_argument("--nodes", nargs="+", default=None, help="node names to return")
    ap.add_argument("--list", action="store_true", help="list the node names and exit")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", default=None)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    ctor = getattr(torchvision.models, args.arch)
    model = ctor(weights=args.weights).eval()
    if args.list:
        print("\n".join(get_graph_node_names(model)[1]))
        return
    if not args.nodes or not args.output:
        ap.error("--nodes and -o are required unless --list")
    extractor = create_feature_extractor(model, return_nodes={n: n for n in args.nodes}).eval()
    torch.jit.script(extractor).save(args.output)
    print("wrote", args.output, "with nodes", args.nodes)


if __name__ == "__main__":
    main()
