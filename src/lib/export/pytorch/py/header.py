#!/usr/bin/env python3
"""An Init Lab experiment, exported to PyTorch.

It runs the experiment that was on screen in Init Lab (every variant and seed of the
comparison) with the lab's architecture, initializers, optimizer, batch size and batch
order, and records what the lab records, in the lab's results format: open the JSON it
writes with "Import results" in the lab to see these runs beside the browser's.

  python experiment.py --idx init-lab-data-idx.zip             # one device
  torchrun --nproc_per_node=N experiment.py --idx DIR           # DistributedDataParallel
  python experiment.py --dataset fashion --width 1024 --depth 8 # scaled up, torchvision data
  python experiment.py --help

Where TF.js (the lab) and PyTorch disagree on a convention, this file says so and does what
the lab does: search for "TF.js". Nothing here downloads anything unless --dataset asks
torchvision to.
"""
import argparse
import ast
import datetime
import decimal
import gzip
import json
import math
import os
import platform
import struct
import sys
import time
import zipfile

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
