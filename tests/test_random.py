"""mg.Generator and PyTorch's CPU random streams: the generator's API, its state, and every
transform bit for bit against PyTorch 2.13 (many seeds, sizes on both sides of each threshold,
float32 and float64, interleaved calls)."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad as mg
from minigrad.random import Generator
from tests.helpers import SETTINGS

SEEDS = [0, 1, 42, 2147483647, 2 ** 32 + 5, 2 ** 64 - 1]
SIZES = [1, 2, 15, 16, 17, 31, 32, 33, 100]


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def same(a, b):
    """Bit-identical values (and shape) of a minigrad and a torch tensor."""
    a, b = a.detach().numpy(), b.detach().numpy()
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)


def both(torch, seed):
    return Generator().manual_seed(seed), torch.Generator().manual_seed(seed)


# -- the generator without PyTorch -------------------------------------------------------------
def test_mt19937_is_the_reference_twister():
    """C++'s std::mt19937 (seed 5489) must give 4123659995 as its 10000th number."""
    g = Generator().manual_seed(5489)
    assert int(g.stream.u32(10000)[-1]) == 4123659995


def test_manual_seed_returns_the_generator_and_restarts_the_stream():
    g = Generator()
    assert g.manual_seed(7) is g and g.initial_seed() == 7
    first = g.random((5,))
    assert np.array_equal(g.manual_seed(7).random((5,)), first)
    assert not np.array_equal(g.random((5,)), first)


def test_seed_draws_a_fresh_64_bit_seed():
    g = Generator()
    s = g.seed()
    assert 0 <= s < 2 ** 64 and g.initial_seed() == s and Generator().seed() != s


@pytest.mark.parametrize("seed, stored", [(-1, 2 ** 64 - 1), (-2 ** 63, 2 ** 63), (True, None)])
def test_seed_range_as_pytorch(seed, stored):
    if stored is None:
        with pytest.raises(RuntimeError, match="manual_seed expected a long, but got bool"):
            Generator().manual_seed(seed)
    else:
        assert Generator().manual_seed(seed).initial_seed() == stored


@pytest.mark.parametrize("seed", [2 ** 64, -2 ** 63 - 1])
def test_seed_out_of_range_fails_and_changes_nothing(seed):
    g = Generator().manual_seed(3)
    state = g.get_state()
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        g.manual_seed(seed)
    with pytest.raises(RuntimeError, match="expected a long, but got float"):
        g.manual_seed(1.5)
    assert mg.equal(g.get_state(), state) and g.initial_seed() == 3


@pytest.mark.parametrize("algorithm", ["mt19937", "numpy"])
def test_state_round_trips_mid_stream(algorithm):
    g = Generator(algorithm=algorithm).manual_seed(11)
    g.normal(0.0, 1.0, (3,))                      # leaves a cached normal (mt19937)
    state = g.get_state()
    assert state.dtype == mg.uint8
    a = [g.normal(0.0, 1.0, (3,)), g.random((40,), np.float32), g.integers(0, 9, (5,))]
    g.set_state(state)
    b = [g.normal(0.0, 1.0, (3,)), g.random((40,), np.float32), g.integers(0, 9, (5,))]
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_bad_states_are_refused_and_change_nothing():
    g = Generator().manual_seed(5)
    before = g.get_state()
    with pytest.raises(TypeError, match="ByteTensor"):
        g.set_state(mg.zeros(5056))
    with pytest.raises(RuntimeError, match="size 5056 but found the input RNG state size to be 10"):
        g.set_state(mg.zeros(10, dtype=mg.uint8))
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        g.set_state(mg.zeros(5056, dtype=mg.uint8))
    assert mg.equal(g.get_state(), before)
    fast = Generator(algorithm="numpy").manual_seed(5)
    before = fast.get_state()
    with pytest.raises(RuntimeError, match="Invalid state for a Generator"):
        fast.set_state(g.get_state())
    assert mg.equal(fast.get_state(), before)


def test_module_functions_drive_the_default_generator():
    assert mg.manual_seed(9) is mg.default_generator and mg.initial_seed() == 9
    state = mg.get_rng_state()
    a = mg.randn(20)
    mg.set_rng_state(state)
    assert mg.equal(mg.randn(20), a)
    assert mg.seed() == mg.initial_seed()
    assert mg.manual_seed(3.7).initial_seed() == 3          # int() first, as torch.manual_seed


def test_numpy_algorithm_is_reproducible_and_not_pytorchs():
    a = Generator(algorithm="numpy").manual_seed(4)
    b = Generator(algorithm="numpy").manual_seed(4)
    assert np.array_equal(a.standard_normal((50,), np.float32),
                          b.standard_normal((50,), np.float32))
    assert not np.array_equal(a.random((8,)), Generator().manual_seed(4).random((8,)))
    with pytest.raises(ValueError, match="algorithm must be one of"):
        Generator(algorithm="pcg")


