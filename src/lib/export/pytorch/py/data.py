
# ---------------------------------------------------------------------------
# Data: IDX files (what the lab's "Export data (IDX)" writes, or full MNIST/Fashion-MNIST
# downloads) or torchvision's datasets; standardised exactly as the lab does.
# ---------------------------------------------------------------------------
IDX_IMAGES, IDX_LABELS = 0x00000803, 0x00000801


def parse_idx(raw, name):
    """An IDX images or labels file (unsigned bytes), plain or gzipped, as a uint8 tensor."""
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 8:
        raise SystemExit(f"{name}: only {len(raw)} bytes, too short for an IDX file")
    (magic,) = struct.unpack(">I", raw[:4])
    if magic == IDX_IMAGES and len(raw) >= 16:
        shape, body = struct.unpack(">III", raw[4:16]), raw[16:]
    elif magic == IDX_LABELS:
        shape, body = struct.unpack(">I", raw[4:8]), raw[8:]
    else:
        raise SystemExit(f"{name}: magic number {magic:#010x} is not an IDX images (0x00000803) or labels (0x00000801) file")
    if len(body) != math.prod(shape):
        raise SystemExit(f"{name}: its header promises {math.prod(shape)} bytes of data, the file has {len(body)}")
    return torch.frombuffer(bytearray(body), dtype=torch.uint8).reshape(shape)


def load_idx(path):
    """train-* and val-* (the lab's own split, as its IDX export writes it), else t10k-* as validation."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            files = {os.path.basename(n): z.read(n) for n in z.namelist() if not n.endswith("/")}
        read = files.__getitem__
        names = set(files)
    elif os.path.isdir(path):
        names = set(os.listdir(path))
        read = lambda n: open(os.path.join(path, n), "rb").read()  # noqa: E731
    else:
        raise SystemExit(f"--idx {path}: not a directory or a .zip of IDX files")

    def find(prefix, kind):
        plain = f"{prefix}-{kind}-idx{3 if kind == 'images' else 1}-ubyte"
        return next((n for n in (plain, plain + ".gz") if n in names), None)

    val = "val" if find("val", "images") else "t10k"
    parts = {}
    for split in ("train", val):
        image_file, label_file = find(split, "images"), find(split, "labels")
        if not image_file or not label_file:
            raise SystemExit(f"--idx {path}: no {split}-images-idx3-ubyte / {split}-labels-idx1-ubyte (plain or .gz) there")
        images = parse_idx(read(image_file), image_file)
        labels = parse_idx(read(label_file), label_file)
        if images.dim() != 3 or labels.dim() != 1 or images.shape[0] != labels.shape[0]:
            raise SystemExit(f"--idx {path}: {image_file} and {label_file} do not hold the same number of images and labels")
        parts[split] = (images.unsqueeze(1), labels.long())
    note = None if val == "val" else "validation = the t10k (test) files; the lab itself splits its training file 80/20 instead"
    name = os.path.basename(os.path.normpath(path))
    name = name[: -len(".zip")] if name.endswith(".zip") else name
    return {"name": name, "train": parts["train"], "validation": parts[val], "note": note}


def load_torchvision(name, root, is_main, barrier):
    try:
        import torchvision
    except ImportError:
        raise SystemExit("--dataset needs torchvision (pip install torchvision, or apt-get install python3-torchvision); or use --idx DIR")
    cls = {"mnist": torchvision.datasets.MNIST, "fashion": torchvision.datasets.FashionMNIST, "cifar10": torchvision.datasets.CIFAR10}[name]
    if is_main:  # one rank downloads, the others wait and read
        try:
            cls(root, train=True, download=True), cls(root, train=False, download=True)
        except (RuntimeError, OSError) as error:
            raise SystemExit(f"torchvision could not get {name} into {root} ({error}); offline? Pass the IDX files with --idx DIR instead")
    barrier()

    def part(train):
        ds = cls(root, train=train, download=False)
        x = torch.as_tensor(ds.data)
        # MNIST-like data is [N, 28, 28]; CIFAR-10 is [N, 32, 32, 3]: both become [N, C, H, W].
        x = x.unsqueeze(1) if x.dim() == 3 else x.permute(0, 3, 1, 2).contiguous()
        return x, torch.as_tensor(ds.targets).long()

    pretty = {"mnist": "MNIST", "fashion": "Fashion-MNIST", "cifar10": "CIFAR-10"}[name]
    return {"name": pretty, "train": part(True), "validation": part(False), "note": "validation = the official test split"}


def pixel_moments(images):
    """The lab's pixelMoments (data/batches.ts): mean and population std on the [0, 1] scale,
    from a 256-bin histogram in float64, summed in the same order, so the numbers are identical."""
    histogram = torch.bincount(images.reshape(-1), minlength=256).tolist()
    n = images.numel()
    total = 0.0
    for v in range(256):
        total += histogram[v] * v
    mean = total / n / 255
    squares = 0.0
    for v in range(256):
        d = v / 255 - mean
        squares += histogram[v] * d * d
    return mean, math.sqrt(squares / n)


def standardise(images, mean, std):
    """x = pixel / (255 std) - mean / std in float64, rounded once to float32, as the lab's gpu-data.ts.
    One mean and std over every pixel (and channel): the lab's input scale, not per-channel."""
    scale, shift = 1 / (255 * std), mean / std
    return (images.double() * scale - shift).float()


def prepare_data(raw):
    train_x, train_y = raw["train"]
    val_x, val_y = raw["validation"]
    mean, std = pixel_moments(train_x)
    std = std if std > 0 else 1.0  # a blank dataset: leave the scale alone rather than divide by 0
    val_count = val_x.shape[0]
    probe_count = min(PROBE_SIZE, val_count)
    # Every k-th validation image: the lab's split is ordered by class, so a prefix would be one digit.
    probe_index = torch.tensor([(i * val_count) // probe_count for i in range(probe_count)])
    val = standardise(val_x, mean, std)
    return {
        "name": raw["name"],
        "note": raw["note"],
        "shape": tuple(train_x.shape[1:]),
        "train_x": standardise(train_x, mean, std),
        "train_y": train_y,
        "val_x": val,
        "val_y": val_y,
        "probe_x": val[probe_index],
        "mean": mean,
        "std": std,
    }
