
# ---------------------------------------------------------------------------
# Initializers: the lab's formulas (engine/init/describe.ts), written out. Shapes and fans
# are in the lab's TF.js layout, dense [in, out] and conv [kh, kw, in, out]; the fans are the
# same as PyTorch's for [out, in] and [out, in, kh, kw], so only the layout differs.
# ---------------------------------------------------------------------------
def compute_fans(shape):
    """Last two dims are (inputs, outputs); every dim before them is a receptive field."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return receptive * shape[-2], receptive * shape[-1]


def activation_gain(act, slope):
    """torch.nn.init.calculate_gain's values; ELU and GELU (which it lacks) get the lab's
    variance-preserving gain 1/sqrt(E[f(z)^2]), z ~ N(0, 1), computed by the lab."""
    gains = {
        "linear": 1.0,
        "sigmoid": 1.0,
        "tanh": 5 / 3,
        "relu": math.sqrt(2),
        "leaky_relu": math.sqrt(2 / (1 + slope * slope)),
        "selu": 0.75,
        "elu": ELU_GAIN,
        "gelu": GELU_GAIN,
    }
    if act not in gains:
        raise ValueError(f"no gain for activation {act!r}")
    return gains[act]


def resolve_gain(choice, act, slope, gain_setting):
    """gain=auto: He takes the activation's gain, Xavier/LeCun/orthogonal take 1 (their papers'
    and PyTorch's defaults); gain=act: every scheme takes the activation's; a number: that number.
    A gain set on the variant itself wins. Schemes without a gain return None."""
    if not SCHEME_USES_GAIN[choice["scheme"]]:
        return None
    if "gain" in choice:
        return choice["gain"]
    if not isinstance(gain_setting, str):
        return gain_setting
    if gain_setting == "act" or choice["scheme"] in ("he_uniform", "he_normal"):
        return activation_gain(act, slope)
    return 1.0


def describe_init(choice, shape, act, slope, gain_setting):
    """The exact distribution of one kernel: {dist, std, bound, mean, gain, fan_in, fan_out}."""
    fan_in, fan_out = compute_fans(shape)
    gain = resolve_gain(choice, act, slope, gain_setting)
    g = 1.0 if gain is None else gain
    mode = choice.get("mode", SCHEME_DEFAULTS["mode"])
    fan = fan_in if mode == "fan_in" else fan_out
    scheme = choice["scheme"]

    def normal(std):
        return {"dist": "normal", "std": std, "bound": None, "mean": 0.0}

    def uniform(bound):
        return {"dist": "uniform", "std": bound / math.sqrt(3), "bound": bound, "mean": 0.0}

    if scheme == "zeros":
        d = {"dist": "zeros", "std": 0.0, "bound": None, "mean": 0.0}
    elif scheme == "constant":
        d = {"dist": "constant", "std": 0.0, "bound": None, "mean": choice.get("value", SCHEME_DEFAULTS["value"])}
    elif scheme == "normal":
        d = normal(choice.get("std", SCHEME_DEFAULTS["std"]))
    elif scheme == "uniform":
        d = uniform(choice.get("limit", SCHEME_DEFAULTS["limit"]))
    elif scheme == "xavier_uniform":  # Glorot & Bengio 2010: a = g sqrt(6 / (fan_in + fan_out))
        d = uniform(g * math.sqrt(6 / (fan_in + fan_out)))
    elif scheme == "xavier_normal":  # sigma = g sqrt(2 / (fan_in + fan_out))
        d = normal(g * math.sqrt(2 / (fan_in + fan_out)))
    elif scheme in ("he_uniform", "lecun_uniform"):  # a = g sqrt(3 / fan); LeCun is He with gain 1
        d = uniform(g * math.sqrt(3 / fan))
    elif scheme in ("he_normal", "lecun_normal"):  # sigma = g / sqrt(fan), untruncated
        d = normal(g / math.sqrt(fan))
    elif scheme == "torch_default":  # kaiming_uniform_(a=sqrt 5) = U(+-1/sqrt(fan_in))
        d = uniform(1 / math.sqrt(fan_in))
    elif scheme in ("orthogonal", "lsuv"):  # g Q with Q orthonormal; entries have sigma = g / sqrt(max(rows, cols))
        # lsuv: this is its draw before the lab's data-driven scale (gain 1), which only the .npz carries.
        rows, cols = math.prod(shape[:-1]), shape[-1]
        d = {"dist": "orthogonal", "std": g / math.sqrt(max(rows, cols)), "bound": None, "mean": 0.0}
    else:
        raise ValueError(f"no PyTorch translation for init scheme {scheme!r}")
    return {**d, "gain": gain, "fan_in": fan_in, "fan_out": fan_out}


def to_torch_layout(w):
    """TF.js dense [in, out] -> PyTorch [out, in]; TF.js conv [kh, kw, in, out] -> [out, in, kh, kw]."""
    if w.dim() == 2:
        return w.t().contiguous()
    if w.dim() == 4:
        return w.permute(3, 2, 0, 1).contiguous()
    return w


def lab_orthogonal(rows, cols, gain, generator):
    """A Haar-random rows x cols matrix with orthonormal columns (or rows, if wide), times gain:
    QR of a Gaussian with each column of Q multiplied by sign(R_kk) (Mezzadri 2007), as the lab."""
    a = torch.randn(rows, cols, generator=generator, dtype=torch.float64)
    tall = rows >= cols
    q, r = torch.linalg.qr(a if tall else a.t())
    q = q * torch.where(torch.diagonal(r) >= 0, 1.0, -1.0)
    return gain * (q if tall else q.t())


def draw_kernel(info, tfjs_shape, seed):
    """One kernel in PyTorch layout, drawn with PyTorch's generator seeded by the lab's per-layer
    seed: the same distribution as the lab's draw, not the same numbers (for those, use the .npz)."""
    generator = torch.Generator().manual_seed(seed)
    dist_ = info["dist"]
    if dist_ == "zeros":
        w = torch.zeros(tfjs_shape, dtype=torch.float64)
    elif dist_ == "constant":
        w = torch.full(tfjs_shape, float(info["mean"]), dtype=torch.float64)
    elif dist_ == "normal":  # untruncated, unlike TF.js's truncatedNormal-based initializers
        w = info["std"] * torch.randn(tfjs_shape, generator=generator, dtype=torch.float64)
    elif dist_ == "uniform":
        w = info["bound"] * (2 * torch.rand(tfjs_shape, generator=generator, dtype=torch.float64) - 1)
    elif dist_ == "orthogonal":
        rows, cols = math.prod(tfjs_shape[:-1]), tfjs_shape[-1]
        w = lab_orthogonal(rows, cols, info["gain"] if info["gain"] is not None else 1.0, generator).reshape(tfjs_shape)
    else:
        raise ValueError(f"unknown distribution {dist_!r}")
    return to_torch_layout(w.float())