def test_generator_argument_is_checked():
    with pytest.raises(TypeError, match="generator must be a minigrad.Generator"):
        mg.randn(3, generator=np.random.default_rng(0))
    with pytest.raises(RuntimeError, match="Expected a 'cuda' device type for generator but "
                                           "found 'cpu'"):
        mg.randn(3, device="cuda", generator=Generator())


# -- against PyTorch ---------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_seeding_and_uniform_match(torch, seed):
    g, tg = both(torch, seed)
    for n in SIZES:
        assert same(mg.rand(n, generator=g), torch.rand(n, generator=tg))
        assert same(mg.rand(n, dtype=mg.float64, generator=g),
                    torch.rand(n, dtype=torch.float64, generator=tg))
        assert same(mg.empty(n).uniform_(-0.3, 0.7, generator=g),
                    torch.empty(n).uniform_(-0.3, 0.7, generator=tg))
        assert same(mg.empty(n, dtype=mg.float64).uniform_(-2, 5, generator=g),
                    torch.empty(n, dtype=torch.float64).uniform_(-2, 5, generator=tg))


@pytest.mark.parametrize("seed", SEEDS[:4])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_normal_matches_below_and_above_16(torch, seed, dtype):
    g, tg = both(torch, seed)
    for n in SIZES + [4099]:
        for mean, std in [(0.0, 1.0), (0.5, 0.02), (-3.0, 7.3)]:
            assert same(mg.empty(n, dtype=getattr(mg, dtype)).normal_(mean, std, generator=g),
                        torch.empty(n, dtype=getattr(torch, dtype)).normal_(mean, std,
                                                                              generator=tg)), n
    assert same(mg.randn(3, 5, generator=g), torch.randn(3, 5, generator=tg))


@given(seed=st.integers(0, 2 ** 64 - 1), n=st.integers(1, 300),
       dtype=st.sampled_from(["float32", "float64"]))
@SETTINGS
def test_randn_matches_any_seed_and_size(seed, n, dtype):
    torch = pytest.importorskip("torch")
    g, tg = both(torch, seed)
    for _ in range(2):
        assert same(mg.randn(n, dtype=getattr(mg, dtype), generator=g),
                    torch.randn(n, dtype=getattr(torch, dtype), generator=tg))


def test_interleaved_calls_and_the_cached_normal(torch):
    mg.manual_seed(123)
    torch.manual_seed(123)
    for n in [3, 1, 20, 5, 7, 16, 2]:
        assert same(mg.rand(n), torch.rand(n))
        assert same(mg.randn(n), torch.randn(n))          # odd n < 16 leaves a cached value
        assert same(mg.randn(n, dtype=mg.float64), torch.randn(n, dtype=torch.float64))
        assert same(mg.randint(0, 27, (n,)), torch.randint(0, 27, (n,)))
        assert np.array_equal(mg.get_rng_state().numpy(), torch.get_rng_state().numpy())


def test_state_is_pytorchs_layout_both_ways(torch):
    mg.manual_seed(5)
    torch.manual_seed(5)
    mg.randn(3)
    torch.randn(3)
    torch.set_rng_state(torch.from_numpy(mg.get_rng_state().numpy()))
    assert same(mg.randn(7), torch.randn(7))
    torch.randn(5, dtype=torch.float64)
    mg.set_rng_state(mg.tensor(torch.get_rng_state().numpy()))
    assert same(mg.randn(5), torch.randn(5))


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_integers_and_permutations(torch, seed):
    g, tg = both(torch, seed)
    assert same(mg.randint(3, 17, (50,), generator=g), torch.randint(3, 17, (50,), generator=tg))
    assert same(mg.randint(-5, 2 ** 33, (9,), generator=g),
                torch.randint(-5, 2 ** 33, (9,), generator=tg))
    assert same(mg.randint(10, (2, 3), generator=g), torch.randint(10, (2, 3), generator=tg))
    for n in [0, 1, 2, 17, 1000]:
        assert same(mg.randperm(n, generator=g), torch.randperm(n, generator=tg))
    t = mg.empty(8, dtype=mg.int64)
    assert same(t.random_(4, 9, generator=g),
                torch.empty(8, dtype=torch.int64).random_(4, 9, generator=tg))
    assert same(t.random_(generator=g), torch.empty(8, dtype=torch.int64).random_(generator=tg))
    assert same(mg.empty(8).random_(generator=g), torch.empty(8).random_(generator=tg))


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_bernoulli_exponential_multinomial(torch, seed):
    g, tg = both(torch, seed)
    p = mg.rand(40, generator=g)
    tp = torch.rand(40, generator=tg)
    assert same(mg.bernoulli(p, generator=g), torch.bernoulli(tp, generator=tg))
    assert same(mg.bernoulli(p.double(), generator=g), torch.bernoulli(tp.double(), generator=tg))
    assert same(p.bernoulli(0.3, generator=g), tp.bernoulli(0.3, generator=tg))
    assert same(mg.empty(30).bernoulli_(0.7, generator=g),
                torch.empty(30).bernoulli_(0.7, generator=tg))
    for dtype in ["float32", "float64"]:
        assert same(mg.empty(25, dtype=getattr(mg, dtype)).exponential_(2.5, generator=g),
                    torch.empty(25, dtype=getattr(torch, dtype)).exponential_(2.5, generator=tg))
    w, tw = p.reshape(4, 10), tp.reshape(4, 10)
    for k, replace in [(1, False), (6, False), (10, False), (1, True), (25, True)]:
        assert same(mg.multinomial(w, k, replace, generator=g),
                    torch.multinomial(tw, k, replace, generator=tg))
        assert same(w[1].double().multinomial(k, replace, generator=g),
                    tw[1].double().multinomial(k, replace, generator=tg))


