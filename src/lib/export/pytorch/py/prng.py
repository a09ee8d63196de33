
# ---------------------------------------------------------------------------
# The lab's seeded randomness (src/lib/random/prng.ts), ported bit for bit: the batch
# order of every epoch and the per-layer weight seeds come from here, so this script visits
# the training images in the very order the browser did.
# ---------------------------------------------------------------------------
MASK32 = 0xFFFFFFFF


def derive_seed(seed, *path):
    """deriveSeed: FNV-1a over the text "seed/label/...", then murmur3's 32-bit finaliser."""
    h = 0x811C9DC5
    text = f"{seed & MASK32}/" + "/".join(str(p) for p in path)
    for ch in text:  # JS hashes UTF-16 code units; every path here is ASCII
        h ^= ord(ch)
        h = (h * 0x01000193) & MASK32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK32
    h ^= h >> 16
    return h


class Sfc32:
    """sfc32, as the lab's Prng: 32-bit arithmetic written out with masks."""

    def __init__(self, seed):
        self.a, self.b, self.c, self.d = 0x9E3779B9, 0x243F6A88, 0xB7E15162, seed & MASK32
        for _ in range(15):  # mix the seed through the state
            self.next_uint32()

    def next_uint32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b + d) & MASK32
        self.d = (d + 1) & MASK32
        self.a = b ^ (b >> 9)
        self.b = (c + (c << 3)) & MASK32
        c = ((c << 21) | (c >> 11)) & MASK32
        self.c = (c + t) & MASK32
        return t

    def next(self):
        """Uniform in [0, 1) from 27 + 26 random bits, exactly as the lab computes it."""
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def int(self, n):
        return math.floor(self.next() * n)


def epoch_order(count, seed, epoch):
    """The lab's epochOrder (data/batches.ts): Fisher-Yates seeded by (seed, 'epoch', epoch)."""
    rng = Sfc32(derive_seed(seed, "epoch", epoch))
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = rng.int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order
