
# ---------------------------------------------------------------------------
# Command line, one device or torchrun/DDP, and the results file.
# ---------------------------------------------------------------------------
def js_number(x):
    """Numbers in labels as the lab (JavaScript) writes them: 1 not 1.0, 0.00001 not 1e-05."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if float(x).is_integer() and abs(x) < 1e21:
        return str(int(x))
    if 1e-7 <= abs(x) < 1e21:
        return format(decimal.Decimal(repr(float(x))), "f")
    return repr(float(x)).replace("e-0", "e-").replace("e+0", "e+")


def init_label(init):
    params = [f"{k}={js_number(init[k]) if k != 'mode' else init[k]}" for k in ("std", "limit", "value", "mode", "gain") if k in init]
    return f"{init['scheme']} ({', '.join(params)})" if params else init["scheme"]


def variant_label(v, e):
    """Only the dimensions the experiment varies (or sets) are named, as the lab's variantLabel."""
    parts = [init_label(v["init"])]
    if len(e["bn"]) > 1 or v["bn"] != "none":
        parts.append("no BN" if v["bn"] == "none" else f"BN {v['bn']}")
    if len(e["zero"]) > 1 or v["zero"] != "none":
        parts.append("no zero-init" if v["zero"] == "none" else f"zero {v['zero']}")
    return " · ".join(parts)


def plan_runs(e):
    """Variants are init x bn x zero, each run `seeds` times with seeds seed, seed+1, ...; the batch
    order's seed is the same for every run, so only the variant differs (experiment/plan.ts)."""
    variants = [{"init": i, "bn": b, "zero": z} for i in e["init"] for b in e["bn"] for z in e["zero"]]
    runs = []
    for index, v in enumerate(variants):
        for repeat in range(e["seeds"]):
            label = variant_label(v, e) + (f" #{repeat + 1}" if e["seeds"] > 1 else "")
            runs.append({**v, "runId": f"v{index}s{repeat}", "variant": index, "repeat": repeat, "label": label,
                         "initSeed": e["seed"] + repeat, "dataSeed": e["seed"]})
    return runs


