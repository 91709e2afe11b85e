"""portal.redis_cache: Django's Redis cache, with one client kept per connection pool."""

import threading


def test_it_keeps_one_client_and_works_as_a_cache(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool

    redis_cache.set("greeting", {"text": "hello"}, 30)
    assert redis_cache.get("greeting") == {"text": "hello"}
    assert redis_cache.add("greeting", "again") is False
    redis_cache.set("counter", 1, 30)
    assert redis_cache.incr("counter") == 2
    assert redis_cache.get_many(["greeting", "missing"]) == {"greeting": {"text": "hello"}}
    redis_cache.delete("greeting")
    assert redis_cache.get("greeting") is None


def test_threads_share_the_client_safely(redis_cache):
    errors = []

    def work(n):
        try:
            for i in range(50):
                redis_cache.set(f"thread-{n}-{i}", i, 30)
                assert redis_cache.get(f"thread-{n}-{i}") == i
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
