"""bench.py's replay of minigrad's NumPy calls for a W1 step is what minigrad computes: from the
same weights and batch, one step of each leaves the same parameters, bit for bit. (The replay
is written out by hand; this keeps it honest when an op changes.)"""
import importlib.util
import pathlib

import numpy as np

import minigrad as mg

BENCH = pathlib.Path(__file__).resolve().parents[2] / "examples" / "benchmarks" / "bench.py"


def test_replay_matches_a_minigrad_step_bit_for_bit():
    spec = importlib.util.spec_from_file_location("bench_for_test", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    replay = bench.numpy_replay_w1()
    start = [p.copy() for p in replay.params]
    x, y = replay.batch
    model = mg.nn.Sequential(mg.nn.Linear(784, 256), mg.nn.ReLU(), mg.nn.Linear(256, 256),
                             mg.nn.ReLU(), mg.nn.Linear(256, 10))
    layers = [model[0], model[2], model[4]]
    with mg.no_grad():
        for layer, w, b in zip(layers, start[:3], start[3:]):
            layer.weight.copy_(mg.tensor(w))
            layer.bias.copy_(mg.tensor(b))
    opt = mg.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for _ in range(2):                                    # the second step uses the buffers
        replay()
        opt.zero_grad()
        mg.nn.CrossEntropyLoss()(model(mg.tensor(x)), mg.tensor(y)).backward()
        opt.step()
    mine = [layer.weight for layer in layers] + [layer.bias for layer in layers]
    for got, want in zip(mine, replay.params):
        np.testing.assert_array_equal(got.detach().numpy(), want)
    assert not np.array_equal(replay.params[0], start[0])      # it did train
