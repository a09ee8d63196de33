
# ---------------------------------------------------------------------------
# Optimizer, training loop and what is recorded (engine/run-trainer.ts, train-experiment.ts).
# ---------------------------------------------------------------------------
def make_optimizer(params, opt, lr):
    if opt == "sgd":  # w -= lr g
        return torch.optim.SGD(params, lr=lr, momentum=0.0)
    if opt == "momentum":
        # TF.js's momentum: v = 0.9 v + g; w -= lr v. torch.optim.SGD with dampening 0 and no
        # Nesterov is exactly that (its first step sets v = g, which is 0.9 * 0 + g).
        return torch.optim.SGD(params, lr=lr, momentum=MOMENTUM, dampening=0.0, nesterov=False)
    if opt == "adam":
        # TF.js's Adam: w -= lr (m / c1) / (sqrt(v / c2) + eps), the same as PyTorch's, but with
        # epsilon = the TF.js backend's epsilon, 1e-7 on float32 devices (PyTorch's default is 1e-8).
        return torch.optim.Adam(params, lr=lr, betas=(BETA1, BETA2), eps=ADAM_EPSILON)
    raise ValueError(f"no PyTorch translation for optimizer {opt!r}")


def finite_or_none(x):
    """JSON has no NaN or Infinity; the lab's own export writes them as null too."""
    return x if math.isfinite(x) else None


def floats(t):
    return [finite_or_none(float(v)) for v in t.tolist()]


def activation_stats(h, act, label):
    """The lab's activationStatsTensor: over all values of a hidden activation on the probe batch."""
    units = h.shape[1]
    # TF.js tensors are channels-last: rows of [N*H*W, C] in that order, so the histogram's
    # first HISTOGRAM_SAMPLE values are the same ones the lab counts.
    rows = (h.permute(0, 2, 3, 1) if h.dim() == 4 else h).reshape(-1, units).double()
    mean, std = rows.mean(), rows.var(unbiased=False).sqrt()
    # Units (channels) that are <= 0 on every probe image: dead for ReLU. NaN where units cannot die.
    inactive = (rows.max(0).values <= 0).double().mean() if act in INACTIVE_ACTIVATIONS else torch.tensor(math.nan)
    lo, hi = rows.min(), rows.max()
    sample = rows.reshape(-1)[:HISTOGRAM_SAMPLE]
    inner = torch.arange(1, HISTOGRAM_BINS, dtype=torch.float64) / HISTOGRAM_BINS * (hi - lo) + lo
    below = (sample[:, None] < inner[None, :]).double().sum(0)
    cumulative = torch.cat([torch.zeros(1, dtype=torch.float64), below, torch.tensor([float(sample.numel())], dtype=torch.float64)])
    counts = cumulative[1:] - cumulative[:-1]
    return {
        "label": label, "mean": finite_or_none(float(mean)), "std": finite_or_none(float(std)),
        "inactive": finite_or_none(float(inactive)), "min": finite_or_none(float(lo)), "max": finite_or_none(float(hi)),
        "histogram": floats(counts),
    }


@torch.no_grad()
def evaluate(net, data, step, act, update_ratios):
    """Validation loss/accuracy in inference mode, kernel norms, unit spread and activation
    statistics on the fixed probe batch: the lab's evaluate()."""
    net.eval()
    loss_sum, correct, count = 0.0, 0, data["val_x"].shape[0]
    for start in range(0, count, EVAL_CHUNK):
        x, y = data["val_x"][start : start + EVAL_CHUNK], data["val_y"][start : start + EVAL_CHUNK]
        logits = net(x)
        loss_sum += float(F.cross_entropy(logits, y, reduction="sum"))
        correct += int((logits.argmax(1) == y).sum())
    # At step 0 the moving statistics are still (0, 1), so the lab measures a BN net's
    # activations at init with batch statistics (without updating the moving ones).
    # (SyncBatchNorm, on CUDA under DDP, has no such mode: there even step 0 uses the moving ones.)
    norms = [m for m in net.modules() if isinstance(m, LabBatchNorm)]
    bn_stats = None if not net.has_bn else "batch" if step == 0 and norms else "moving"
    for m in norms:
        m.batch_stats_probe = bn_stats == "batch"
    taps = []
    net(data["probe_x"], taps)
    for m in norms:
        m.batch_stats_probe = False
    net.train()
    # Per kernel: the largest |w - w'| between any unit's incoming weights and the first unit's
    # (rows of the PyTorch layout are units): exactly 0 while symmetry is unbroken.
    spread = [float((k.weight.reshape(k.weight.shape[0], -1) - k.weight.reshape(k.weight.shape[0], -1)[:1]).abs().max()) for k in net.kernels]
    return {
        "step": step,
        "valLoss": finite_or_none(loss_sum / count),
        "valAccuracy": correct / count,
        "weightNorms": [finite_or_none(float(k.weight.norm())) for k in net.kernels],
        "updateRatios": [finite_or_none(r) for r in update_ratios] if update_ratios else [None] * len(net.kernels),
        "unitSpread": [finite_or_none(s) for s in spread],
        "activations": [activation_stats(h, act, label) for h, label in zip(taps, net.hidden_labels)],
        "bnStats": bn_stats,
    }


