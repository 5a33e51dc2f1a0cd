"""Regenerate the graph pictures of docs/course/01 and 02 and the README (needs Graphviz).

    python docs/figures/make_graph_figures.py [--out DIR]      (default: docs/figures)

Writes tanh_mse_graph.svg (the lecture's L = mean((tanh(x w + b) − y)²) after
backward), micrograd_graph.svg (L = (a·b + c)·f with every gradient) and
micrograd_step_1.svg ... micrograd_step_7.svg (backward, one node at a time).
"""
import argparse
import pathlib

import minigrad as mg


def tanh_mse():
    mg.manual_seed(0)
    x, y = mg.randn(8, 3), mg.randn(8, 4)
    w = mg.randn(3, 4, requires_grad=True)
    b = mg.zeros(4, requires_grad=True)
    L = ((x @ w + b).tanh() - y).pow(2).mean()
    L.backward(retain_graph=True)          # keep the graph: draw_graph re-runs it for the edges
    return mg.viz.draw_graph(L, names={"w": w, "b": b, "L": L})


def micrograd():
    a, b, c, f = (mg.tensor(v, requires_grad=True) for v in (2.0, -3.0, 10.0, -2.0))
    e = a * b
    d = e + c
    L = d * f
    names = dict(a=a, b=b, c=c, f=f, e=e, d=d, L=L)
    with mg.autograd.trace(names=names) as t:
        L.backward()
    return (mg.viz.draw_graph(L, names=names, trace=t),
            mg.viz.draw_frames(L, t, names=names))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=pathlib.Path(__file__).parent, type=pathlib.Path)
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    print(tanh_mse().render(out / "tanh_mse_graph.svg"))
    whole, frames = micrograd()
    print(whole.render(out / "micrograd_graph.svg"))
    for k, frame in enumerate(frames, 1):
        print(frame.render(out / f"micrograd_step_{k}.svg"))


if __name__ == "__main__":
    main()
