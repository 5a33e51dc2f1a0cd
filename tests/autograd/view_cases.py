"""In-place ops through views: cases run by test_views.py (with PyTorch 2.13's answers) and
test_views_oracle.py (against live PyTorch). Each takes the module and a tensor factory and
returns x.grad as a list, or the start of the error message."""


def _run(m, t, body):
    x = t([[1.0, 2.0], [3.0, 4.0]])
    try:
        loss = body(m, x)
        loss.backward()
    except RuntimeError as err:
        return str(err)[:40]
    return x.grad.tolist()


def slice_mul(m, x):
    y = x * 1
    v = y[0]
    v.mul_(3)
    v.mul_(2)
    return y.sum()


def view_mul(m, x):
    y = x * 1
    y.view(4).mul_(3)
    return (y * y).sum()


def transpose_setitem(m, x):
    y = x * 1
    v = y.T
    v[0] = v[0] * 10
    return (y * y).sum()


def chained_views(m, x):
    y = x * 1
    v = y.reshape(4)[1:].view(3)[1:]
    v.mul_(x[0])
    return (y * y).sum()


def row_assignment(m, x):
    y = x * 1
    y[0] = y[0] * 10
    return (y * y).sum()


def element_of_row(m, x):
    y = x * 1
    y[0][1] = 7.0
    return (y * y).sum()


def sibling_view_sees_update(m, x):
    y = x * 2
    r = y.view(4)
    y[1].zero_()
    return (r * 3).sum()


def view_sees_base_update(m, x):
    y = x * 2
    r = y.view(4)
    y.mul_(5)
    return (r * 3).sum()


def write_from_another_view(m, x):
    y = x * 2
    r = y[0]
    y[1] = r * 2
    return (y * 3).sum()


def column_after_row_update(m, x):
    y = x * 2
    r, c = y[0], y[:, 1]
    r += 1
    return (c * c).sum()


def saved_base_modified_through_view(m, x):
    y = x * 2
    z = y * y                     # saves y
    y[0:1].add_(1)
    return z.sum()


def saved_view_modified_through_base(m, x):
    y = x * 1
    w = y[0] ** 2                 # saves the view y[0]
    y.add_(1)
    return w.sum()


def view_of_leaf(m, x):
    x.T[0].mul_(2)
    return x.sum()


CASES = [slice_mul, view_mul, transpose_setitem, chained_views, row_assignment,
         element_of_row, sibling_view_sees_update, view_sees_base_update,
         write_from_another_view, column_after_row_update, saved_base_modified_through_view,
         saved_view_modified_through_base, view_of_leaf]
