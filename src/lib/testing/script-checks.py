"""Test helper for the PyTorch export's unit tests (script.test.ts): checks generated scripts
from Python's side. Usage: python3 script-checks.py MODE INPUT.json, printing one JSON result.

  structure  {"files": [...], "allowed": [...]}: each file's top-level statements (ast.dump),
             with the data block checked to be literals of numbers and allowed strings only
  describe   {"script": path, "cases": [...]}: describe_init for each case (no torch needed)
  prng       {"script": path, "seeds": [...], "orders": [...]}: derive_seed and epoch_order
  forward    {"script": path, "cases": [...]}: builds each net with the lab's weights, returns
             its logits in training mode (BN batch statistics) and then in inference mode
"""
import ast
import json
import sys
import types

DATA_NAMES = {"EXPERIMENT", "LAB_DATA"}


def literal_problem(node, allowed):
    """None if node is a literal of dicts, lists, numbers, None, booleans and allowed strings."""
    for n in ast.walk(node):
        if isinstance(n, (ast.Dict, ast.List, ast.Load, ast.USub)):
            continue
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) and isinstance(n.operand, ast.Constant):
            continue
        if isinstance(n, ast.Constant):
            if isinstance(n.value, str) and n.value not in allowed:
                return f"string {n.value[:40]!r} is not an allowed id"
            if not isinstance(n.value, (int, float, str, type(None))):
                return f"constant of type {type(n.value).__name__}"
            continue
        return f"{type(n).__name__} in the data block"
    return None


def structure(spec):
    allowed = set(spec["allowed"])
    out = []
    for path in spec["files"]:
        try:
            tree = ast.parse(open(path, encoding="utf-8").read())
        except SyntaxError as e:
            out.append({"error": f"SyntaxError: {e}"})
            continue
        statements, problems = [], []
        for stmt in tree.body:
            targets = [t.id for t in getattr(stmt, "targets", []) if isinstance(t, ast.Name)]
            if isinstance(stmt, ast.Assign) and len(targets) == 1 and targets[0] in DATA_NAMES:
                statements.append(f"data {targets[0]}")
                problem = literal_problem(stmt.value, allowed)
                if problem:
                    problems.append(f"{targets[0]}: {problem}")
            else:
                statements.append(ast.dump(stmt))
        out.append({"statements": statements, "problems": problems})
    return out


class _Anything(type):
    """A stand-in for torch where only pure-Python parts of a script are exercised."""

    def __getattr__(cls, name):
        return _Anything(name, (), {})

    def __call__(cls, *args, **kwargs):
        return cls


def load(path, real_torch):
    if not real_torch:
        for name in ("torch", "torch.nn", "torch.nn.functional", "torch.distributed"):
            sys.modules.setdefault(name, _Anything(name, (), {}))
    module = types.ModuleType("exported")
    module.__file__ = path
    exec(compile(open(path, encoding="utf-8").read(), path, "exec"), module.__dict__)
    return module


def describe(spec):
    m = load(spec["script"], real_torch=False)
    out = []
    for c in spec["cases"]:
        try:
            out.append(m.describe_init(c["choice"], c["shape"], c["act"], c["slope"], c["gain"]))
        except ValueError as e:
            out.append({"error": str(e)})
    return out


def prng(spec):
    m = load(spec["script"], real_torch=False)
    return {
        "seeds": [m.derive_seed(s["seed"], *s["path"]) for s in spec["seeds"]],
        "orders": [m.epoch_order(o["count"], o["seed"], o["epoch"]) for o in spec["orders"]],
    }


def forward(spec):
    m = load(spec["script"], real_torch=True)
    import torch

    out = []
    for c in spec["cases"]:
        e = c["experiment"]
        _, arrays = m.read_initial_weights(c["weights"])
        x = m.read_npy(open(c["input"], "rb").read(), c["input"])
        results = []
        for run in m.plan_runs(e):
            net = m.LabNet(e, run, tuple(c["inShape"]))
            layers, _ = m.initialise(net, e, run, arrays)
            net.train()
            with torch.no_grad():
                train = net(x.reshape(-1, *c["inShape"]))
                net.eval()
                infer = net(x.reshape(-1, *c["inShape"]))
            results.append({"train": train.reshape(-1).tolist(), "infer": infer.reshape(-1).tolist(),
                            "hidden": net.hidden_labels, "shapes": [l["shape"] for l in layers],
                            "initStd": [l["initStd"] for l in layers]})
        out.append(results)
    return out


def no_weights(spec):
    """What the script says when asked to draw an experiment without the lab's .npz: from
    initialise (one run) and from initial_weights (the script's start), or 'ok' if it draws."""
    import types

    m = load(spec["script"], real_torch=True)
    e = spec["experiment"]
    said = {}
    run = m.plan_runs(e)[0]
    try:
        m.initialise(m.LabNet(e, run, (1, 28, 28)), e, run, None)
        said["initialise"] = "ok"
    except SystemExit as stop:
        said["initialise"] = str(stop)
    try:
        m.initial_weights(types.SimpleNamespace(no_init_weights=False, init_weights=None), e, spec["here"])
        said["start"] = "ok"
    except SystemExit as stop:
        said["start"] = str(stop)
    return said


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    print(json.dumps({"structure": structure, "describe": describe, "prng": prng, "forward": forward, "no_weights": no_weights}[mode](json.load(open(path)))))
