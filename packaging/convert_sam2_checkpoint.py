#!/usr/bin/env python3
"""Convert an official SAM 2.1 checkpoint (.pt, a pickle holding {"model": state_dict})
to safetensors, the only model format Permanence reads (no pickles at run time).

    python3 convert_sam2_checkpoint.py sam2.1_hiera_tiny.pt [OUT.safetensors]

Run it where PyTorch is installed (e.g. Debian's python3-torch); nothing else is
needed. The tensor names are kept (image_encoder.*, memory_attention.*, ...);
Permanence reads the model size (tiny, small, base_plus, large) from the shapes.
Pass the output with `permanence-cli track --backend sam2 --weights OUT.safetensors`.
"""
import json
import os
import struct
import sys

import torch

# safetensors dtype names of the tensor types a checkpoint may hold.
DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}
REQUIRED = ("image_encoder.trunk.patch_embed.proj.weight", "memory_attention.layers.0.linear1.weight",
            "sam_mask_decoder.iou_token.weight", "maskmem_tpos_enc")


def raw_bytes(tensor: torch.Tensor) -> bytes:
    flat = tensor.contiguous().reshape(-1)
    if flat.dtype == torch.bfloat16:  # numpy has no bfloat16: same bits as int16
        flat = flat.view(torch.int16)
    return flat.numpy().tobytes()


def write_safetensors(path: str, tensors: dict) -> None:
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        value = tensors[name]
        data = raw_bytes(value)
        header[name] = {"dtype": DTYPES[value.dtype], "shape": list(value.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # keeps the data area 8-byte aligned
    partial = path + ".partial"
    with open(partial, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for data in blobs:
            out.write(data)
    os.replace(partial, path)


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    source = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) == 3 else source.rsplit(".", 1)[0] + ".safetensors"
    if os.path.exists(target):
        print(f"{target}: exists; remove it or name another output", file=sys.stderr)
        return 1
    # weights_only refuses anything but tensors and containers: the file is data.
    checkpoint = torch.load(source, map_location="cpu", weights_only=True)
    state = checkpoint.get("model", checkpoint) if isinstance(checkpoint, dict) else None
    if not isinstance(state, dict):
        print(f"{source}: not a SAM 2.1 checkpoint (no state dict)", file=sys.stderr)
        return 1
    tensors = {name: value for name, value in state.items() if isinstance(value, torch.Tensor)}
    for required in REQUIRED:
        if required not in tensors:
            print(f"{source}: not a SAM 2.1 checkpoint (no '{required}')", file=sys.stderr)
            return 1
    unsupported = sorted(name for name, value in tensors.items() if value.dtype not in DTYPES)
    if unsupported:
        print(f"{source}: tensor '{unsupported[0]}' has dtype {tensors[unsupported[0]].dtype}, which safetensors "
              f"files for Permanence cannot hold", file=sys.stderr)
        return 1
    write_safetensors(target, tensors)
    print(f"{target}: {len(tensors)} tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