def torch_default_kernel(torch_shape, seed):
    """torch_default is PyTorch's own Linear/Conv init, so it is drawn by PyTorch's own function:
    kaiming_uniform_(a=sqrt 5): gain sqrt(2/(1+5)), bound gain*sqrt(3/fan_in) = 1/sqrt(fan_in).
    (Biases still start at the experiment's bias, as in the lab, not at U(+-1/sqrt(fan_in)).)"""
    w = torch.empty(torch_shape)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    return w


def read_npy(data, name):
    """A little-endian float32 .npy (the format numpy writes); the header is a Python literal."""
    if data[:6] != b"\x93NUMPY":
        raise SystemExit(f"{name}: not a .npy array")
    header_len, start = (struct.unpack("<H", data[8:10])[0], 10) if data[6] == 1 else (struct.unpack("<I", data[8:12])[0], 12)
    header = ast.literal_eval(data[start : start + header_len].decode("latin1"))
    shape = tuple(header["shape"])
    body = data[start + header_len :]
    if header["descr"] != "<f4" or header["fortran_order"] or len(body) != 4 * math.prod(shape):
        raise SystemExit(f"{name}: expected a C-order little-endian float32 array of shape {shape}")
    return torch.frombuffer(bytearray(body), dtype=torch.float32).reshape(shape).clone()


def read_initial_weights(path):
    """The lab's initial-weights .npz: one TF.js-layout kernel per run and layer, named
    '<runId>/<label>.npy', and init-lab.json saying which experiment they belong to."""
    with zipfile.ZipFile(path) as z:
        meta = json.loads(z.read("init-lab.json"))
        arrays = {n[: -len(".npy")]: read_npy(z.read(n), n) for n in z.namelist() if n.endswith(".npy")}
    if meta.get("format") != "init-lab-initial-weights" or meta.get("version") != 1:
        raise SystemExit(f"{path}: not an Init Lab initial-weights file (version 1)")
    return meta, arrays