def test_multinomial_errors(torch):
    with pytest.raises(RuntimeError, match="without replacement"):
        mg.multinomial(mg.ones(3), 4)
    with pytest.raises(RuntimeError, match="sum of probabilities <= 0"):
        mg.multinomial(mg.zeros(3), 1)
    with pytest.raises(RuntimeError, match="element < 0"):
        mg.multinomial(mg.tensor([1.0, -1.0]), 1)


def test_normal_overloads(torch):
    mg.manual_seed(8)
    torch.manual_seed(8)
    m, tm = mg.arange(20.0), torch.arange(20.0)
    s, ts = mg.rand(20) + 0.1, torch.rand(20) + 0.1
    assert same(mg.normal(0.5, 2.0, size=(4, 5)), torch.normal(0.5, 2.0, size=(4, 5)))
    assert same(mg.normal(2, 3, (17,), dtype=mg.float64),
                torch.normal(2, 3, (17,), dtype=torch.float64))
    assert same(mg.normal(m), torch.normal(tm))
    assert same(mg.normal(m, 0.3), torch.normal(tm, 0.3))
    assert same(mg.normal(1.5, s), torch.normal(1.5, ts))
    assert same(mg.normal(m, s), torch.normal(tm, ts))
    assert same(mg.normal(m[:5], s[:1]), torch.normal(tm[:5], ts[:1]))
    g, tg = both(torch, 3)
    x = mg.normal(0.0, 1.0, size=(3,), generator=g, requires_grad=True)
    assert x.requires_grad and same(x, torch.normal(0.0, 1.0, size=(3,), generator=tg))
    with pytest.raises(RuntimeError, match="std >= 0.0"):
        mg.normal(m, -1.0)


def test_every_random_function_runs_on_cuda():
    """CuPy's generator on "cuda" (the strict stand-in without a GPU): results stay there."""
    g = Generator("cuda").manual_seed(3)
    x = mg.randn(3, 20, device="cuda", generator=g)
    p = mg.rand(3, 20, device="cuda")
    results = [x, p, mg.randint(0, 5, (3,), device="cuda"), mg.randperm(5, device="cuda"),
               mg.normal(x, 1.0), mg.normal(x, p), mg.bernoulli(p), x.clone().bernoulli_(p),
               x.clone().normal_().uniform_().bernoulli_(0.3).random_(0, 4).exponential_(),
               mg.multinomial(p, 2), mg.nn.functional.dropout(x, 0.5),
               mg.nn.functional.rrelu(x, training=True)]
    for init in ("kaiming_uniform_", "trunc_normal_", "orthogonal_"):
        results.append(getattr(mg.nn.init, init)(mg.empty(4, 3, device="cuda")))
    assert all(r.device == mg.device("cuda") for r in results)
    assert mg.Generator("cuda").manual_seed(3).initial_seed() == 3


def test_permutation_without_a_permutation_method():
    """CuPy's Generator has no permutation: argsort of uniforms gives one."""
    class UniformsOnly:
        def __init__(self):
            self.rng = np.random.default_rng(0)

        def random(self, n):
            return self.rng.random(n)

    g = Generator(algorithm="numpy")
    g.stream = UniformsOnly()
    assert sorted(g.permutation(50).tolist()) == list(range(50))


@pytest.mark.parametrize("shape", [(5, 4), (20, 30), (3, 4, 5)])
def test_strided_views_fill_in_memory_order(torch, shape):
    """A transposed or stepped view: draws in storage order, normals by the scalar path."""
    mg.manual_seed(2)
    torch.manual_seed(2)
    a, ta = mg.empty(*shape), torch.empty(*shape)
    v, tv = a.transpose(0, 1), ta.transpose(0, 1)
    assert same(v.normal_(0.1, 2.0), tv.normal_(0.1, 2.0)) and same(a, ta)
    assert same(v.uniform_(-1, 2), tv.uniform_(-1, 2))
    assert same(v.bernoulli_(0.3), tv.bernoulli_(0.3))
    assert same(v.bernoulli_(mg.rand(*v.shape)), tv.bernoulli_(torch.rand(*tv.shape)))
    assert same(v.exponential_(), tv.exponential_())
    assert same(a[:, ::2].normal_(), ta[:, ::2].normal_()) and same(a, ta)
