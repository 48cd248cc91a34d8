def direct():
    # ruleid: taint-case-python-literal-sink
    connect("sk_a1b2c3d4")


def through_a_name():
    key = "sk_e5f6g7h8"
    # ruleid: taint-case-python-literal-sink
    connect(key)


def other_literal():
    # ok: taint-case-python-literal-sink
    connect("guest")
