
# ---------------------------------------------------------------------------
# The four architectures (engine/architectures.ts). Hidden activations are collected in
# forward order, each labelled by how many kernels precede it (L1, L2, ...), as the lab does.
# ---------------------------------------------------------------------------
class LabBatchNorm(nn.modules.batchnorm._BatchNorm):
    """Batch norm as TF.js's tf.layers.batchNormalization does it, for dense [N, C] and conv
    [N, C, H, W] inputs:
    - TF.js's momentum (0.9 in the lab) is the weight of the OLD moving statistics:
      moving = 0.9 moving + 0.1 batch. PyTorch's momentum is the weight of the NEW batch (0.1 here).
    - TF.js updates the moving variance with the batch's biased variance (divide by n);
      torch.nn.BatchNorm uses the unbiased one (n - 1). This layer does what TF.js does.
    - epsilon 1e-5, set explicitly (TF.js's own default is 1e-3)."""

    def __init__(self, num_features):
        super().__init__(num_features, eps=BN_EPSILON, momentum=1 - BN_MOMENTUM_OLD, affine=True, track_running_stats=True)
        self.batch_stats_probe = False  # normalise with batch statistics without updating the moving ones

    def _check_input_dim(self, x):
        if x.dim() not in (2, 4):
            raise ValueError(f"LabBatchNorm takes [N, C] or [N, C, H, W], got {tuple(x.shape)}")

    def forward(self, x):
        if not self.training and not self.batch_stats_probe:
            return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)
        if self.training:
            dims = [0] + list(range(2, x.dim()))
            with torch.no_grad():
                mean, var = x.mean(dims), x.var(dims, unbiased=False)
                self.running_mean.mul_(BN_MOMENTUM_OLD).add_(mean, alpha=1 - BN_MOMENTUM_OLD)
                self.running_var.mul_(BN_MOMENTUM_OLD).add_(var, alpha=1 - BN_MOMENTUM_OLD)
        return F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, self.eps)


def activation(act, slope):
    layers = {
        "relu": lambda: nn.ReLU(),
        "leaky_relu": lambda: nn.LeakyReLU(negative_slope=slope),
        "tanh": lambda: nn.Tanh(),
        "sigmoid": lambda: nn.Sigmoid(),
        "linear": lambda: nn.Identity(),
        "elu": lambda: nn.ELU(alpha=1.0),  # TF.js's elu has alpha 1
        "selu": lambda: nn.SELU(),  # the same two constants as TF.js (1.6732632..., 1.0507009...)
        "gelu": lambda: nn.GELU(approximate="none"),  # exact x Phi(x) with erf, as tfjs-layers' gelu
    }
    if act not in layers:
        raise ValueError(f"no PyTorch translation for activation {act!r}")
    return layers[act]()


class HiddenLayer(nn.Module):
    """linear -> [BN] -> act -> [BN], as bn says (none | before | after)."""

    def __init__(self, linear, units, bn, act, slope, label):
        super().__init__()
        if bn not in ("none", "before", "after"):
            raise ValueError(f"no PyTorch translation for bn mode {bn!r}")
        self.linear, self.label = linear, label
        self.bn_before = LabBatchNorm(units) if bn == "before" else None
        self.act = activation(act, slope)
        self.bn_after = LabBatchNorm(units) if bn == "after" else None

    def forward(self, x, taps):
        y = self.linear(x)
        if self.bn_before is not None:
            y = self.bn_before(y)
        y = self.act(y)
        taps.append(y)
        return self.bn_after(y) if self.bn_after is not None else y


class ResidualBlock(nn.Module):
    """Post-activation (He et al. 2016a): y = act(x + F(x)), F = linear -> [BN] -> act -> linear
    -> [BN] (-> alpha). Zero-init acts on F's last kernel, its last BN gamma, or alpha."""

    def __init__(self, make_linear, units, bn, act, slope, alpha, labels):
        super().__init__()
        self.first = make_linear()
        self.bn1 = LabBatchNorm(units) if bn != "none" else None
        self.act1 = activation(act, slope)
        self.last = make_linear()
        self.bn2 = LabBatchNorm(units) if bn != "none" else None
        # SkipInit/ReZero: a learned scalar that starts at 0, so the block starts as the identity.
        self.alpha = nn.Parameter(torch.zeros(())) if alpha else None
        self.act2 = activation(act, slope)
        self.labels = labels

    def forward(self, x, taps):
        b = self.first(x)
        if self.bn1 is not None:
            b = self.bn1(b)
        b = self.act1(b)
        taps.append(b)
        b = self.last(b)
        if self.bn2 is not None:
            b = self.bn2(b)
        if self.alpha is not None:
            b = b * self.alpha
        y = self.act2(x + b)
        taps.append(y)
        return y