def parse_args(argv):
    p = argparse.ArgumentParser(description="Run the Init Lab experiment this file was exported from.")
    p.add_argument("--idx", metavar="PATH", help="a directory or .zip of IDX files: train-* and val-* (the lab's export) or t10k-*")
    p.add_argument("--dataset", choices=["mnist", "fashion", "cifar10"], help="a torchvision dataset (downloaded into --data-root)")
    p.add_argument("--data-root", default="data", help="where torchvision keeps --dataset (default: ./data)")
    p.add_argument("--width", type=int, help="units per dense layer (scale up)")
    p.add_argument("--depth", type=int, help="layers or residual blocks")
    p.add_argument("--channels", type=int, help="channels per conv layer")
    p.add_argument("--steps", type=int, help="train exactly this many steps")
    p.add_argument("--epochs", type=int, help="train this many epochs")
    p.add_argument("--init-weights", metavar="NPZ", help="the lab's initial weights (default: initial-weights.npz beside this file, if there)")
    p.add_argument("--no-init-weights", action="store_true", help="draw the initial weights with PyTorch's generator even if a .npz is there")
    p.add_argument("--out", default="init-lab-pytorch-results.json", help="results JSON, for the lab's Import results")
    p.add_argument("--save-weights", metavar="DIR", help="also save each run's final parameters and buffers, per rank (final-<run>-rank<r>.pt)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    return p.parse_args(argv)


def experiment_with(args):
    e = dict(EXPERIMENT)
    for key in ("width", "depth", "channels"):
        value = getattr(args, key)
        if value is not None:
            if value < 1:
                raise SystemExit(f"--{key} must be at least 1")
            e[key] = value
    if args.steps is not None:
        e["steps"] = args.steps
    if args.epochs is not None:
        e["epochs"], e["steps"] = args.epochs, None
    return e


def setup_distributed(choice):
    world = int(os.environ.get("WORLD_SIZE", "1"))
    use_cuda = torch.cuda.is_available() if choice == "auto" else choice == "cuda"
    if world == 1:
        return {"rank": 0, "world": 1, "device": torch.device("cuda" if use_cuda else "cpu"), "backend": None}
    backend = "nccl" if use_cuda else "gloo"
    dist.init_process_group(backend)
    rank, local = dist.get_rank(), int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device("cuda", local) if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    return {"rank": rank, "world": world, "device": device, "backend": backend}


def load_data(args, dist_info, here):
    barrier = dist.barrier if dist_info["world"] > 1 else (lambda: None)
    if args.idx and args.dataset:
        raise SystemExit("choose one of --idx and --dataset")
    if args.dataset:
        return load_torchvision(args.dataset, args.data_root, dist_info["rank"] == 0, barrier)
    path = args.idx or os.path.join(here, "init-lab-data-idx.zip")
    if not args.idx and not os.path.exists(path):
        raise SystemExit("no data: pass --idx DIR (e.g. the lab's Export data (IDX) zip) or --dataset mnist|fashion|cifar10")
    return load_idx(path)


# What the initial weights depend on: a .npz made for other values of these cannot be used.
WEIGHT_KEYS = ("arch", "depth", "width", "channels", "kernel", "act", "slope", "init", "gain", "bn", "zero", "seed", "seeds")


def initial_weights(args, e, here):
    """The lab's own draws if asked for (or found beside this file and fitting), else None;
    an lsuv experiment refuses to start without them (its scales come from the lab's data pass)."""
    arrays, note = lab_weights(args, e, here)
    if arrays is None and any(c["scheme"] == "lsuv" for c in e["init"]):
        raise SystemExit(f"{LSUV_NEEDS_WEIGHTS} (here: {note})")
    return arrays, note


def lab_weights(args, e, here):
    if args.no_init_weights:
        return None, "drawn by PyTorch's generator (--no-init-weights): same distributions as the lab, other numbers"
    path = args.init_weights or os.path.join(here, "initial-weights.npz")
    if not os.path.exists(path):
        if args.init_weights:
            raise SystemExit(f"--init-weights {path}: no such file")
        return None, "drawn by PyTorch's generator: same distributions as the lab, other numbers (no initial-weights.npz)"
    meta, arrays = read_initial_weights(path)
    same = all(meta["experiment"].get(k) == e[k] for k in WEIGHT_KEYS)
    if not same:
        if args.init_weights:
            raise SystemExit(f"--init-weights {path} was exported for another experiment (or size): {', '.join(WEIGHT_KEYS)} must match")
        return None, f"drawn by PyTorch's generator: {os.path.basename(path)} is for another experiment or size"
    return arrays, f"the lab's own initial weights, from {os.path.basename(path)}"


def results_file(e, data, runs, dist_info, weights_note, elapsed):
    device = dist_info["device"]
    renderer = torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or platform.machine()
    return {
        "format": "init-lab-results",
        "version": 1,
        "exportedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "shareUrl": "",
        "experiment": e,
        "environment": {
            "backend": "pytorch",
            "renderer": renderer,
            "tfjsVersion": None,
            "fallbackReason": None,
            "userAgent": f"Python {platform.python_version()} on {platform.system()}",
            "framework": "PyTorch",
            "frameworkVersion": torch.__version__,
            "device": device.type,
            "worldSize": dist_info["world"],
            "distributedBackend": dist_info["backend"],
            "initialWeights": weights_note,
            "wallSeconds": elapsed,
        },
        "dataset": {"name": data["name"], "train": data["train_x"].shape[0], "validation": data["val_x"].shape[0]},
        "runs": runs,
    }


def main(argv=None):
    started = time.time()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    here = os.path.dirname(os.path.abspath(__file__))
    dist_info = setup_distributed(args.device)
    rank, world = dist_info["rank"], dist_info["world"]
    log = print if rank == 0 else (lambda *a, **k: None)
    e = experiment_with(args)
    if e["bs"] % world:
        raise SystemExit(f"batch size {e['bs']} does not split evenly over {world} processes")
    data = prepare_data(load_data(args, dist_info, here))
    per_epoch = data["train_x"].shape[0] // e["bs"]  # whole batches only: the lab drops the ragged last one
    if per_epoch < 1:
        raise SystemExit(f"batch size {e['bs']} is larger than the {data['train_x'].shape[0]} training images")
    total = e["steps"] if e["steps"] is not None else e["epochs"] * per_epoch
    plan = {"total": total, "per_epoch": per_epoch, "eval_every": eval_every(total, data["val_x"].shape[0], e["bs"])}
    exact, weights_note = initial_weights(args, e, here)
    if (data["train_x"].shape[0], data["val_x"].shape[0]) != (LAB_DATA["train"], LAB_DATA["validation"]):
        log(f"note: the lab trained on {LAB_DATA['train']} / {LAB_DATA['validation']} images ({LAB_DATA['source']}); "
            "its Export data (IDX) gives this script exactly those")
    log(f"data: {data['name']}, {data['train_x'].shape[0]} train / {data['val_x'].shape[0]} validation images {tuple(data['shape'])}"
        + (f" ({data['note']})" if data["note"] else ""))
    log(f"initial weights: {weights_note}")
    log(f"device: {dist_info['device']}, {world} process(es)" + (f", {dist_info['backend']}" if world > 1 else ""))
    if world > 1 and dist_info["device"].type != "cuda":
        log("note: without CUDA there is no SyncBatchNorm, so each rank's batch norm sees only its own "
            f"{e['bs'] // world} examples of every batch of {e['bs']} (statistics are per rank)")
    elif world > 1:
        log("note: SyncBatchNorm computes BN statistics over the global batch, with PyTorch's unbiased moving variance")
    series = []
    for run in plan_runs(e):
        log(f"run {run['runId']}: {run['label']}, {total} steps")
        s, net = train_run(run, e, data, plan, dist_info, exact, log)
        series.append(s)
        if args.save_weights:
            os.makedirs(args.save_weights, exist_ok=True)
            # Parameters are the same on every rank (DDP averages the gradients). BN's moving
            # statistics are each rank's own; DDP broadcasts rank 0's before every forward pass.
            state = {"parameters": {k: v.detach().cpu() for k, v in net.named_parameters()},
                     "buffers": {k: v.cpu() for k, v in net.named_buffers()}}
            torch.save(state, os.path.join(args.save_weights, f"final-{run['runId']}-rank{rank}.pt"))
    if rank == 0:
        out = results_file(e, data, series, dist_info, weights_note, time.time() - started)
        with open(args.out, "w") as f:
            json.dump(out, f, allow_nan=False)
        log(f"wrote {args.out}: open it in the lab with Import results")
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