def eval_every(total, val_count, bs):
    """About 25 evaluations per run, but at most one per 4 (validation set + 256-image probe)
    batches' worth of steps: the lab's rule (engine/eval-cadence.ts)."""
    return max(1, math.ceil(total / 25), math.ceil(4 * (val_count + min(256, val_count)) / bs))


def evaluates_at(step, total, every):
    """Every `every` steps and at the last; one less than half a period before the last is left to it."""
    return step == total or (step % every == 0 and total - step >= every / 2)


def train_run(run, e, data, plan, dist_info, exact, log):
    """One run (variant x seed) from init to its last step, on the lab's batches in the lab's order."""
    rank, world = dist_info["rank"], dist_info["world"]
    device = dist_info["device"]
    net = LabNet(e, run, data["shape"])
    layers, notes = initialise(net, e, run, exact)
    net.to(device)
    model = net
    if world > 1:
        if device.type == "cuda":
            model = nn.SyncBatchNorm.convert_sync_batchnorm(net)  # BN statistics over the global batch
            net = model
        model = nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = make_optimizer(model.parameters(), e["opt"], e["lr"])
    on_device = {k: v.to(device) if torch.is_tensor(v) else v for k, v in data.items()}
    bs, local = e["bs"], e["bs"] // world
    series = {
        "runId": run["runId"], "label": run["label"], "variant": run["variant"], "repeat": run["repeat"],
        "status": "running", "layers": layers, "activation": e["act"], "notes": notes, "totalSteps": plan["total"],
        "stepsPerEpoch": plan["per_epoch"], "batchSize": bs, "loss": [], "gradNorms": [[] for _ in layers],
        "evals": [], "examplesPerSec": 0, "trainMs": 0,
    }
    if rank == 0:
        series["evals"].append(evaluate(net, on_device, 0, e["act"], None))
    order, train_ms = None, 0.0
    for step in range(1, plan["total"] + 1):
        epoch, offset = (step - 1) // plan["per_epoch"], ((step - 1) % plan["per_epoch"]) * bs
        if offset == 0 or order is None:
            order = torch.tensor(epoch_order(data["train_x"].shape[0], run["dataSeed"], epoch))
        # Every rank takes its own slice of the lab's global batch; DDP averages the gradients,
        # which is the gradient of the global batch's mean loss.
        index = order[offset + rank * local : offset + (rank + 1) * local].to(device)
        x, y = on_device["train_x"][index], on_device["train_y"][index]
        eval_now = evaluates_at(step, plan["total"], plan["eval_every"])
        before = [k.weight.detach().clone() for k in net.kernels] if eval_now else None
        started = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)  # = tf.losses.softmaxCrossEntropy on logits, mean over the batch
        loss.backward()
        numbers = torch.stack([loss.detach()] + [k.weight.grad.detach().pow(2).sum() for k in net.kernels])
        optimizer.step()
        values = numbers.double().cpu().tolist()
        if world > 1:  # the global batch's loss; gradients are already averaged, hence equal on every rank
            total = loss.detach().clone()
            dist.all_reduce(total)
            values[0] = float(total) / world
        train_ms += (time.perf_counter() - started) * 1000
        norms = [math.sqrt(v) for v in values[1:]]
        if not all(math.isfinite(v) for v in [values[0]] + norms):
            series["status"], series["divergedAt"] = "diverged", step
            log(f"  {run['runId']}: diverged at step {step} (loss or a gradient norm is not finite)")
            break
        series["loss"].append(values[0])
        for layer, n in enumerate(norms):
            series["gradNorms"][layer].append(n)
        if eval_now and rank == 0:
            ratios = [float((k.weight - b).norm() / b.norm()) if float(b.norm()) > 0 else math.nan for k, b in zip(net.kernels, before)]
            series["evals"].append(evaluate(net, on_device, step, e["act"], ratios))
            last = series["evals"][-1]
            log(f"  {run['runId']} step {step}/{plan['total']}: loss {values[0]:.4f}, val loss {last['valLoss']:.4f}, val acc {100 * last['valAccuracy']:.2f}%")
    if series["status"] == "running":
        series["status"] = "done"
    series["trainMs"] = train_ms
    series["examplesPerSec"] = len(series["loss"]) * bs * 1000 / train_ms if train_ms > 0 else 0
    return series, net