class Pool(nn.Module):
    """Max-pool 2x2, stride 2, no padding (TF.js maxPooling2d poolSize 2)."""

    def forward(self, x, taps):
        return F.max_pool2d(x, 2)


class ChannelsLastFlatten(nn.Module):
    """TF.js flattens [N, H, W, C]: index (h W + w) C + c. Flattening channels-last keeps the head's
    inputs in that order, so its kernel means the same as the lab's (and the .npz weights fit)."""

    def forward(self, x, taps):
        return x.permute(0, 2, 3, 1).flatten(1)


class LabNet(nn.Module):
    def __init__(self, e, run, in_shape):
        super().__init__()
        arch, bn = e["arch"], run["bn"]
        zero = zero_init_plan(e, run)
        self.kernels = []  # every Linear/Conv2d in forward order: the lab's kernel layers
        self.branch_ends = []  # the last kernel of each residual branch
        self.branch_end_norms = []  # the last BN of each residual branch
        channels, size = in_shape[0], in_shape[1]
        flat = math.prod(in_shape)
        blocks = []

        def dense(n_in, n_out):
            layer = nn.Linear(n_in, n_out)
            self.kernels.append(layer)
            return layer

        def conv(n_in, n_out):
            # 'same' padding: for the lab's odd kernels (3, 5) TF.js pads k // 2 on every side.
            layer = nn.Conv2d(n_in, n_out, e["kernel"], padding=e["kernel"] // 2)
            self.kernels.append(layer)
            return layer

        def hidden(layer, units):
            return HiddenLayer(layer, units, bn, e["act"], e["slope"], f"L{len(self.kernels)}")

        def residual(make, units):
            n = len(self.kernels)
            block = ResidualBlock(make, units, bn, e["act"], e["slope"], zero["alpha"], (f"L{n + 1}", f"L{n + 2}"))
            self.branch_ends.append(block.last)
            if block.bn2 is not None:
                self.branch_end_norms.append(block.bn2)
            return block

        if arch == "mlp":
            n_in = flat
            for _ in range(e["depth"]):
                blocks.append(hidden(dense(n_in, e["width"]), e["width"]))
                n_in = e["width"]
        elif arch == "cnn":
            for i in range(e["depth"]):
                blocks.append(hidden(conv(channels, e["channels"]), e["channels"]))
                channels = e["channels"]
                if i < 2:  # pool after the first two conv layers (28 -> 14 -> 7)
                    blocks.append(Pool())
                    size //= 2
            blocks.append(ChannelsLastFlatten())
            n_in = size * size * channels
        elif arch == "resmlp":
            # A stem maps the pixels to the block width, so every skip is a pure identity.
            blocks.append(hidden(dense(flat, e["width"]), e["width"]))
            for _ in range(e["depth"]):
                blocks.append(residual(lambda: dense(e["width"], e["width"]), e["width"]))
            n_in = e["width"]
        elif arch == "rescnn":
            # Stem at 28x28, blocks at 14x14 then 7x7: channels never change, so no projections.
            c = e["channels"]
            blocks += [hidden(conv(channels, c), c), Pool()]
            size //= 2
            first_stage = math.ceil(e["depth"] / 2)
            for i in range(e["depth"]):
                if i == first_stage:
                    blocks.append(Pool())
                    size //= 2
                blocks.append(residual(lambda: conv(c, c), c))
            if e["depth"] <= 1:
                blocks.append(Pool())
                size //= 2
            blocks.append(ChannelsLastFlatten())
            n_in = size * size * c
        else:
            raise ValueError(f"no PyTorch translation for arch {arch!r}")
        self.blocks = nn.ModuleList(blocks)
        self.head = dense(n_in, NUM_CLASSES)
        self.labels = [f"L{i + 1}" for i in range(len(self.kernels) - 1)] + ["out"]
        self.hidden_labels = [label for b in blocks for label in ((b.label,) if isinstance(b, HiddenLayer) else getattr(b, "labels", ()))]
        self.flat_input = arch in ("mlp", "resmlp")
        self.has_bn = any(isinstance(m, LabBatchNorm) for m in self.modules())

    def forward(self, x, taps=None):
        taps = [] if taps is None else taps
        if self.flat_input:
            x = x.flatten(1)  # MLPs take the image row-major, as the lab's 784-vector
        for block in self.blocks:
            x = block(x, taps)
        return self.head(x)


def tfjs_shape(layer):
    """A kernel's shape as the lab (TF.js) holds it: dense [in, out], conv [kh, kw, in, out]."""
    if isinstance(layer, nn.Linear):
        return [layer.in_features, layer.out_features]
    return [layer.kernel_size[0], layer.kernel_size[1], layer.in_channels, layer.out_channels]


def zero_init_plan(e, run):
    """What the variant's residual zero-init mode does here (engine/zero-init.ts zeroInitPlan)."""
    mode, notes = run["zero"], []
    if mode not in ("none", "kernel", "gamma", "alpha", "both"):
        raise ValueError(f"no PyTorch translation for zero-init mode {mode!r}")
    if mode == "none":
        return {"kernel": False, "gamma": False, "alpha": False, "notes": notes}
    if e["arch"] not in ("resmlp", "rescnn"):
        notes.append(f'zero-init "{mode}" applies to residual branches; this {e["arch"].upper()} has none, so it has no effect.')
        return {"kernel": False, "gamma": False, "alpha": False, "notes": notes}
    has_bn = run["bn"] != "none"
    kernel = mode in ("kernel", "both")
    gamma = mode in ("gamma", "both") and has_bn
    if mode in ("gamma", "both") and not has_bn:
        notes.append(f'zero-init "{mode}" zeroes the last batch-norm gamma of each branch, but batch norm is off: there is no gamma to zero.')
    if kernel and gamma:
        notes.append("Both the last kernel and the last BN gamma of every branch start at zero: neither can ever move. "
                     "Only the branch's last BN beta still learns, a per-unit constant added before each block's activation.")
    elif kernel and has_bn:
        notes.append("The last kernel of every branch starts at zero, but batch norm follows it: BN divides its output by "
                     "sqrt(eps), so its first gradient is amplified up to 1/sqrt(eps) = 316x, and from step 2 BN rescales the "
                     "branch to unit variance. With BN, zero the last gamma instead (zero=gamma).")
    return {"kernel": kernel, "gamma": gamma, "alpha": mode == "alpha", "notes": notes}


LSUV_NEEDS_WEIGHTS = (
    "init=lsuv: LSUV scales every layer by what it measures on the lab's own 256 training digits, a pass this "
    "script does not redo, so it cannot draw lsuv weights itself. Export the lab's initial weights "
    "(Export -> PyTorch -> Initial weights, initial-weights.npz) and put them beside this file or pass --init-weights."
)


@torch.no_grad()
def initialise(net, e, run, exact):
    """Writes the initial weights; returns the lab's LayerInfo of every kernel. `exact`: the
    lab's own draws from the .npz (TF.js layout), else PyTorch's generator, per-layer seeded."""
    zero = zero_init_plan(e, run)
    layers = []
    for index, (layer, label) in enumerate(zip(net.kernels, net.labels)):
        shape = tfjs_shape(layer)
        info = describe_init(run["init"], shape, e["act"], e["slope"], e["gain"])
        zeroed = zero["kernel"] and any(layer is k for k in net.branch_ends)
        # The seed comes from the layer's position, so a zeroed layer does not shift the others' draws.
        seed = derive_seed(run["initSeed"], "layer", index)
        if zeroed:
            w = torch.zeros_like(layer.weight)
        elif exact is not None:
            key = f"{run['runId']}/{label}"
            if key not in exact or list(exact[key].shape) != shape:
                raise SystemExit(f"initial weights: no {key} of shape {shape} in the .npz (made for another experiment or size?)")
            w = to_torch_layout(exact[key])
        elif run["init"]["scheme"] == "lsuv":
            raise SystemExit(LSUV_NEEDS_WEIGHTS)
        elif run["init"]["scheme"] == "torch_default":
            w = torch_default_kernel(layer.weight.shape, seed)
        else:
            w = draw_kernel(info, shape, seed)
        layer.weight.copy_(w)
        layer.bias.fill_(e["bias"])  # every bias starts at the experiment's bias
        std = info["std"]
        if run["init"]["scheme"] == "lsuv":
            # LSUV's scale came with the .npz: an orthonormal Q times s has RMS s / sqrt(max(rows, cols)), the std drawn.
            std = float(w.double().pow(2).mean().sqrt())
        layers.append({
            "name": f"{label}/kernel", "label": label, "shape": shape,
            "fanIn": info["fan_in"], "fanOut": info["fan_out"],
            "initStd": 0.0 if zeroed else std, "initMean": 0.0 if zeroed else info["mean"], "gain": info["gain"],
        })
    if zero["gamma"]:
        for norm in net.branch_end_norms:
            norm.weight.zero_()
    return layers, zero["notes"]
