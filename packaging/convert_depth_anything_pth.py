#!/usr/bin/env python3
"""Convert an official Depth Anything V2 checkpoint (.pth, a pickled state_dict) to
safetensors, the only model format Permanence reads (no pickles at run time).

    python3 convert_depth_anything_pth.py depth_anything_v2_vitl.pth [OUT.safetensors]

Run it where PyTorch and the `safetensors` package are installed. The tensor names are
kept (pretrained.*, depth_head.*); Permanence reads the encoder size from the shapes.
Put the output next to the two Diffusion-VAS pipeline folders (--weights-dir) or pass
it with --depth-weights.
"""
import sys

import torch
from safetensors.torch import save_file


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    source = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) == 3 else source.rsplit(".", 1)[0] + ".safetensors"
    # weights_only refuses anything but tensors and containers: the file is data.
    state = torch.load(source, map_location="cpu", weights_only=True)
    tensors = {name: value.contiguous().clone() for name, value in state.items() if isinstance(value, torch.Tensor)}
    for required in ("pretrained.cls_token", "depth_head.scratch.layer1_rn.weight"):
        if required not in tensors:
            print(f"{source}: not a Depth Anything V2 checkpoint (no '{required}')", file=sys.stderr)
            return 1
    save_file(tensors, target)
    print(f"{target}: {len(tensors)} tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
