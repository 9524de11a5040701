from motcua.core import ratelimit


def test_allows_up_to_limit_then_refuses():
    results = [ratelimit.hit("k", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.hit("other", limit=3, window_seconds=60)
